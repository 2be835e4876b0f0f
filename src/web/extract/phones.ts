/**
 * Phone numbers in `tel:` links and in the visible text, normalized to E.164 for the place's
 * country (libphonenumber-js "max" metadata: valid numbers only) and labelled by the words before
 * them (phone-labels.ts). Text is searched only on lines with at least 7 digits, at most
 * MAX_TEXT_LINES of them: the finder costs ~50 µs a short line, and a 1 MB page's whole text took
 * ~1 s (issue 9).
 */
import type { Element } from "domhandler";
import { type CountryCode, findNumbers, isSupportedCountry } from "libphonenumber-js/max";
import { normalizePhone } from "../../enrich/normalize/phone.js";
import type { PageDocument } from "./document.js";
import type { PhoneFact, PhoneLabel } from "./page-facts.js";
import { elementText, pageIndex } from "./page-index.js";
import { isSetAside, phoneLabel } from "./phone-labels.js";

const MAX_TEXT_LINES = 2000;
const MAX_NUMBERS = 40;
const CONTEXT = 60;
const TIME_RANGE = /^\d{1,2}[.:h]\d{2}\s*[-–—]\s*\d{1,2}[.:h]\d{2}$/;

export interface PhoneFinds {
  phones: PhoneFact[];
  otherPhones: PhoneFact[];
}

function short(s: string, max = 60): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

const BLOCK_SIBLING =
  /^(?:p|div|li|ul|ol|tr|td|th|table|br|h[1-6]|section|article|header|footer|nav|dd|dt|dl|address)$/;

/** Inline text just before a link, within its block, after the last number written there. */
function textBefore(el: Element): string {
  let s = "";
  for (let p = el.prev; p && s.length < CONTEXT; p = p.prev) {
    if (p.type === "text") s = (p as { data: string }).data + s;
    else if (p.type === "tag") {
      if (BLOCK_SIBLING.test((p as Element).name)) break;
      s = elementText(p as Element) + s;
    }
  }
  const afterNumber = s.split(/\d[\d\s()./-]{4,}\d/).at(-1) ?? s;
  return afterNumber.slice(-CONTEXT);
}

/** `tel:` links: the link's text, title and the words just before it give the label. */
export function telLinks($: PageDocument, country: string | null): PhoneFinds {
  const out: PhoneFinds = { phones: [], otherPhones: [] };
  for (const el of pageIndex($).anchors) {
    const href = el.attribs.href ?? "";
    if (!/^\s*(?:tel|callto):/i.test(href)) continue;
    let raw = href.trim().replace(/^(tel|callto):/i, "");
    try {
      raw = decodeURIComponent(raw);
    } catch {
      // kept as written
    }
    const p = normalizePhone(raw, country);
    if (!p.ok) continue;
    const text = elementText(el).replace(/\s+/g, " ").trim();
    const context = `${textBefore(el)} ${el.attribs.title ?? ""} ${el.attribs["aria-label"] ?? ""} ${text.replace(/[\d+()./\s-]+$/, "")}`;
    const read = phoneLabel(context);
    if (read === "not-a-phone") continue;
    const label: PhoneLabel = read ?? "phone";
    const fact: PhoneFact = {
      value: p.e164,
      raw,
      label,
      origin: "link",
      where: `tel: link '${short(text || raw)}'`,
    };
    (isSetAside(label) ? out.otherPhones : out.phones).push(fact);
  }
  return out;
}

/** Numbers written in the text lines, labelled by the words before them on the line (or the line before). */
export function textPhones(lines: readonly string[], country: string | null): PhoneFinds {
  const out: PhoneFinds = { phones: [], otherPhones: [] };
  const dc: CountryCode | undefined = country && isSupportedCountry(country) ? country : undefined;
  let searched = 0;
  for (let i = 0; i < lines.length && searched < MAX_TEXT_LINES; i++) {
    const line = lines[i]!;
    if ((line.match(/\d/g)?.length ?? 0) < 7) continue;
    searched++;
    const found = dc ? findNumbers(line, { defaultCountry: dc, v2: true }) : findNumbers(line, { v2: true });
    let previousEnd = 0;
    for (const f of found) {
      if (!f.number.isValid()) continue;
      const written = line.slice(f.startsAt, f.endsAt);
      // "6.30 – 18.00 Uhr" reads as a valid German number; a postcode and house number as a short one.
      if (TIME_RANGE.test(written) || (written.match(/\d/g)?.length ?? 0) < 7) continue;
      let before = line.slice(Math.max(previousEnd, f.startsAt - CONTEXT), f.startsAt);
      previousEnd = f.endsAt;
      const prev = lines[i - 1];
      if (!/\p{L}/u.test(before) && prev && prev.length <= 40 && !/\d{3}/.test(prev))
        before = `${prev} ${before}`;
      const read = phoneLabel(before, line.slice(f.endsAt, f.endsAt + 12));
      if (read === "not-a-phone") continue;
      const label: PhoneLabel = read ?? "unlabelled";
      const raw = line.slice(f.startsAt, f.endsAt);
      const fact: PhoneFact = {
        value: f.number.number,
        raw,
        label,
        origin: "text",
        where: `text '${short(line.slice(Math.max(0, f.startsAt - 20), f.endsAt))}'`,
      };
      (isSetAside(label) ? out.otherPhones : out.phones).push(fact);
      if (out.phones.length + out.otherPhones.length >= MAX_NUMBERS) return out;
    }
  }
  return out;
}
