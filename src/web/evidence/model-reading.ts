/**
 * The language model where the website rules fall short (issue 11, part 3), and only there:
 *
 * - hours: the verified site has an hours heading or day names with no hours the rules could read
 *   (text-hours.ts) → read-opening-hours.ts on those lines;
 * - closure: the verified site has closure-like words ("closed", "geschlossen", "閉店", …) outside
 *   hours lines and the closure-notice rules settled nothing → read-closure-notice.ts;
 * - site: no candidate verified and one states nothing checkable ("unconfirmed") → judge-site.ts;
 *   a "yes" whose quote names the place, its phone or its street makes it a weak verification
 *   (LOW), never more.
 *
 * What is sent is visible text only (pageLines), and never text that addresses a model
 * (src/model/addressed-to-model.ts); a closure counts only with a quote holding a closure-like word.
 *
 * Evidence from the model has the source "model" and quotes the text it read (verified to be in
 * it). Its strength is the site's: "moderate" (MEDIUM) when the place's own site is verified on two
 * things or its phone (first-party text confirms it), else "weak" (LOW). Every failure of the model
 * (no answer, invalid JSON, a refusal, a timeout, a spent budget) leaves the rules' result as it was.
 */
import type { AttributeKey } from "../../domain/attributes.js";
import { wants } from "../../enrich/sources/wanted.js";
import type { EnrichContext, Evidence, EvidenceStrength } from "../../enrich/types.js";
import { judgeSite, type PlaceDescription } from "../../model/judge-site.js";
import type { LanguageModel } from "../../model/language-model.js";
import { readClosureNotice } from "../../model/read-closure-notice.js";
import { readOpeningHours } from "../../model/read-opening-hours.js";
import { parsePage } from "../extract/document.js";
import { DAY_NAMES_FULL, HOURS_HEADING } from "../extract/hours-words.js";
import { pageText } from "../extract/page-text.js";
import type { SitePage } from "./page-evidence.js";
import type { SiteVerdict } from "./site-verification.js";

export const MODEL_SOURCE = "model";

/** Lines of text sent around what triggered a question (the tasks cut to their character bound too). */
const WINDOW_LINES = 12;

const DAY_WORD = new RegExp(
  `(?:^|[^\\p{L}])(?:${DAY_NAMES_FULL.map(([n]) => n).join("|")}|月曜|火曜|水曜|木曜|金曜|土曜|日曜|星期|周[一二三四五六日]|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)`,
  "iu",
);
const TIME_LIKE = /\d{1,2}\s*(?:[:.h]\s*\d{2}|am|pm|uhr|h\b)|\d{1,2}\s*[-–—]\s*\d{1,2}/i;
export const CLOSURE_WORD =
  /\b(?:clos(?:ed|ing|ure)|shut|goodbye|farewell|geschlossen|schließ|schliess|aufgegeben|abschied|fermé|fermeture|cerrad|cierre|chius|gesloten|sluit|afscheid|fechad|encerr)|закры|閉店|閉業|休業|停业|歇业|关门|關門/iu;

/** Inline styles that hide an element from readers (`display: none`, `visibility: hidden`). */
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/i;

/**
 * The page's visible text, as the extractors read it (comments, scripts, `hidden` and
 * `aria-hidden` elements are not text) and, for the model only, without elements an inline style
 * hides: text no visitor sees is where an injected "we are permanently closed" or a note to the
 * model would hide. (The rules keep reading such elements: tabs and accordions of hours are often
 * hidden until clicked.)
 */
function pageLines(page: SitePage): string[] {
  if (page.html === undefined) return [];
  const $ = parsePage(page.html);
  $("[style]")
    .filter((_, el) => HIDDEN_STYLE.test($(el).attr("style") ?? ""))
    .remove();
  return pageText($).lines;
}

function window(lines: readonly string[], from: number): string {
  return lines.slice(from, from + WINDOW_LINES).join("\n");
}

/** The lines that look like hours the rules did not read: from an hours heading or a day-and-time line. */
export function hoursLikeText(lines: readonly string[]): string | null {
  const i = lines.findIndex(
    (l) => (HOURS_HEADING.test(l) && l.length <= 80) || (DAY_WORD.test(l) && TIME_LIKE.test(l)),
  );
  return i < 0 ? null : window(lines, i);
}

/**
 * A notice is a sentence: "Sun: Closed", "zo en ma gesloten" are hours lines with abbreviated days
 * (on 3 of the 52 fixture pages they were the only closure-like lines), not worth a question.
 */
function isSentence(line: string): boolean {
  return line.length >= 25 && line.split(/\s+/).length >= 4;
}

/** Lines with closure-like words that are not hours lines ("closed on Sundays" is hours talk). */
export function closureLikeText(lines: readonly string[]): string | null {
  const hits = lines
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => CLOSURE_WORD.test(l) && !(DAY_WORD.test(l) || TIME_LIKE.test(l)) && isSentence(l));
  if (hits.length === 0) return null;
  const picked = new Set<number>();
  for (const { i } of hits.slice(0, 4))
    for (let j = Math.max(0, i - 1); j <= i + 1 && j < lines.length; j++) picked.add(j);
  return [...picked]
    .sort((a, b) => a - b)
    .map((j) => lines[j])
    .join("\n");
}

export interface ModelPageReading {
  evidence: Evidence[];
  /** The model read a closure notice: the caller does not add its own "live → Open". */
  closed: boolean;
}

/**
 * Asks the model about a verified site's pages what the rules left open: hours (asked for and none
 * read) and closure (asked for, closure-like words, no notice read). `strength`: the site's.
 */
export async function readSiteWithModel(
  model: LanguageModel,
  pages: readonly SitePage[],
  attributes: readonly AttributeKey[],
  strength: EvidenceStrength,
  ctx: EnrichContext,
  signal: AbortSignal,
): Promise<ModelPageReading> {
  const out: ModelPageReading = { evidence: [], closed: false };
  const wantHours = wants(attributes, "openingHours") && pages.every((p) => p.facts.hours.length === 0);
  const wantClosure = wants(attributes, "closed_permanently") && pages.every((p) => p.facts.closure === null);
  if (!wantHours && !wantClosure) return out;
  const texts = pages.map((p) => ({ url: p.url, lines: pageLines(p) }));
  const cite = (url: string, quote: string) =>
    `language model ${model.model} read website ${url}: "${quote}"`;
  if (wantHours) {
    const found = texts
      .map((t) => ({ url: t.url, text: hoursLikeText(t.lines) }))
      .find((t) => t.text !== null);
    if (found) {
      const r = await readOpeningHours(model, ctx.budget, found.text!, signal);
      if (r.ok) {
        const detail = { url: found.url, quote: r.quote, model: model.model, origin: "model" };
        const push = (field: string, value: unknown) =>
          out.evidence.push({
            field,
            value,
            source: MODEL_SOURCE,
            strength,
            note: cite(found.url, r.quote),
            detail,
          });
        push("opening_hours", r.value.opening_hours);
        push("opening_hours_grouped_by_hours", r.value.opening_hours_grouped_by_hours);
        if (r.value.is_open_24h !== null) push("is_open_24h", r.value.is_open_24h);
      }
    }
  }
  if (wantClosure) {
    const found = texts
      .map((t) => ({ url: t.url, text: closureLikeText(t.lines) }))
      .find((t) => t.text !== null);
    if (found) {
      const r = await readClosureNotice(model, ctx.budget, found.text!, signal);
      // The quote must be about a closure (a closure-like word, as the question's trigger): a line
      // next to it ("Welcome to Linden Books") is in the text too, but says nothing of a closure.
      if (r.ok && CLOSURE_WORD.test(r.quote)) {
        const permanent = r.value === "closed_permanently";
        out.closed = true;
        out.evidence.push({
          field: "open_closed_status",
          value: permanent ? "Closed" : "Temporarily Closed",
          source: MODEL_SOURCE,
          strength,
          note: cite(found.url, r.quote),
          detail: {
            webSignal: permanent ? "closure" : "temporary",
            url: found.url,
            quote: r.quote,
            model: model.model,
          },
        });
      }
    }
  }
  return out;
}

/**
 * For the first candidate site the rules left "unconfirmed": the model's judgement whether it is the
 * place's. A "yes" with a quote from the page → the verdict to use instead (verified, not strong);
 * anything else → null (the rules' verdict stands).
 */
export async function judgeSiteWithModel(
  model: LanguageModel,
  place: PlaceDescription,
  url: string,
  pages: readonly SitePage[],
  ctx: EnrichContext,
  signal: AbortSignal,
): Promise<SiteVerdict | null> {
  const text = pages.flatMap(pageLines).join("\n");
  if (text.trim() === "") return null;
  const r = await judgeSite(model, ctx.budget, place, url, text, signal);
  if (!r.ok) return null;
  return {
    verdict: "verified",
    agreements: [],
    strong: false,
    why: `language model ${model.model} judged it the place's site: "${r.quote}"`,
  };
}
