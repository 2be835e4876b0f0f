import { describe, expect, it } from "vitest";
import { withoutContradictedBrand } from "./brand-reconciliation.js";
import type { Evidence } from "./types.js";

const brandNote = "NSI brand Breeze Bike Share (amenity=bicycle_rental; name, place country unknown to NSI)";
const brand = (field: string, value: unknown): Evidence => ({
  field,
  value,
  source: "nsi",
  strength: "moderate",
  note: brandNote,
  detail: { brandCategories: ["bike_rentals"] },
});
const BRAND = [
  brand("chain_name", "Breeze Bike Share"),
  brand("chain_id", "Q1"),
  brand("website", "https://breeze.example/"),
];
const record = (categories: string[], strength: Evidence["strength"] = "strong"): Evidence => ({
  field: "categories",
  value: categories,
  source: "reference:osm5",
  strength,
  note: "osm5 record way/772611206 (match 0.97)",
  detail: { match: { source: "osm5", id: "way/772611206", probability: 0.97 } },
});

describe("withoutContradictedBrand", () => {
  it("sets a name-matched brand aside when a matched record says the place is another kind of business", () => {
    const out = withoutContradictedBrand([...BRAND, record(["laundromat"])]);
    expect(out.filter((e) => e.source === "nsi" && e.value !== null)).toEqual([]);
    const chain = out.find((e) => e.field === "chain_name")!;
    expect(chain.value).toBeNull();
    expect(chain.note).toBe(
      `${brandNote} set aside: the matched osm5 record way/772611206 (match 0.97) is laundromat (professional_services), the brand bike_rentals (active_life)`,
    );
    expect(out.map((e) => e.field).sort()).toEqual(["categories", "chain_id", "chain_name", "website"]);
  });

  it("keeps the brand when the record's categories share its top-level category, or the match is weak, or there is none", () => {
    const cafe = (e: Evidence) => ({ ...e, detail: { brandCategories: ["coffee_shop", "cafe"] } });
    const starbucks = BRAND.map(cafe);
    expect(withoutContradictedBrand([...starbucks, record(["cafe"])])).toHaveLength(4);
    expect(withoutContradictedBrand([...starbucks, record(["bakery", "coffee_roastery"])])).toHaveLength(4);
    expect(withoutContradictedBrand([...BRAND, record(["laundromat"], "weak")])).toHaveLength(4);
    expect(withoutContradictedBrand(BRAND)).toHaveLength(3);
    // A record without categories says nothing of the place's kind.
    expect(withoutContradictedBrand([...BRAND, record([])])).toHaveLength(4);
  });
});
