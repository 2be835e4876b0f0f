/**
 * Asks the model within the job's budget (src/enrich/job-budget.ts). Every HTTP request the adapter
 * would send — the first, each retry after a 429/5xx, the json_object fallback after a 400 — is
 * asked of the budget before it is sent (`mayRequest`): it needs one request of the allowance
 * (`trySpend("modelRequests")`) and some tokens left; a refused one is not sent and the question
 * gives nothing (`exhausted`). So a job never makes more than LLM_MAX_REQUESTS_PER_JOB requests.
 *
 * Tokens are known only from the answer: they are recorded after it, even past the allowance (they
 * were spent), and no further request starts once the allowance is used up. One answer can so
 * overrun the token allowance by at most its own size (prompt + completion, ~400–900 tokens with our
 * prompts and max_tokens 150–300, docs/discovery.md).
 *
 * Text that addresses a language model ("SYSTEM NOTE TO AI", "ignore previous instructions":
 * addressed-to-model.ts) is not sent at all: the question gives nothing and costs nothing.
 */
import type { JobBudget } from "../enrich/job-budget.js";
import { addressesModel } from "./addressed-to-model.js";
import type { LanguageModel, ModelAnswer, ModelQuestion } from "./language-model.js";

export type BudgetedAnswer = ModelAnswer & { exhausted?: boolean };

/** Whether one more request may be sent: some tokens left, then one request taken from the allowance. */
function mayRequest(budget: JobBudget): boolean {
  // Tokens first (canSpend does not count); a refused trySpend is remembered by the budget as
  // exhausted, which the job's metadata reports.
  const tokensLeft = budget.canSpend("modelTokens", 1) || budget.trySpend("modelTokens", 1);
  return tokensLeft && budget.trySpend("modelRequests", 1);
}

export async function askWithinBudget(
  model: LanguageModel,
  budget: JobBudget | undefined,
  question: ModelQuestion,
): Promise<BudgetedAnswer> {
  const injected = addressesModel(question.text);
  if (injected !== null)
    return {
      ok: false,
      reason: `the text addresses a language model ("${injected}"): not sent`,
      tokens: 0,
      requests: 0,
    };
  if (!budget) return model.ask(question);
  const answer = await model.ask({ ...question, mayRequest: () => mayRequest(budget) });
  // Requests were counted one by one as they were sent (mayRequest); tokens only now.
  if (answer.tokens > 0) budget.record("modelTokens", answer.tokens);
  return answer;
}
