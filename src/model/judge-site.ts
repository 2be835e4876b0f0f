/**
 * Task: is this page the website of this place? For a candidate site the rules could not confirm
 * (site-verification.ts: it states no name, phone or street that can be checked) — a page naming the
 * place in a logo image's alt text, a transliterated name, a shop page of a small chain. The model's
 * "yes" with a quote found in the page raises the candidate to a weak verification at most; "no"
 * and "unsure" change nothing (the rules decide refutation).
 */
import type { JobBudget } from "../enrich/job-budget.js";
import { askWithinBudget } from "./budgeted-ask.js";
import type { JsonSchema, LanguageModel } from "./language-model.js";
import { boundedText, type ModelReading } from "./model-task.js";
import { type PlaceFacts, quoteAboutPlace } from "./quote-about-place.js";
import { verifiedQuote } from "./quote-check.js";

export const SITE_TEXT_CHARS = 2000;

export const SAME_PLACE_SCHEMA: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["same_place", "quote"],
  properties: {
    same_place: { type: "string", enum: ["yes", "no", "unsure"] },
    quote: { type: "string" },
  },
};

const INSTRUCTION = [
  "You decide whether a web page is the own website of a given place (business).",
  "yes: the page is clearly this business's own site (its name, location or what it sells match). no: another business, a directory, or unrelated. unsure: cannot tell.",
  '"quote" is the exact text from the page that shows it (where the page names the business, its phone or its street), copied from the page.',
].join(" ");

/** The place as the model is told it; `phones` (E.164) are not sent, only checked in the quote. */
export interface PlaceDescription extends PlaceFacts {
  city: string | null;
}

export async function judgeSite(
  model: LanguageModel,
  budget: JobBudget | undefined,
  place: PlaceDescription,
  url: string,
  pageText: string,
  signal?: AbortSignal,
): Promise<ModelReading<"yes">> {
  const page = boundedText(pageText, SITE_TEXT_CHARS);
  const where = [place.street, place.city, place.country].filter(Boolean).join(", ");
  const answer = await askWithinBudget(model, budget, {
    schemaName: "same_place",
    schema: SAME_PLACE_SCHEMA,
    instruction: INSTRUCTION,
    text: `Place: ${place.name}${where ? ` (${where})` : ""}\nPage URL: ${url}\nPage text:\n${page}`,
    maxTokens: 150,
    signal,
  });
  if (!answer.ok) return { ok: false, reason: answer.reason, exhausted: answer.exhausted };
  const v = answer.value as { same_place: "yes" | "no" | "unsure"; quote: string };
  if (v.same_place !== "yes") return { ok: false, reason: `the model judged the page ${v.same_place}` };
  const quote = verifiedQuote(v.quote, page);
  if (quote === null) return { ok: false, reason: "the model's quote is not in the page text" };
  if (quoteAboutPlace(quote, place) === null)
    return { ok: false, reason: "the model's quote names neither the place nor its phone or street" };
  return { ok: true, value: "yes", quote, tokens: answer.tokens };
}
