/**
 * Task: a closure notice written in words the rules (src/web/extract/closure-notice.ts) do not know,
 * in any language ("Nach 32 Jahren sagen wir Danke und Tschüss", "本店は閉店いたしました") →
 * closed_permanently | temporarily_closed | open | unknown, with the sentence that says so. Only the
 * two closures with a quote found in the text count; "open" and "unknown" add nothing (the live,
 * verified site already says open).
 */
import type { JobBudget } from "../enrich/job-budget.js";
import { askWithinBudget } from "./budgeted-ask.js";
import type { JsonSchema, LanguageModel } from "./language-model.js";
import { boundedText, type ModelReading } from "./model-task.js";
import { verifiedQuote } from "./quote-check.js";

export const CLOSURE_TEXT_CHARS = 1500;

export type ClosureStatus = "closed_permanently" | "temporarily_closed" | "open" | "unknown";

export const CLOSURE_SCHEMA: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["status", "quote"],
  properties: {
    status: { type: "string", enum: ["closed_permanently", "temporarily_closed", "open", "unknown"] },
    quote: { type: "string" },
  },
};

const INSTRUCTION = [
  "You read web page text of a business, in any language, and say whether the business announces that it has closed.",
  'closed_permanently: it says it closed for good. temporarily_closed: closed for now (renovation, until further notice). open: it plainly operates. unknown: the text does not say. Regular hours ("closed on Sundays") are not a closure.',
  '"quote" is the exact sentence that says so, copied from the input; empty for unknown.',
].join(" ");

export async function readClosureNotice(
  model: LanguageModel,
  budget: JobBudget | undefined,
  pageText: string,
  signal?: AbortSignal,
): Promise<ModelReading<"closed_permanently" | "temporarily_closed">> {
  const text = boundedText(pageText, CLOSURE_TEXT_CHARS);
  const answer = await askWithinBudget(model, budget, {
    schemaName: "closure_notice",
    schema: CLOSURE_SCHEMA,
    instruction: INSTRUCTION,
    text,
    maxTokens: 150,
    signal,
  });
  if (!answer.ok) return { ok: false, reason: answer.reason, exhausted: answer.exhausted };
  const v = answer.value as { status: ClosureStatus; quote: string };
  if (v.status !== "closed_permanently" && v.status !== "temporarily_closed")
    return { ok: false, reason: `the model read no closure (${v.status})` };
  const quote = verifiedQuote(v.quote, text);
  if (quote === null) return { ok: false, reason: "the model's quote is not in the text it was given" };
  return { ok: true, value: v.status, quote, tokens: answer.tokens };
}
