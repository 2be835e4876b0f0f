import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlaceInputs } from "../../src/domain/place.js";
import { preparePlace } from "../../src/enrich/prepare.js";
import { loadMatchModel } from "../../src/reference/match/match-model.js";
import { matchQueryOf } from "../../src/reference/match/match-query.js";
import { ReferenceMatcher } from "../../src/reference/match/matcher.js";
import type { ReferenceStore } from "../../src/reference/store/port.js";
import { referenceStoreWith } from "../support/reference-db.js";

const NOW = Date.parse("2026-01-15T00:00:00Z");

const RECORDS = [
  // A pizzeria renamed at the same door, same number (Locu: "In 'N' Out Pizza" ~ "Joey Pepperoni's Pizza").
  {
    id: "renamed",
    name: "Joey Pepperoni's Pizza",
    latitude: 40.74445,
    longitude: -73.97652,
    full_address: "493 2nd Ave.",
    city: "New York",
    state: "NY",
    postcode: "10016",
    country: "US",
    phones: "(212) 213-5558",
  },
  {
    id: "neighbour",
    name: "Rossini's Restaurant",
    latitude: 40.74475,
    longitude: -73.97632,
    full_address: "108 E. 28th St.",
    city: "New York",
    country: "US",
    phones: "(212) 683-0135",
  },
  // Two branches of one pizzeria sharing a number, 160 m apart.
  ...["T1:-74.002:7 Carmine St.", "T2:-74.0001:150 Bleecker St."].map((s) => {
    const [id, lon, street] = s.split(":");
    return {
      id: `joes-${id}`,
      name: "Joe's Pizza",
      latitude: 40.734,
      longitude: Number(lon),
      full_address: street,
      city: "New York",
      country: "US",
      phones: "212-366-1182",
    };
  }),
  // Break-it trial: a café 300 m from a building whose switchboard shares its number (Singapore).
  {
    id: "cafe",
    name: "Common Man Coffee Roasters",
    latitude: 1.2858,
    longitude: 103.8413,
    country: "SG",
    phones: "+65 6836 4695",
  },
  {
    id: "offices",
    name: "Martin Place Offices",
    latitude: 1.28318,
    longitude: 103.8413,
    country: "SG",
    phones: "+65 6836 4695",
  },
  // A roastery renamed, listed twice 3 m apart with one number (a place listed twice keeps it).
  ...["r1:1.30001", "r2:1.30004"].map((s) => {
    const [id, lat] = s.split(":");
    return {
      id,
      name: "Roastery Twenty Two",
      latitude: Number(lat),
      longitude: 103.8,
      country: "SG",
      phones: "+65 6222 2222",
    };
  }),
  // A bank's toll-free line on one branch, and a London café with a number a New York job gives.
  {
    id: "chase",
    name: "Chase Bank",
    latitude: 40.75,
    longitude: -73.9,
    country: "US",
    phones: "1-800-935-9935",
  },
  {
    id: "london",
    name: "Pret A Manger",
    latitude: 51.5072,
    longitude: -0.1276,
    country: "GB",
    phones: "+44 20 7946 0958",
  },
];

/** The job gives no address: its name, position and number are all that can tell. */
const RENAMED_JOB: PlaceInputs = {
  name: "In 'N' Out Pizza",
  latitude: 40.74447,
  longitude: -73.97655,
  phone: "2122135558",
  country_code: "US",
};

describe.each(["sqlite", "postgres"] as const)("phones as match evidence on %s", (kind) => {
  let store: ReferenceStore;
  let cleanup: () => Promise<void> | void;
  let matcher: ReferenceMatcher;
  const matchOf = async (inputs: PlaceInputs) => {
    const [answer] = await matcher.match([matchQueryOf(preparePlace("job", inputs))]);
    return answer!.match;
  };

  beforeAll(async () => {
    ({ store, close: cleanup } = await referenceStoreWith(kind, "nyc", RECORDS, NOW));
    matcher = new ReferenceMatcher(store, loadMatchModel());
  }, 60_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it("matches a place renamed at the same door by its number, and not without it", async () => {
    const m = await matchOf(RENAMED_JOB);
    expect(m?.record.id).toBe("renamed");
    const { phone: _, ...withoutPhone } = RENAMED_JOB;
    expect((await matchOf(withoutPhone))?.record.id).toBeUndefined();
  });

  it("keeps the place a shared switchboard is near, and a place listed twice its number", async () => {
    const cafe: PlaceInputs = {
      name: "Common Man Coffee Roasters",
      latitude: 1.283,
      longitude: 103.8413,
      country_code: "SG",
    };
    expect((await matchOf(cafe))?.record.id).toBe("cafe");
    expect((await matchOf({ ...cafe, phone: "+65 6836 4695" }))?.record.id).toBe("cafe");
    const renamed: PlaceInputs = {
      name: "Common Man Coffee Roasters",
      latitude: 1.3,
      longitude: 103.80002,
      country_code: "SG",
    };
    expect(await matchOf(renamed)).toBeNull();
    const m = await matchOf({ ...renamed, phone: "+65 6222 2222" });
    expect(["r1", "r2"]).toContain(m?.record.id);
  });

  it("takes no toll-free line, and no number on a record too far away to be the place, as evidence", async () => {
    const bank: PlaceInputs = { name: "Chase Bank", latitude: 40.75, longitude: -73.93, country_code: "US" };
    expect(await matchOf(bank)).toBeNull(); // 2.5 km away: another branch
    expect(await matchOf({ ...bank, phone: "800-935-9935" })).toBeNull();
    const pret: PlaceInputs = {
      name: "Pret A Manger",
      latitude: 40.742,
      longitude: -73.99,
      country_code: "US",
    };
    expect(await matchOf({ ...pret, phone: "+44 20 7946 0958" })).toBeNull();
  });

  it("takes the nearer of two branches sharing a number, as without the number", async () => {
    for (const [longitude, nearer] of [
      [-74.004, "joes-T1"],
      [-74.0035, "joes-T1"],
      [-73.9981, "joes-T2"],
    ] as const) {
      const job: PlaceInputs = { name: "Joe's Pizza", latitude: 40.734, longitude, country_code: "US" };
      expect((await matchOf(job))?.record.id).toBe(nearer);
      expect((await matchOf({ ...job, phone: "212-366-1182" }))?.record.id).toBe(nearer);
    }
  });
});
