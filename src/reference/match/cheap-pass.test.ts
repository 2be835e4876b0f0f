import { describe, expect, it } from "vitest";
import type { ReferenceCandidate } from "../store/port.js";
import { CheapPass } from "./cheap-pass.js";
import { candidateContexts, cheapScore, jobSide, type MatchQuery } from "./features.js";
import { nameTokens } from "./match-keys.js";
import { topByCheap } from "./top-cheap.js";

let seed = 11;
function next(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
function pick<T>(list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]!;
}

// Few distinct values: many ties in cheap score, equal names, equal distances.
const NAMES = ["joes cafe", "joes", "cafe central", "pharmacy plus", "pharm", "nyc deli 2", "", "a b"];
const POINTS: Array<[number | null, number | null]> = [
  [40.7, -74.0],
  [40.701, -74.0],
  [40.7, -74.002],
  [null, null],
  [40.69, -73.99],
];

function candidate(pk: number): ReferenceCandidate {
  const [latitude, longitude] = pick(POINTS);
  return {
    pk,
    latitude,
    longitude,
    nameKey: pick(NAMES),
    phones: pick([[], ["+12125550100"], ["+12125550101", "+12125550100"]]),
    domain: pick([null, "joes.com", "other.com"]),
    house: pick([null, "12", "14"]),
    streetKey: null,
    postcode: null,
    cityKey: null,
    category: null,
  };
}

function query(): MatchQuery {
  const nameKey = pick(NAMES);
  const [latitude, longitude] = pick(POINTS);
  return {
    latitude,
    longitude,
    keys: {
      nameKey,
      house: pick([null, "12"]),
      streetKey: null,
      postcode: null,
      cityKey: null,
      phones: pick([[], ["+12125550100"]]),
      domain: pick([null, "joes.com"]),
      category: null,
    },
    tokens: nameTokens(nameKey),
  };
}

describe("CheapPass", () => {
  it("gives cheapScore's figures, topByCheap's order and candidateContexts' contexts, job after job", () => {
    const weight = (t: string) => (t.length === 1 ? 0.5 : 1 + t.length / 3);
    const pass = new CheapPass();
    for (let round = 0; round < 300; round++) {
      const q = query();
      // Lists longer and shorter than the previous job's: the reused arrays must not leak.
      const list = Array.from({ length: Math.floor(next() * 60) }, (_, i) => candidate(i));
      const job = jobSide(q, weight);
      const scored = list.map((c) => cheapScore(q, c, weight, job));
      pass.score(q, list, weight, job);
      for (const k of [0, 1, 5]) {
        const expected = topByCheap(scored, k);
        const top = pass.top(k);
        expect(top.map((j) => pass.scored(j))).toEqual(expected);
        expect(pass.contexts(q, top, weight, 7)).toEqual(candidateContexts(q, expected, scored, weight, 7));
      }
    }
  });

  it("forgets the last job's candidates on release", () => {
    const pass = new CheapPass();
    const q = query();
    pass.score(
      q,
      [candidate(1), candidate(2)],
      () => 1,
      jobSide(q, () => 1),
    );
    pass.release();
    expect(pass.top(5)).toEqual([]);
  });
});
