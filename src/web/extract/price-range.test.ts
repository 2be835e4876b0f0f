import { describe, expect, it } from "vitest";
import { parsePriceRange } from "./price-range.js";

describe("priceRange", () => {
  it("reads symbol runs and amount ranges in dollar-like currencies", () => {
    expect(parsePriceRange("$$", "USD")).toEqual({ tier: 2, currency: null });
    expect(parsePriceRange("€€€", "EUR")).toEqual({ tier: 3, currency: "EUR" });
    expect(parsePriceRange("10-20 EUR", "EUR")).toEqual({ tier: 2, currency: "EUR" });
    expect(parsePriceRange("£5-£15", "GBP")).toEqual({ tier: 1, currency: "GBP" });
    expect(parsePriceRange("$40 - $80", "CAD")).toEqual({ tier: 4, currency: "CAD" });
  });

  it("gives no tier when unsure", () => {
    expect(parsePriceRange("$$ - $$$", "USD")).toBeNull();
    expect(parsePriceRange("1000-2000 JPY", "JPY")).toBeNull();
    expect(parsePriceRange("affordable", null)).toBeNull();
  });
});
