import { describe, expect, it } from "vitest";
import type { OrgBudgetState, OrgLimits } from "../store/port.js";
import { effectiveDailyLimits, jobAllowances } from "./job-allowance.js";

const NO_OVERRIDES: OrgLimits = {
  requestsPerMinute: null,
  keyRequestsPerMinute: null,
  pollsPerMinute: null,
  jobsPerHour: null,
  searchesPerDay: null,
  modelRequestsPerDay: null,
  modelTokensPerDay: null,
};
const state = (today: Partial<OrgBudgetState["today"]>, limits: Partial<OrgLimits> = {}): OrgBudgetState => ({
  orgId: "o",
  limits: { ...NO_OVERRIDES, ...limits },
  today: { searches: 0, modelRequests: 0, modelTokens: 0, ...today },
});

describe("jobAllowances", () => {
  const policy = {
    daily: { searchesPerDay: 0, modelRequestsPerDay: 100, modelTokensPerDay: 0 },
    perJob: { modelRequests: 3, modelTokens: 4000 },
  };

  it("gives each job the per-job caps when the day's budget has room", () => {
    expect(jobAllowances(2, state({ modelRequests: 10 }), policy)).toEqual([
      { modelRequests: 3, modelTokens: 4000 },
      { modelRequests: 3, modelTokens: 4000 },
    ]);
  });

  it("shares the rest of the day in claim order and never hands out more than is left", () => {
    const shares = jobAllowances(10, state({ modelRequests: 95 }), policy);
    expect(shares.map((s) => s.modelRequests)).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(jobAllowances(3, state({ modelRequests: 100 }), policy).map((s) => s.modelRequests)).toEqual([
      0, 0, 0,
    ]);
    expect(jobAllowances(1, state({ modelRequests: 140 }), policy)[0]!.modelRequests).toBe(0);
  });

  it("applies an org's override (0 = no limit) and leaves unlimited kinds without an allowance", () => {
    expect(jobAllowances(1, state({ modelRequests: 500 }, { modelRequestsPerDay: 0 }), policy)).toEqual([
      { modelRequests: 3, modelTokens: 4000 },
    ]);
    expect(
      jobAllowances(2, state({ searches: 3 }, { searchesPerDay: 4 }), policy).map((s) => s.searches),
    ).toEqual([1, 0]);
    expect(
      jobAllowances(1, null, {
        daily: { searchesPerDay: 0, modelRequestsPerDay: 0, modelTokensPerDay: 0 },
        perJob: {},
      }),
    ).toEqual([{}]);
  });

  it("reads the effective limits: override when set, else the default", () => {
    expect(
      effectiveDailyLimits(policy.daily, {
        ...NO_OVERRIDES,
        modelTokensPerDay: 9,
        modelRequestsPerDay: null,
      }),
    ).toEqual({ searchesPerDay: 0, modelRequestsPerDay: 100, modelTokensPerDay: 9 });
  });
});
