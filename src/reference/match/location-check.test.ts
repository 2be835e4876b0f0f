import { describe, expect, it } from "vitest";
import { locationVerdict, otherRegion, type PlaceKeys, tied } from "./location-check.js";
import type { MatchKeys } from "./match-keys.js";

const job = (k: Partial<MatchKeys>): MatchKeys => ({
  nameKey: "siler city moose lodge",
  house: null,
  streetKey: null,
  postcode: null,
  cityKey: null,
  phones: [],
  domain: null,
  category: null,
  ...k,
});
const place = (c: Partial<PlaceKeys>): PlaceKeys => ({
  house: null,
  streetKey: null,
  postcode: null,
  cityKey: null,
  phones: [],
  domain: null,
  ...c,
});

describe("locationVerdict (a job without coordinates against a candidate found by name)", () => {
  const dayton = job({ house: "455", streetKey: "oak ave", postcode: "45402", cityKey: "dayton" });
  const silerCity = place({
    house: "721",
    streetKey: "alston bridge rd",
    postcode: "27344",
    cityKey: "siler city",
  });

  it("is elsewhere when the postcodes lie in other regions and nothing ties them", () => {
    expect(locationVerdict(dayton, silerCity)).toBe("elsewhere");
    expect(
      locationVerdict(job({ postcode: "SW1A1AA" }), place({ postcode: "EH11BB", cityKey: "edinburgh" })),
    ).toBe("elsewhere");
  });

  it("lets the model decide for neighbouring postcodes, towns named otherwise, or a tie", () => {
    // Neighbouring postcodes of true pairs (fitting data) and a district named instead of its city.
    expect(
      locationVerdict(
        job({ postcode: "06353", cityKey: "montville" }),
        place({ postcode: "06374", cityKey: "plainfield" }),
      ),
    ).toBe("unsure");
    expect(
      locationVerdict(job({ postcode: "SA66LZ" }), place({ postcode: "SA66PL", cityKey: "swansea" })),
    ).toBe("unsure");
    expect(locationVerdict(job({ cityKey: "setagaya ku" }), place({ cityKey: "shitianguqu" }))).toBe(
      "unsure",
    );
    expect(
      locationVerdict({ ...dayton, phones: ["+19197425124"] }, { ...silerCity, phones: ["+19197425124"] }),
    ).toBe("unsure");
    expect(locationVerdict({ ...dayton, domain: "moose.org" }, { ...silerCity, domain: "moose.org" })).toBe(
      "unsure",
    );
    expect(locationVerdict({ ...dayton, cityKey: "siler city" }, silerCity)).toBe("unsure");
    expect(locationVerdict({ ...dayton, house: "721", streetKey: "alston bridge rd" }, silerCity)).toBe(
      "unsure",
    );
    // Either side without a postcode (or a malformed one), or a record with no address at all.
    expect(locationVerdict(job({ postcode: "737101" }), place({ postcode: "977", cityKey: "gangtok" }))).toBe(
      "unsure",
    );
    expect(locationVerdict(job({ cityKey: "dayton" }), silerCity)).toBe("unsure");
    expect(locationVerdict(dayton, place({}))).toBe("unsure");
  });
});

describe("otherRegion (the record's country and state against the job's address, once fetched)", () => {
  it("names the record's region when the country or a known state differs", () => {
    expect(otherRegion({ country: "US", state: "OH" }, { country: "US", state: "NC" })).toBe("NC, not OH");
    expect(otherRegion({ country: "US", state: "Ohio" }, { country: "US", state: "North Carolina" })).toBe(
      "NC, not OH",
    );
    expect(otherRegion({ country: "US", state: "TX" }, { country: null, state: "AK" })).toBe("AK, not TX");
    expect(otherRegion({ country: "CA", state: "ON" }, { country: "US", state: "NY" })).toBe("US, not CA");
    expect(otherRegion({ country: "AU", state: "New South Wales" }, { country: "AU", state: "VIC" })).toBe(
      "VIC, not NSW",
    );
  });

  it("says nothing when either is unknown, the same, or written in a system the project does not know", () => {
    expect(otherRegion({ country: "US", state: "OH" }, { country: "US", state: "Ohio" })).toBeNull();
    expect(otherRegion({ country: "US", state: null }, { country: "US", state: "NC" })).toBeNull();
    expect(otherRegion(undefined, { country: "US", state: "NC" })).toBeNull();
    expect(otherRegion({ country: "US", state: "OH" }, null)).toBeNull();
    // True pairs of the fitting data: a prefecture's number and name, a state's code and name.
    expect(otherRegion({ country: "JP", state: "13" }, { country: "JP", state: "東京都" })).toBeNull();
    expect(
      otherRegion({ country: "BR", state: "DF" }, { country: "BR", state: "Distrito Federal" }),
    ).toBeNull();
  });

  it("is not asked when something ties them (tied)", () => {
    const k = job({ postcode: "45402", phones: ["+19197425124"] });
    expect(tied(k, place({ phones: ["+19197425124"] }))).toBe(true);
    expect(tied(k, place({ postcode: "45402" }))).toBe(true);
    expect(tied(k, place({ postcode: "27344" }))).toBe(false);
  });
});
