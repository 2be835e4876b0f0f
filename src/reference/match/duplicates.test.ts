import { describe, expect, it } from "vitest";
import { type DuplicateKeys, mayBeSamePlace } from "./duplicates.js";

const keys = (nameKey: string, facts: Partial<DuplicateKeys> = {}): DuplicateKeys => ({
  nameKey,
  phones: [],
  house: null,
  streetKey: null,
  postcode: null,
  ...facts,
});

describe("mayBeSamePlace", () => {
  it("takes the same place written alike, or with facts missing on one side", () => {
    expect(mayBeSamePlace(keys("blue heron coffee"), keys("blue heron coffee"))).toBe(true);
    expect(
      mayBeSamePlace(
        keys("blue heron coffee", { phones: ["+16055550100"], house: "12", streetKey: "main st" }),
        keys("blue heron coffee", { postcode: "57783" }),
      ),
    ).toBe(true);
    expect(mayBeSamePlace(keys("parkway east hospital"), keys("parkway east hospital singapore"))).toBe(true);
  });

  it("keeps a part of the place apart, in one word or two, on either side (break-it trial)", () => {
    for (const part of [
      "car park",
      "carpark",
      "drive thru",
      "drive through",
      "auto care center",
      "ward 3a",
      "hall",
    ]) {
      expect(mayBeSamePlace(keys("blue heron coffee"), keys(`blue heron coffee ${part}`)), part).toBe(false);
      expect(mayBeSamePlace(keys(`blue heron coffee ${part}`), keys("blue heron coffee")), part).toBe(false);
    }
  });

  it("keeps apart records whose phones or house numbers disagree (chain branches)", () => {
    const a = keys("subway", { phones: ["+16055550200"], house: "200", streetKey: "jackson blvd" });
    expect(mayBeSamePlace(a, keys("subway", { phones: ["+16055550300"] }))).toBe(false);
    expect(mayBeSamePlace(a, keys("subway", { house: "350", streetKey: "jackson blvd" }))).toBe(false);
    // Streets and postcodes are written differently too often by a source's duplicates to tell apart.
    expect(mayBeSamePlace(a, keys("subway", { streetKey: "jackson blvd n" }))).toBe(true);
    expect(mayBeSamePlace(keys("subway", { postcode: "57783" }), keys("subway", { postcode: "57799" }))).toBe(
      true,
    );
    expect(mayBeSamePlace(a, keys("subway", { phones: ["+16055550300", "+16055550200"] }))).toBe(true);
  });
});
