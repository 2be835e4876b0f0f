import { describe, expect, it } from "vitest";
import { DeferredRateHits } from "./deferred-rate-hits.js";

const MINUTE = 60_000;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % MINUTE); // the start of a window
const hit = (bucket: string, limit: number, cost = 1) => ({ bucket, windowMs: MINUTE, limit, cost });

describe("DeferredRateHits", () => {
  it("adds its kept hits to the committed count, refuses past the limit, keeps only what it allows", () => {
    const kept = new DeferredRateHits();
    const rows = new Map([["k", { windowEnd: T0 + MINUTE, hits: 2 }]]);
    const states = [0, 1, 2].map((i) => kept.decide([hit("k", 4)], T0 + i, rows)[0]!);
    expect(states.map((s) => [s.allowed, s.hits, s.resetAt])).toEqual([
      [true, 3, T0 + MINUTE],
      [true, 4, T0 + MINUTE],
      [false, 4, T0 + MINUTE],
    ]);
    expect(kept.rows(T0 + 3)).toEqual([["k", T0 + MINUTE, 2, 4]]);
  });

  it("starts a bucket over when the committed row's window is over, and forgets hits of an earlier window", () => {
    const kept = new DeferredRateHits();
    const stale = new Map([["k", { windowEnd: T0, hits: 9 }]]);
    expect(kept.decide([hit("k", 2, 2)], T0, stale)[0]).toMatchObject({ allowed: true, hits: 2 });
    // The next window: the two kept for the last one are not counted, nor written.
    const next = T0 + MINUTE;
    expect(kept.decide([hit("k", 2)], next, stale)[0]).toMatchObject({ allowed: true, hits: 1 });
    expect(kept.rows(next)).toEqual([["k", next + MINUTE, 1, 2]]);
    expect(kept.rows(next + MINUTE)).toEqual([]);
  });

  it("refuses a cost above the limit, keeping nothing; clear forgets what was kept", () => {
    const kept = new DeferredRateHits();
    expect(kept.decide([hit("x", 10, 11)], T0, new Map())[0]).toMatchObject({ allowed: false, hits: 0 });
    expect(kept.size).toBe(0);
    kept.decide([hit("x", 10, 4)], T0, new Map());
    expect(kept.rows(T0)).toEqual([["x", T0 + MINUTE, 4, 10]]);
    kept.clear();
    expect(kept.size).toBe(0);
  });

  it("keeps a request's hits only when all fit, as the store counts them", () => {
    const kept = new DeferredRateHits();
    const rows = new Map([["key:k", { windowEnd: T0 + MINUTE, hits: 1 }]]);
    const [org, key] = kept.decide([hit("org:o", 10), hit("key:k", 1)], T0, rows);
    expect(org).toMatchObject({ allowed: true, hits: 0 });
    expect(key).toMatchObject({ allowed: false, hits: 1 });
    expect(kept.size).toBe(0);
  });
});
