import { describe, expect, it } from "vitest";
import { categoriesFromOsmTags } from "../taxonomy/category-mapper.js";
import { topLevelCategory } from "../taxonomy/overture-taxonomy.js";
import type { BrandEntry } from "./brand-index.js";
import { matchBrand } from "./brand-matcher.js";
import { mainEntries } from "./main-entry.js";

const categoriesOf = (e: BrandEntry) => categoriesFromOsmTags(e.tags);

/** The categories the place gets from its brand, for a name in a country (with category hints). */
function placeCategories(name: string, country: string, hints: string[] = []): string[] {
  const match = matchBrand(name, { country, point: null, addressWords: new Set(), categoryCodes: hints });
  if (!match) throw new Error(`no brand for ${name}`);
  return [...new Set(mainEntries(match, hints, categoriesOf, topLevelCategory).flatMap(categoriesOf))];
}

describe("the brand entry a place is, not every kind of outlet the brand runs", () => {
  it("a Safeway is a supermarket, not also its pharmacies and fuel stations (field report, Nome AK)", () => {
    expect(placeCategories("Safeway", "US")).toEqual(["supermarket"]);
  });

  it.each([
    ["Kroger", "US", ["supermarket"]],
    ["Tesco", "GB", ["supermarket"]],
    ["Shell", "US", ["gas_station"]],
    ["BP", "GB", ["gas_station"]],
    ["Walgreens", "US", ["pharmacy"]],
    ["Costco", "US", ["wholesale_store"]],
  ])("%s (%s)", (name, country, want) => {
    expect(placeCategories(name, country)).toEqual(want);
  });

  it("keeps the brand's shops together when the name fits each (Target USA)", () => {
    expect(placeCategories("Target", "US").sort()).toEqual(["department_store", "supermarket"]);
  });

  it("the place's category hint picks the outlet kind", () => {
    expect(placeCategories("Safeway", "US", ["gas_station"])).toEqual(["gas_station"]);
    expect(placeCategories("Kroger", "US", ["pharmacy"])).toEqual(["pharmacy"]);
  });

  it("a name that names the outlet kind gets that kind", () => {
    expect(placeCategories("Safeway Fuel Station", "US")).toEqual(["gas_station"]);
    expect(placeCategories("Kroger Fuel", "US")).toEqual(["gas_station"]);
  });
});
