/**
 * The same records imported under two source names (the shipped default and the operator's own
 * import of the same Overture rows; one CSV imported twice) are one source, not two agreeing: the
 * matcher reports the record once, on both stores, through real imports and the shipped model. A
 * source that lists the same place under its own id still counts apart (independent evidence).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparePlace } from "../../src/enrich/prepare.js";
import { importReference } from "../../src/reference/importer.js";
import { loadMatchModel } from "../../src/reference/match/match-model.js";
import { matchQueryOf } from "../../src/reference/match/match-query.js";
import { type MatchAnswer, ReferenceMatcher } from "../../src/reference/match/matcher.js";
import { openReferenceStore } from "../../src/reference/store/open-reference-store.js";
import type { ReferenceStore } from "../../src/reference/store/port.js";
import { referenceTestDb } from "../support/reference-db.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/reference/${name}`, import.meta.url));
const NOW = Date.parse("2026-01-15T00:00:00Z");

const CAFE = {
  id: "cafe-1",
  name: "Common Man Coffee Roasters",
  latitude: 1.28312,
  longitude: 103.85127,
  full_address: "22 Martin Road, Singapore 239058",
  country: "SG",
};

const JOBS = [
  // The Overture fixture's ov-1, 20 m away (as in reference-source.test.ts).
  {
    name: "Midtown Espresso",
    latitude: 40.75818,
    longitude: -73.9855,
    full_address: "1501 Broadway, New York, NY",
  },
  {
    name: CAFE.name,
    latitude: CAFE.latitude + 0.00002,
    longitude: CAFE.longitude,
    full_address: CAFE.full_address,
    country_code: "SG",
  },
];

describe.each(["sqlite", "postgres"] as const)("copies of a reference source on %s", (kind) => {
  let store: ReferenceStore;
  let cleanup: () => Promise<void> | void;
  let answers: MatchAnswer[];

  beforeAll(async () => {
    const { url, dir, cleanup: drop } = await referenceTestDb(kind);
    cleanup = drop;
    const mine = join(dir, "mine.jsonl");
    writeFileSync(mine, `${JSON.stringify(CAFE)}\n`);
    const theirs = join(dir, "theirs.jsonl");
    writeFileSync(theirs, `${JSON.stringify({ ...CAFE, id: "cm-99" })}\n`);
    store = openReferenceStore(url);
    await store.migrate();
    const load = (file: string, source: string, format: "overture" | "jsonl") =>
      importReference(store, { file, source, format, now: NOW });
    await load(fixture("overture-export.geojson"), "default", "overture");
    await load(fixture("overture-export.geojson"), "overture-mine", "overture");
    await load(mine, "cafes", "jsonl");
    await load(mine, "cafes-again", "jsonl");
    await load(theirs, "cafes-theirs", "jsonl");
    const matcher = new ReferenceMatcher(store, loadMatchModel());
    answers = await matcher.match(JOBS.map((j) => matchQueryOf(preparePlace("job", j))));
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  it("reports an Overture record imported under two names once", () => {
    const matches = answers[0]!.matches;
    expect(matches.map((m) => m.record.id)).toEqual(["ov-1"]);
    expect(["default", "overture-mine"]).toContain(matches[0]!.record.source);
  });

  it("reports a copied own-file record once, and another source's listing of the place apart", () => {
    const matches = answers[1]!.matches;
    expect(matches.map((m) => m.record.id).sort()).toEqual(["cafe-1", "cm-99"]);
    expect(matches.find((m) => m.record.id === "cm-99")!.record.source).toBe("cafes-theirs");
  });
});
