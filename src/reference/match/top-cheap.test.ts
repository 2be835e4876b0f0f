import { describe, expect, it } from "vitest";
import type { ScoredCandidate } from "./features.js";
import { topByCheap } from "./top-cheap.js";

function scored(cheap: number, pk: number): ScoredCandidate {
  const candidate = {
    pk,
    latitude: null,
    longitude: null,
    nameKey: "",
    phones: [],
    domain: null,
    house: null,
    streetKey: null,
    postcode: null,
    cityKey: null,
    category: null,
  };
  return { candidate, distanceM: null, dice: 0, containment: 0, missingJob: 1, missingCandidate: 1, cheap };
}

describe("topByCheap", () => {
  it("gives the first k of a stable descending sort, ties in their original order", () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 200; round++) {
      // Few distinct values: many ties.
      const list = Array.from({ length: Math.floor(next() * 40) }, (_, i) =>
        scored(Math.floor(next() * 6) / 2 - 1, i),
      );
      const sorted = [...list].sort((a, b) => b.cheap - a.cheap);
      for (const k of [0, 1, 5, 50]) {
        expect(topByCheap(list, k).map((s) => s.candidate.pk)).toEqual(
          sorted.slice(0, k).map((s) => s.candidate.pk),
        );
      }
    }
  });
});
