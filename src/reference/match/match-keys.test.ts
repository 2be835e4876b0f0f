import { describe, expect, it } from "vitest";
import { addressKeys, houseKey, nameKey, postcodeKey, streetKey } from "./match-keys.js";

describe("match keys", () => {
  it("name keys are ASCII words: transliterated, & → and, apostrophes dropped", () => {
    expect(nameKey("Joe's Café & Bar")).toBe("joes cafe and bar");
    expect(nameKey("  Zürich—Hauptbahnhof ")).toBe("zurich hauptbahnhof");
    expect(nameKey("北京饭店")).toBe("beijingfandian");
    expect(nameKey("!!!")).toBe("");
  });
  it("street keys abbreviate types and directions, drop ordinal suffixes", () => {
    expect(streetKey("West Main Street")).toBe("w main st");
    expect(streetKey("E. 23rd St.")).toBe("e 23 st");
    expect(streetKey("Avenue of the Americas")).toBe("ave of the americas");
  });
  it("house numbers and postcodes compare in one form", () => {
    expect(houseKey("125-B")).toBe("125b");
    expect(houseKey("Unit")).toBeNull();
    expect(postcodeKey("10036-4001", "US")).toBe("10036");
    expect(postcodeKey("ec1a 1bb", "GB")).toBe("EC1A1BB");
    expect(postcodeKey("12", "DE")).toBeNull();
  });
  it("address keys from the API's address object, null when absent", () => {
    expect(
      addressKeys({
        house: "7",
        street: "Carmine Street",
        city: "New York",
        postalCode: "10014",
        country: "US",
      }),
    ).toEqual({
      house: "7",
      streetKey: "carmine st",
      postcode: "10014",
      cityKey: "new york",
    });
    expect(addressKeys(null)).toEqual({ house: null, streetKey: null, postcode: null, cityKey: null });
  });
});

const PROTOTYPE_WORDS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("match keys of words that name Object.prototype members", () => {
  it("a street named Constructor Way keys like any unknown word", () => {
    for (const w of PROTOTYPE_WORDS) expect(streetKey(`${w} Street`)).toBe(`${nameKey(w)} st`);
  });
});
