import { describe, expect, it } from "vitest";
import { parsePriceTier } from "./price-tier.js";

const PROTOTYPE_WORDS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("price tier", () => {
  it("reads digits, symbols and words", () => {
    expect(parsePriceTier("3")).toEqual({ tier: 3, currency: null });
    expect(parsePriceTier("€€")).toEqual({ tier: 2, currency: "EUR" });
    expect(parsePriceTier("PRICE_LEVEL_MODERATE")).toEqual({ tier: 2, currency: null });
    expect(parsePriceTier("zzqx")).toBeNull();
  });
  it("an Object.prototype member's name is an unknown word", () => {
    for (const w of PROTOTYPE_WORDS) expect(parsePriceTier(w)).toBeNull();
  });
});
