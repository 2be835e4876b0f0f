/**
 * Phones as match evidence, through a real import and the shipped model on both stores: a number
 * that only one candidate carries identifies the place (a restaurant renamed at the same door and
 * number is still matched), and a number two branches share tells them apart from nothing (the
 * nearer branch wins, as without the phone). From a new-user trial on Locu–Foursquare NYC places.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlaceInputs } from "../../src/domain/place.js";
import { preparePlace } from "../../src/enrich/prepare.js";
import { importReference } from "../../src/reference/importer.js";
import { loadMatchModel } from "../../src/reference/match/match-model.js";
import { matchQueryOf } from "../../src/reference/match/match-query.js";
import { ReferenceMatcher } from "../../src/reference/match/matcher.js";
import { openReferenceStore } from "../../src/reference/store/open-reference-store.js";
import type { ReferenceStore } from "../../src/reference/store/port.js";
import { createTestSchema } from "../support/postgres.js";
import { tempDatabasePath } from "../support/temp-db.js";

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
    const db = tempDatabasePath();
    let url = db.path;
    cleanup = db.cleanup;
    if (kind === "postgres") {
      const schema = await createTestSchema();
      url = schema.url;
      cleanup = async () => {
        await schema.drop();
        db.cleanup();
      };
    }
    const file = join(db.dir, "places.jsonl");
    writeFileSync(file, `${RECORDS.map((r) => JSON.stringify(r)).join("\n")}\n`);
    store = openReferenceStore(url);
    await store.migrate();
    await importReference(store, { file, source: "nyc", format: "jsonl", now: NOW });
    matcher = new ReferenceMatcher(store, loadMatchModel());
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  it("matches a place renamed at the same door by its number, and not without it", async () => {
    const m = await matchOf(RENAMED_JOB);
    expect(m?.record.id).toBe("renamed");
    const { phone: _, ...withoutPhone } = RENAMED_JOB;
    expect((await matchOf(withoutPhone))?.record.id).toBeUndefined();
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
