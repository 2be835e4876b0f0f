import { describe, expect, it } from "vitest";
import type { MatchQuery } from "./features.js";
import { nearestOf } from "./matcher.js";

describe("nearestOf", () => {
  const q = { latitude: 40, longitude: -73 } as MatchQuery;
  // (pk, latitude, longitude) triples; 0.001° of latitude is ~111 m.
  const triples = [1, 40.003, -73, 2, 40.001, -73, 3, 40.004, -73, 4, 40.0005, -73, 5, 40.002, -73];

  it("returns the k nearest pks, nearest first", () => {
    expect(nearestOf(q, triples, 3)).toEqual([4, 2, 5]);
    expect(nearestOf(q, triples, 10)).toEqual([4, 2, 5, 1, 3]);
    expect(nearestOf(q, [], 3)).toEqual([]);
  });
});
