import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlaceInputs } from "../../src/domain/place.js";
import { preparePlace } from "../../src/enrich/prepare.js";
import { loadMatchModel } from "../../src/reference/match/match-model.js";
import { matchQueryOf } from "../../src/reference/match/match-query.js";
import { ReferenceMatcher } from "../../src/reference/match/matcher.js";
import type { ReferenceStore } from "../../src/reference/store/port.js";
import { referenceStoreWith } from "../support/reference-db.js";

const NOW = Date.parse("2026-01-15T00:00:00Z");

const CITIES = [
  { city: "Pittsburgh", state: "PA", zip: 15100, lat: 40.44, lon: -79.99 },
  { city: "Philadelphia", state: "PA", zip: 19100, lat: 39.95, lon: -75.16 },
  { city: "Cleveland", state: "OH", zip: 44100, lat: 41.5, lon: -81.69 },
  { city: "Columbus", state: "OH", zip: 43200, lat: 39.96, lon: -83.0 },
];
const STREETS = ["Liberty Avenue", "Main Street", "Market Street", "Broad Street", "Oak Lane"];

/** 66 branches of one chain in 4 cities, each with its own ZIP code and street address. */
const RECORDS = Array.from({ length: 66 }, (_, i) => {
  const c = CITIES[i % CITIES.length]!;
  const n = Math.floor(i / CITIES.length);
  return {
    id: `subway-${i}`,
    name: "Subway",
    latitude: c.lat + n * 0.004,
    longitude: c.lon + (i % 7) * 0.003,
    full_address: `${200 + i * 11} ${STREETS[i % STREETS.length]}`,
    city: c.city,
    state: c.state,
    postcode: String(c.zip + n),
    country: "US",
  };
});
// The trial's branch, and another Pittsburgh one at a known address.
RECORDS.push(
  {
    id: "subway-penn",
    name: "Subway",
    latitude: 40.4571,
    longitude: -79.8986,
    full_address: "7714 Penn Avenue",
    city: "Pittsburgh",
    state: "PA",
    postcode: "15221",
    country: "US",
  },
  {
    id: "subway-forbes",
    name: "Subway",
    latitude: 40.4413,
    longitude: -79.9561,
    full_address: "3600 Forbes Avenue",
    city: "Pittsburgh",
    state: "PA",
    postcode: "15213",
    country: "US",
  },
);

describe.each(["sqlite", "postgres"] as const)("a chain's branch without coordinates on %s", (kind) => {
  let store: ReferenceStore;
  let cleanup: () => Promise<void> | void;
  let matcher: ReferenceMatcher;
  const answerOf = async (inputs: PlaceInputs) => {
    const [answer] = await matcher.match([matchQueryOf(preparePlace("job", inputs))]);
    return answer!;
  };

  beforeAll(async () => {
    ({ store, close: cleanup } = await referenceStoreWith(kind, "chain", RECORDS, NOW));
    matcher = new ReferenceMatcher(store, loadMatchModel());
  }, 60_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it("matches the branch at the job's address among the chain's 68 records", async () => {
    const penn = await answerOf({
      name: "Subway",
      full_address: "7714 Penn Avenue, Pittsburgh, PA 15221",
      country_code: "US",
    });
    expect(penn.match?.record.id).toBe("subway-penn");
    expect(penn.match?.via).toBe("name");
    const forbes = await answerOf({
      name: "Subway",
      full_address: "3600 Forbes Ave, Pittsburgh, PA 15213",
      country_code: "US",
    });
    expect(forbes.match?.record.id).toBe("subway-forbes");
    // Other branches, in a batch: each its own.
    const picks = [5, 22, 47, 64];
    const answers = await matcher.match(
      picks.map((i) => {
        const r = RECORDS[i]!;
        return matchQueryOf(
          preparePlace(`job-${i}`, {
            name: "Subway",
            full_address: `${r.full_address}, ${r.city}, ${r.state} ${r.postcode}`,
            country_code: "US",
          }),
        );
      }),
    );
    expect(answers.map((a) => a.match?.record.id)).toEqual(picks.map((i) => `subway-${i}`));
  });

  it("matches no random branch when no record has the job's postcode, nor its street in its city", async () => {
    const elsewhere = await answerOf({
      name: "Subway",
      full_address: "12 Elm Street, Springfield, IL 62704",
      country_code: "US",
    });
    expect(elsewhere.match).toBeNull();
    expect(elsewhere.candidates).toBe(30);
    // In a city with 19 branches, at a ZIP code and street none of them has.
    const unknownBranch = await answerOf({
      name: "Subway",
      full_address: "500 Grant Street, Pittsburgh, PA 15219",
      country_code: "US",
    });
    expect(unknownBranch.candidates).toBeGreaterThan(30);
    expect(unknownBranch.match).toBeNull();
  });

  it("takes no part of a place at the job's address for the place (a drive-thru, a kiosk)", async () => {
    for (const name of ["Subway Drive Thru", "Subway Kiosk"]) {
      const part = await answerOf({
        name,
        full_address: "7714 Penn Avenue, Pittsburgh, PA 15221",
        country_code: "US",
      });
      expect(part.match, name).toBeNull();
    }
  });
});
