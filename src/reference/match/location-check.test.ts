import { describe, expect, it } from "vitest";
import { locationVerdict, type PlaceKeys } from "./location-check.js";
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
