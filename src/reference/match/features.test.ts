import { describe, expect, it } from "vitest";
import type { ReferenceCandidate } from "../store/port.js";
import {
  candidateContexts,
  cheapScore,
  FEATURE_NAMES,
  jobStems,
  type MatchQuery,
  mayShareWord,
  nameNumbers,
  pairFeatures,
} from "./features.js";
import { tokenOverlap } from "./similarity.js";

describe("nameNumbers", () => {
  it("keeps tokens with digits and reads Roman numerals", () => {
    expect(nameNumbers(["blk", "136"])).toEqual(["136"]);
    expect(nameNumbers(["kranji", "camp", "ii"])).toEqual(["2"]);
    expect(nameNumbers(["lim", "chu", "kang", "camp", "i"])).toEqual(["1"]);
    expect(nameNumbers(["hall", "8", "block", "42"])).toEqual(["8", "42"]);
  });

  it("reads i, v and x only as the last word of a longer name", () => {
    expect(nameNumbers(["i", "love", "sushi"])).toEqual([]);
    expect(nameNumbers(["x"])).toEqual([]);
    expect(nameNumbers(["joes", "cafe"])).toEqual([]);
  });
});

describe("mayShareWord", () => {
  const stems = jobStems({ tokens: ["joes", "pharmacy", "nyc", "a"] } as MatchQuery);

  it("is true when a word may be equal or a 4+-letter prefix of a job's word", () => {
    expect(mayShareWord("joes cafe", stems)).toBe(true);
    expect(mayShareWord("pharm plus", stems)).toBe(true);
    expect(mayShareWord("best nyc deli", stems)).toBe(true);
    expect(mayShareWord("a", stems)).toBe(true);
  });

  it("is false when no word can match: inside a word, or a short word's longer neighbour", () => {
    expect(mayShareWord("sojoes cafe", stems)).toBe(false);
    expect(mayShareWord("nycx bar", stems)).toBe(false);
    expect(mayShareWord("alpha", stems)).toBe(false);
    expect(mayShareWord("", stems)).toBe(false);
  });

  it("never hides an overlap tokenOverlap would find", () => {
    const words = ["joes", "joe", "cafe", "caf", "pharm", "pharmacy", "nyc", "a", "ab", "abcd", "abcde"];
    const weight = (t: string) => t.length;
    for (const x of words)
      for (const y of words)
        for (const z of words) {
          const overlap = tokenOverlap([x, y], [z], weight);
          if (overlap.dice > 0)
            expect(mayShareWord(z, jobStems({ tokens: [x, y] } as MatchQuery))).toBe(true);
        }
  });
});

/** The match keys of "joes cafe" with nothing else known: the job's and the candidate's by default. */
const JOES_CAFE_KEYS = {
  nameKey: "joes cafe",
  phones: [] as string[],
  domain: null,
  house: null,
  streetKey: null,
  postcode: null,
  cityKey: null,
  category: null,
};

/** A reference candidate named "joes cafe" 111 m north of JOES_CAFE, with `over` changed. */
function candidateWith(over: Partial<ReferenceCandidate>): ReferenceCandidate {
  return { pk: 1, latitude: 40.001, longitude: -73, ...JOES_CAFE_KEYS, ...over };
}

const JOES_CAFE = {
  latitude: 40,
  longitude: -73,
  tokens: ["joes", "cafe"],
  keys: JOES_CAFE_KEYS,
} satisfies MatchQuery;

describe("cheapScore", () => {
  const candidate = (nameKey: string) => candidateWith({ nameKey });
  const q = JOES_CAFE;

  it("scores name overlap and distance (111 m north here)", () => {
    const near = cheapScore(q, candidate("joes cafe"), () => 1);
    expect(near.dice).toBe(1);
    expect(near.distanceM).toBeCloseTo(111.2, 0);
    expect(near.cheap).toBeCloseTo(1.5 - (111.2 / 500) * 0.5, 2);
    const other = cheapScore(q, candidate("pizza palace"), () => 1);
    expect(other).toMatchObject({ dice: 0, containment: 0, missingJob: 1, missingCandidate: 1 });
    expect(other.cheap).toBeLessThan(0);
  });
});

describe("phone agreement", () => {
  const PHONE = "+12125550100";
  const candidate = (pk: number, phones: string[]) =>
    candidateWith({ pk, latitude: 40 + 0.0001 * pk, phones });
  const near = { ...JOES_CAFE, keys: { ...JOES_CAFE.keys, phones: [PHONE] } } satisfies MatchQuery;
  const byName = { ...near, latitude: null, longitude: null } satisfies MatchQuery;
  const equal = FEATURE_NAMES.indexOf("phone_equal");
  const different = FEATURE_NAMES.indexOf("phone_different");
  const unique = FEATURE_NAMES.indexOf("phone_unique");
  /** phone_equal, phone_different and phone_unique of each candidate, all the job's candidates. */
  const phoneFeatures = (q: MatchQuery, list: ReferenceCandidate[]) => {
    const scored = list.map((c) => cheapScore(q, c, () => 1));
    const contexts = candidateContexts(q, scored, scored, () => 1, Math.log(2));
    return scored.map((s, i) => {
      const x = pairFeatures(q, s, contexts[i]!);
      return [x[equal], x[different], x[unique]];
    });
  };
  const shared = [1, 2, 3].map((pk) => candidate(pk, [PHONE, `+1212555020${pk}`]));
  const others = [candidate(4, ["+12125550199"]), candidate(5, [])];

  it("is unique when the number is on one of the job's candidates", () => {
    for (const q of [near, byName])
      expect(phoneFeatures(q, [candidate(1, [PHONE]), candidate(2, ["+12125550199"])])).toEqual([
        [1, 0, 1],
        [0, 1, 0],
      ]);
  });

  it("a line on several candidates (a chain's, a switchboard) is no phone evidence when distance can tell", () => {
    expect(phoneFeatures(near, [candidate(1, [PHONE]), candidate(2, [PHONE])])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(phoneFeatures(near, [...shared, ...others])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it("without coordinates a line on several candidates still agrees, but is not unique", () => {
    expect(phoneFeatures(byName, [...shared, ...others])).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });
});

const PROTOTYPE_WORDS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("name numbers of words that name Object.prototype members", () => {
  it("are no roman numerals", () => {
    for (const w of PROTOTYPE_WORDS) expect(nameNumbers(["camp", w])).toEqual(nameNumbers(["camp", "zzqx"]));
    expect(nameNumbers(["camp", "zzqx"])).toEqual([]);
  });
});
