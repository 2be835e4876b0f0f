import { describe, expect, it } from "vitest";
import { loadBrandIndex } from "./brand-index.js";
import { type BrandMatchContext, matchBrand } from "./brand-matcher.js";
import { locationSetAllows } from "./location-set.js";

function ctx(over: Partial<BrandMatchContext> = {}): BrandMatchContext {
  return { country: "US", point: null, addressWords: new Set(), categoryCodes: [], ...over };
}

describe("brand detection (name-suggestion-index)", () => {
  it("builds the index once", () => {
    const a = loadBrandIndex();
    expect(a.entries).toBeGreaterThan(10_000);
    expect(loadBrandIndex()).toBe(a);
  });

  it("detects Starbucks with its Wikidata id and tags", () => {
    const m = matchBrand("Starbucks", ctx());
    expect(m).toMatchObject({ method: "exact", location: "yes", ambiguous: false, strength: "moderate" });
    expect(m?.entry.wikidata).toBe("Q37158");
    expect(m?.entry.brand).toBe("Starbucks");
    expect(m?.entry.tags).toMatchObject({ amenity: "cafe", cuisine: "coffee_shop" });
  });

  it("detects a brand followed by a location suffix found in the address", () => {
    const m = matchBrand(
      "Target Altoona",
      ctx({ addressWords: new Set(["3414", "8th", "st", "sw", "altoona", "ia"]) }),
    );
    expect(m).toMatchObject({ method: "location-suffix", matched: "Target" });
    expect(m?.entry.wikidata).toBe("Q1046951");
    expect(matchBrand("Target - Downtown", ctx())?.entry.wikidata).toBe("Q1046951");
    expect(matchBrand("Starbucks #1234", ctx())?.entry.wikidata).toBe("Q37158");
  });

  it("detects a brand followed by a branch name as Japanese, Chinese and Korean write it", () => {
    const jp = ctx({ country: "JP", point: [139.6975, 35.6585] });
    for (const name of ["ローソン 渋谷道玄坂店", "ローソン渋谷道玄坂店", "ローソン（渋谷道玄坂店）"]) {
      expect(matchBrand(name, jp), name).toMatchObject({ method: "location-suffix", matched: "ローソン" });
    }
    expect(matchBrand("セブン-イレブン 渋谷道玄坂1丁目店", jp)?.entry.brand).toBe("7-ELEVEN");
    expect(matchBrand("ファミリーマート 道玄坂店", jp)?.entry.brand).toBe("FamilyMart");
    expect(matchBrand("Starbucks Coffee 渋谷TSUTAYA店", jp)?.entry.wikidata).toBe("Q37158");
    expect(matchBrand("스타벅스 강남점", ctx({ country: "KR" }))?.entry.wikidata).toBe("Q37158");
    expect(matchBrand("星巴克 王府井店", ctx({ country: "CN" }))?.entry.wikidata).toBe("Q37158");
    expect(matchBrand("麦当劳(王府井店)", ctx({ country: "CN" }))?.entry.wikidata).toBe("Q38076");
    // A shop noun ending in 店 is not a branch of anything; nor is a brand-less name.
    for (const name of ["本店", "喫茶店", "ラーメン店", "中華料理店", "渋谷 喫茶店"]) {
      expect(matchBrand(name, jp), name).toBeNull();
    }
  });

  it("picks the brand operating in the place's country", () => {
    expect(matchBrand("Target", ctx({ country: "AU" }))?.entry.wikidata).toBe("Q7685854");
    expect(matchBrand("Target", ctx({ country: "US" }))?.entry.wikidata).toBe("Q1046951");
    expect(matchBrand("Target", ctx({ country: null }))).toMatchObject({
      location: "unknown",
      strength: "weak",
    });
  });

  it("finds no brand in an ordinary name or with an unrelated suffix", () => {
    expect(matchBrand("Potters House Bed and Breakfast", ctx())).toBeNull();
    expect(matchBrand("Banks Law Firm", ctx())).toBeNull();
    expect(
      matchBrand("Target Practice Shooting Range", ctx({ addressWords: new Set(["main", "st"]) })),
    ).toBeNull();
  });
});

describe("a venue's own name is no brand", () => {
  const words = (address: string) => {
    const list = address
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    return { addressWords: new Set(list), addressPhrase: list.join(" ") };
  };

  it("reads '<brand> <venue noun>' as a venue named after the brand", () => {
    const address = "Chase Center, 1 Warriors Way, San Francisco, CA 94158";
    expect(matchBrand("Chase Center", ctx(words(address)))).toBeNull();
    expect(matchBrand("Chase Center", ctx())).toBeNull();
    expect(matchBrand("Honda Center", ctx(words("2695 E Katella Ave, Anaheim, CA 92806")))).toBeNull();
    expect(matchBrand("Citi Field", ctx(words("41 Seaver Way, Queens, NY 11368")))).toBeNull();
    expect(matchBrand("Shell Tower", ctx({ country: "GB" }))).toBeNull();
    expect(matchBrand("Allianz Arena", ctx({ country: "DE" }))).toBeNull();
    expect(matchBrand("Mercedes-Benz Stadium", ctx(words("1 AMB Dr NW, Atlanta, GA 30313")))).toBeNull();
    expect(
      matchBrand("Wells Fargo Center", ctx(words("3601 S Broad St, Philadelphia, PA 19148"))),
    ).toBeNull();
  });

  it("does not take the address's own words for a location suffix when the address names the place", () => {
    // The name is the street's or the venue's ("Shell Beach" on Shell Beach Rd): no brand.
    expect(matchBrand("Shell Beach", ctx(words("120 Shell Beach Rd, Pismo Beach, CA 93449")))).toBeNull();
    expect(
      matchBrand("Target Range", ctx(words("Target Range, 5 Target Range Rd, Missoula, MT"))),
    ).toBeNull();
    // A real location suffix still works.
    expect(
      matchBrand("Target Altoona", ctx(words("3414 8th St SW, Altoona, IA 50009")))?.entry.wikidata,
    ).toBe("Q1046951");
    expect(matchBrand("Starbucks - Pike Place", ctx())?.entry.wikidata).toBe("Q37158");
  });
});

describe("locationSetAllows", () => {
  it("answers at country level, with regions and aggregates", () => {
    expect(locationSetAllows({ include: ["us"] }, { country: "US", point: null })).toBe("yes");
    expect(locationSetAllows({ include: ["us"] }, { country: "CA", point: null })).toBe("no");
    expect(locationSetAllows({ include: ["150"] }, { country: "GB", point: null })).toBe("yes");
    expect(locationSetAllows({ include: ["001"], exclude: ["cn"] }, { country: "CN", point: null })).toBe(
      "no",
    );
    expect(locationSetAllows({ include: ["custom.geojson"] }, { country: "US", point: null })).toBe(
      "unknown",
    );
    expect(locationSetAllows({ include: ["us"] }, { country: null, point: null })).toBe("unknown");
  });
});
