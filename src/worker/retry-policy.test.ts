import { describe, expect, it } from "vitest";
import { nextRetryAt } from "./retry-policy.js";

const policy = { maxAttempts: 4, baseMs: 1000, maxMs: 5000 };

describe("nextRetryAt", () => {
  it("doubles the wait with each attempt, scaled by jitter in [0.5, 1)", () => {
    expect(nextRetryAt(policy, 1, 0, () => 0)).toBe(500);
    expect(nextRetryAt(policy, 1, 0, () => 0.999999)).toBe(1000);
    expect(nextRetryAt(policy, 2, 0, () => 0)).toBe(1000);
    expect(nextRetryAt(policy, 3, 10_000, () => 0)).toBe(12_000);
  });

  it("caps the wait at maxMs", () => {
    const capped = { ...policy, maxAttempts: 10 };
    expect(nextRetryAt(capped, 8, 0, () => 0.999999)).toBe(5000);
  });

  it("returns null after the last attempt", () => {
    expect(nextRetryAt(policy, 4, 0, () => 0.5)).toBeNull();
    expect(nextRetryAt(policy, 5, 0, () => 0.5)).toBeNull();
  });
});
