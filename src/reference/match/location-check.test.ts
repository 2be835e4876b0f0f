import { describe, expect, it } from "vitest";
import type { ReferenceCandidate } from "../store/port.js";
import { locationVerdict } from "./location-check.js";
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
const candidate = (c: Partial<ReferenceCandidate>): ReferenceCandidate => ({
  pk: 1,
  latitude: 35.7,
  longitude: -79.4,
  nameKey: "siler city moose lodge",
  phones: [],
  domain: null,
  house: null,
  streetKey: null,
  postcode: null,
  cityKey: null,
  category: null,
  ...c,
});

describe("locationVerdict (a job without coordinates against a candidate found by name)", () => {
  const dayton = job({ house: "455", streetKey: "oak ave", postcode: "45402", cityKey: "dayton" });
  const silerCity = candidate({
    house: "721",
    streetKey: "alston bridge rd",
    postcode: "27344",
    cityKey: "siler city",
  });

  it("conflicts when the postcode or the town differs and nothing ties them", () => {
    expect(locationVerdict(dayton, silerCity)).toBe("conflicts");
    expect(locationVerdict(job({ cityKey: "dayton" }), candidate({ cityKey: "siler city" }))).toBe(
      "conflicts",
    );
    expect(locationVerdict(job({ postcode: "45402" }), candidate({ postcode: "27344" }))).toBe("conflicts");
  });

  it("is unplaced when the job names its town or postcode and the candidate has neither, nor the job's street", () => {
    expect(locationVerdict(dayton, candidate({}))).toBe("unplaced");
    expect(locationVerdict(dayton, candidate({ streetKey: "main st" }))).toBe("unplaced");
    expect(locationVerdict(dayton, candidate({ streetKey: "oak ave" }))).toBe("agrees-or-unsure");
  });

  it("lets the model decide when something ties them or either side says too little", () => {
    // Postcode shared though the town is spelled otherwise (a borough and its city).
    expect(
      locationVerdict(
        job({ postcode: "11201", cityKey: "brooklyn" }),
        candidate({ postcode: "11201", cityKey: "new york" }),
      ),
    ).toBe("agrees-or-unsure");
    expect(
      locationVerdict(
        job({ postcode: "10001", cityKey: "new york" }),
        candidate({ postcode: "10018", cityKey: "new york" }),
      ),
    ).toBe("agrees-or-unsure");
    expect(
      locationVerdict({ ...dayton, phones: ["+19197425124"] }, { ...silerCity, phones: ["+19197425124"] }),
    ).toBe("agrees-or-unsure");
    expect(locationVerdict({ ...dayton, domain: "moose.org" }, { ...silerCity, domain: "moose.org" })).toBe(
      "agrees-or-unsure",
    );
    expect(
      locationVerdict(
        job({ house: "7", streetKey: "carmine st" }),
        candidate({ house: "7", streetKey: "carmine st", cityKey: "new york" }),
      ),
    ).toBe("agrees-or-unsure");
    // The job says only its street: nothing to check the candidate's town against.
    expect(locationVerdict(job({ house: "455", streetKey: "oak ave" }), silerCity)).toBe("agrees-or-unsure");
    expect(locationVerdict(job({}), candidate({}))).toBe("agrees-or-unsure");
  });
});
