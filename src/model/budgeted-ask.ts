/**
 * Asks the model within the job's budget (src/enrich/job-budget.ts): one request must fit the
 * allowance, and some tokens must be left, before it is sent; the tokens the server reports are
 * recorded after, even past the allowance (they were spent), so one question can overrun the token
 * allowance by at most its own size (~400–900 tokens with our prompts, docs/discovery.md).
 */
import type { JobBudget } from "../enrich/job-budget.js";
import type { LanguageModel, ModelAnswer, ModelQuestion } from "./language-model.js";

export type BudgetedAnswer = ModelAnswer & { exhausted?: boolean };

export async function askWithinBudget(
  model: LanguageModel,
  budget: JobBudget | undefined,
  question: ModelQuestion,
): Promise<BudgetedAnswer> {
  if (budget) {
    // Tokens first (canSpend does not count), then the request; a refused trySpend is remembered
    // by the budget as exhausted, which the job's metadata reports.
    const tokensLeft = budget.canSpend("modelTokens", 1) || budget.trySpend("modelTokens", 1);
    if (!tokensLeft || !budget.trySpend("modelRequests", 1))
      return { ok: false, reason: "the model budget is spent", exhausted: true, tokens: 0, requests: 0 };
  }
  const answer = await model.ask(question);
  if (budget) {
    // The first request was counted above; retries and the json_object fallback are requests too.
    if (answer.requests > 1) budget.record("modelRequests", answer.requests - 1);
    if (answer.tokens > 0) budget.record("modelTokens", answer.tokens);
  }
  return answer;
}
