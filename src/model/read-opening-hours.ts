/**
 * Task: opening hours written in free text, in any language, that the rules (src/web/extract/
 * text-hours.ts) could not read ("from nine in the morning till half past five", "täglich außer
 * montags ab Mittag", "営業時間 11時〜22時") → the API's weekly hours (API.md §2.4).
 *
 * The answer gives each day as "HH:MM-HH:MM[, …]", "closed" or null (not stated), and the sentence
 * it read them from; the days go through the same normalizer as hints
 * (src/enrich/normalize/opening-hours.ts), so the output has the project's shape and merge rules.
 * No answer, `found: false`, no day stated, or a quote that is not in the text → nothing.
 */

import type { JobBudget } from "../enrich/job-budget.js";
import { DAY_NAMES, type OpeningHours, parseOpeningHours } from "../enrich/normalize/opening-hours.js";
import { askWithinBudget } from "./budgeted-ask.js";
import type { JsonSchema, LanguageModel } from "./language-model.js";
import { boundedText, type ModelReading } from "./model-task.js";
import { verifiedQuote } from "./quote-check.js";

/** Characters of page text sent: the hours block and its neighbours fit in ~600 on every fixture. */
export const HOURS_TEXT_CHARS = 1500;

const TIME = "[0-2][0-9]:[0-5][0-9]";
const DAY_VALUE = `^(closed|${TIME}-${TIME}(, ${TIME}-${TIME}){0,3})$`;

export const OPENING_HOURS_SCHEMA: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["found", "days", "quote"],
  properties: {
    found: { type: "boolean" },
    days: {
      type: "object",
      additionalProperties: false,
      required: [...DAY_NAMES],
      properties: Object.fromEntries(
        DAY_NAMES.map((d) => [d, { type: ["string", "null"], pattern: DAY_VALUE }]),
      ),
    },
    quote: { type: "string" },
  },
};

const INSTRUCTION = [
  "You read a business's regular weekly opening hours from web page text in any language.",
  'For each day give "HH:MM-HH:MM" in 24-hour time (several intervals joined by ", "), "closed", or null when the text does not say.',
  "Ignore holidays, special dates, delivery and kitchen times.",
  'Set found to false and every day to null when the text states no weekly hours. "quote" is the exact text you read the hours from, copied from the input.',
].join(" ");

export async function readOpeningHours(
  model: LanguageModel,
  budget: JobBudget | undefined,
  pageText: string,
  signal?: AbortSignal,
): Promise<ModelReading<OpeningHours>> {
  const text = boundedText(pageText, HOURS_TEXT_CHARS);
  const answer = await askWithinBudget(model, budget, {
    schemaName: "opening_hours",
    schema: OPENING_HOURS_SCHEMA,
    instruction: INSTRUCTION,
    text,
    maxTokens: 300,
    signal,
  });
  if (!answer.ok) return { ok: false, reason: answer.reason, exhausted: answer.exhausted };
  const v = answer.value as { found: boolean; days: Record<string, string | null>; quote: string };
  if (!v.found) return { ok: false, reason: "the model found no weekly hours in the text" };
  const quote = verifiedQuote(v.quote, text);
  if (quote === null) return { ok: false, reason: "the model's quote is not in the text it was given" };
  const stated = Object.fromEntries(Object.entries(v.days).filter(([, value]) => value !== null));
  const parsed = parseOpeningHours(stated);
  if (!parsed.ok) return { ok: false, reason: `the model's hours are not usable: ${parsed.reason}` };
  return { ok: true, value: parsed.value, quote, tokens: answer.tokens };
}
