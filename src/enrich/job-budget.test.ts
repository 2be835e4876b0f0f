import { describe, expect, it } from "vitest";
import { addSpend, JobBudget } from "./job-budget.js";

describe("JobBudget", () => {
  it("refuses a call past the allowance and records nothing for it", () => {
    const budget = new JobBudget({ searches: 2 });
    expect(budget.trySpend("searches")).toBe(true);
    expect(budget.trySpend("searches")).toBe(true);
    expect(budget.trySpend("searches")).toBe(false);
    expect(budget.spent().searches).toBe(2);
  });

  it("remembers which kinds were refused (the job's metadata says the budget was exhausted)", () => {
    const budget = new JobBudget({ modelRequests: 1, searches: 5 });
    expect(budget.exhausted()).toEqual([]);
    expect(budget.trySpend("modelRequests")).toBe(true);
    expect(budget.trySpend("searches")).toBe(true);
    expect(budget.exhausted()).toEqual([]);
    expect(budget.trySpend("modelRequests")).toBe(false);
    expect(budget.exhausted()).toEqual(["modelRequests"]);
  });

  it("leaves a kind without an allowance unlimited, and records tokens known only afterwards", () => {
    const budget = new JobBudget({ modelTokens: 100 });
    expect(budget.trySpend("modelRequests", 50)).toBe(true);
    budget.record("modelTokens", 250);
    expect(budget.canSpend("modelTokens")).toBe(false);
    expect(budget.spent()).toEqual({ searches: 0, modelRequests: 50, modelTokens: 250 });
  });

  it("adds spends", () => {
    expect(
      addSpend(
        { searches: 1, modelRequests: 2, modelTokens: 3 },
        { searches: 4, modelRequests: 5, modelTokens: 6 },
      ),
    ).toEqual({ searches: 5, modelRequests: 7, modelTokens: 9 });
  });
});
