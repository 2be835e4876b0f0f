import { describe, expect, it } from "vitest";
import { acronymMatch, editSimilarity, jw, tokenOverlap, trigramJaccard } from "./similarity.js";

const flat = () => 1;

describe("similarities", () => {
  it("Jaro-Winkler and edit similarity are 1 for equal keys, 0 against empty", () => {
    expect(jw("starbucks", "starbucks")).toBe(1);
    expect(jw("", "x")).toBe(0);
    expect(jw("martha", "marhta")).toBeCloseTo(0.961, 3);
    expect(editSimilarity("kitten", "sitting")).toBeCloseTo(1 - 3 / 7, 6);
  });
  it("trigram Jaccard ignores spaces", () => {
    expect(trigramJaccard("mc donalds", "mcdonalds")).toBe(1);
    expect(trigramJaccard("abc", "xyz")).toBe(0);
  });
  it("token overlap weighs rare tokens and counts prefixes of 4+ letters as equal", () => {
    const weight = (t: string) => (t === "cafe" ? 0.1 : 5);
    const a = tokenOverlap(["luigi", "cafe"], ["luigi", "pizzeria"], weight);
    expect(a.dice).toBeCloseTo(10 / 15.1, 6);
    expect(tokenOverlap(["pharm", "plus"], ["pharmacy", "plus"], flat).dice).toBe(1);
    const joes = tokenOverlap(["joes"], ["joes", "cafe", "annex"], flat);
    expect(joes).toMatchObject({ dice: 0.5, containment: 1, missingA: 0 });
    expect(joes.missingB).toBeCloseTo(2 / 3, 9);
    expect(tokenOverlap([], ["x"], flat)).toEqual({ dice: 0, containment: 0, missingA: 1, missingB: 1 });
  });
  it("finds an acronym spelled out in the other name, either way", () => {
    const agh = ["agh", "center", "for", "children"];
    const full = ["allegheny", "general", "hospital", "center", "for", "children"];
    expect(acronymMatch(agh, full)).toBe(true);
    expect(acronymMatch(full, agh)).toBe(true);
    expect(acronymMatch(["ntu", "hall", "8"], ["nanyang", "technological", "university", "hall"])).toBe(true);
    expect(acronymMatch(["abc", "cafe"], ["another", "bakery", "shop"])).toBe(false);
    // Digits and single letters are no acronyms.
    expect(acronymMatch(["a1"], ["alpha", "one"])).toBe(false);
    expect(acronymMatch(["a"], ["alpha"])).toBe(false);
  });
});
