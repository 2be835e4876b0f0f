/**
 * What each job of a claimed chunk may spend on limited services (issue 11): what is left of its
 * org's daily budgets today, shared out over the org's jobs in the chunk, and at most the per-job
 * caps (LLM_MAX_REQUESTS_PER_JOB, LLM_MAX_TOKENS_PER_JOB).
 *
 * Shares go in claim order, each job getting ceil(left / jobs still to serve): with 1 request left and
 * 10 jobs the first gets it and the rest none; with 1,000 left and 100 jobs each gets 10. A share a
 * job does not use is not handed to another (the chunk's jobs run at once, in other threads); the
 * next chunk reads the usage again. Two lanes or processes claiming at the same moment both see the
 * same remainder, so an org can overrun a daily budget by at most the shares of the chunks in flight.
 */
import type { Config, DailyBudgets } from "../config.js";
import type { Spend, SpendKind } from "../enrich/job-budget.js";
import type { OrgBudgetState, OrgLimits } from "../store/port.js";

export interface BudgetPolicy {
  /** The configured daily budgets; 0 = no limit. An org's override (non-null) replaces one. */
  daily: DailyBudgets;
  /** The most one job may spend of a kind; a kind left out has no per-job cap. */
  perJob: Partial<Spend>;
}

const KINDS: ReadonlyArray<readonly [SpendKind, keyof DailyBudgets, keyof OrgLimits]> = [
  ["searches", "searchesPerDay", "searchesPerDay"],
  ["modelRequests", "modelRequestsPerDay", "modelRequestsPerDay"],
  ["modelTokens", "modelTokensPerDay", "modelTokensPerDay"],
];

/** An org's daily limit of each kind after its overrides; 0 = no limit. */
export function effectiveDailyLimits(daily: DailyBudgets, limits: OrgLimits | null): DailyBudgets {
  const out = { ...daily };
  for (const [, dailyKey, limitKey] of KINDS) {
    const override = limits?.[limitKey];
    if (override !== null && override !== undefined) out[dailyKey] = override;
  }
  return out;
}

/**
 * The allowances of `count` jobs of one org, in claim order. `state`: the org's overrides and
 * today's usage (null: none read, e.g. the org is gone: the defaults, nothing used).
 */
export function jobAllowances(
  count: number,
  state: OrgBudgetState | null,
  policy: BudgetPolicy,
): Array<Partial<Spend>> {
  const limits = effectiveDailyLimits(policy.daily, state?.limits ?? null);
  const left: Partial<Record<SpendKind, number>> = {};
  for (const [kind, dailyKey] of KINDS) {
    const limit = limits[dailyKey];
    if (limit > 0) left[kind] = Math.max(0, limit - (state?.today[kind] ?? 0));
  }
  const out: Array<Partial<Spend>> = [];
  for (let i = 0; i < count; i++) {
    const allowance: Partial<Spend> = {};
    for (const [kind] of KINDS) {
      const cap = policy.perJob[kind];
      const rest = left[kind];
      let share: number | undefined = cap;
      if (rest !== undefined) {
        const fair = Math.ceil(rest / (count - i));
        share = cap === undefined ? fair : Math.min(cap, fair);
        left[kind] = rest - share;
      }
      if (share !== undefined) allowance[kind] = share;
    }
    out.push(allowance);
  }
  return out;
}

/**
 * Whether a service with a cost or quota is configured: the language model or a search engine (both
 * used only with website fetching on). Without one the worker keeps no budgets and results are
 * unchanged.
 */
export function limitedServicesConfigured(config: Config): boolean {
  if (!config.web.fetching) return false;
  return (config.model !== null && config.model.maxRequestsPerJob > 0) || config.search.url !== null;
}

/** The daily budgets and per-job caps the worker shares out; null when no limited service is configured. */
export function budgetPolicyOf(config: Config): BudgetPolicy | null {
  if (!limitedServicesConfigured(config)) return null;
  return {
    daily: config.budgets,
    perJob: {
      ...(config.model
        ? { modelRequests: config.model.maxRequestsPerJob, modelTokens: config.model.maxTokensPerJob }
        : {}),
      ...(config.search.url ? { searches: config.search.maxQueriesPerJob } : {}),
    },
  };
}
