/**
 * What one job may spend on limited outside services (issue 11: a web search engine, a language
 * model), and what it did spend.
 *
 * The worker gives each job an allowance (what is left of its org's daily budgets, split over the
 * claimed chunk; absent = unlimited); a source asks `trySpend` before each call and skips the call
 * when it is refused, so a job never goes over. The spend travels back with the job's result
 * (`enrichment_metadata.spend`) and is added to the org's daily usage.
 */

/** Counts of calls to limited services. Tokens are the model's prompt + completion tokens. */
export interface Spend {
  searches: number;
  modelRequests: number;
  modelTokens: number;
}

export type SpendKind = keyof Spend;

export const NO_SPEND: Readonly<Spend> = Object.freeze({ searches: 0, modelRequests: 0, modelTokens: 0 });

export class JobBudget {
  private readonly used: Spend = { ...NO_SPEND };
  /** Kinds a trySpend was refused for: the job went without a call (metadata `spend.exhausted`). */
  private readonly refused = new Set<SpendKind>();

  /** `allowance`: the most this job may spend of each kind; a kind left out is unlimited. */
  constructor(private readonly allowance: Partial<Spend> = {}) {}

  /** Records `amount` of `kind` when it fits the allowance; false (and nothing recorded) when not. */
  trySpend(kind: SpendKind, amount = 1): boolean {
    if (!this.canSpend(kind, amount)) {
      this.refused.add(kind);
      return false;
    }
    this.used[kind] += amount;
    return true;
  }

  /** Whether `amount` more of `kind` would fit. */
  canSpend(kind: SpendKind, amount = 1): boolean {
    const limit = this.allowance[kind];
    return limit === undefined || this.used[kind] + amount <= limit;
  }

  /**
   * Records spend that could not be asked for beforehand (a model's tokens are known only from its
   * answer): counted even past the allowance, so usage reports what was really spent.
   */
  record(kind: SpendKind, amount: number): void {
    this.used[kind] += amount;
  }

  /** The kinds some call was refused for (the allowance was spent), in a fixed order. */
  exhausted(): SpendKind[] {
    return (["searches", "modelRequests", "modelTokens"] as const).filter((k) => this.refused.has(k));
  }

  /** What was spent so far (a copy). */
  spent(): Spend {
    return { ...this.used };
  }
}

/** Sum of spends (usage of a chunk, of a day). */
export function addSpend(a: Readonly<Spend>, b: Readonly<Spend>): Spend {
  return {
    searches: a.searches + b.searches,
    modelRequests: a.modelRequests + b.modelRequests,
    modelTokens: a.modelTokens + b.modelTokens,
  };
}
