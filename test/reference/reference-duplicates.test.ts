import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparePlace } from "../../src/enrich/prepare.js";
import { loadMatchModel, matchModelFrom } from "../../src/reference/match/match-model.js";
import { matchQueryOf } from "../../src/reference/match/match-query.js";
import { type MatchAnswer, ReferenceMatcher } from "../../src/reference/match/matcher.js";
import { referenceMatchEvidence } from "../../src/reference/reference-evidence.js";
import type { ReferenceStore } from "../../src/reference/store/port.js";
import { referenceStoreWith } from "../support/reference-db.js";

const NOW = Date.parse("2026-01-15T00:00:00Z");
const LAT = 1.28312;
const LON = 103.85127;

/** Records of one source around a Singapore café: the café twice, a neighbour, a sub-place of it. */
const RECORDS = [
  {
    id: "cafe-1",
    name: "Common Man Coffee Roasters",
    latitude: LAT,
    longitude: LON,
    full_address: "22 Martin Road, Singapore 239058",
    country: "SG",
  },
  {
    id: "cafe-2",
    name: "Common Man Coffee Roasters",
    latitude: LAT + 0.00004,
    longitude: LON - 0.00003,
    full_address: "22 Martin Road, Singapore 239058",
    country: "SG",
  },
  {
    id: "neighbour",
    name: "Robertson Quay Dental Clinic",
    latitude: LAT + 0.0002,
    longitude: LON + 0.0001,
    full_address: "24 Martin Road, Singapore 239059",
    country: "SG",
  },
  // Break-it trial: a sub-place in two words, and the chain's next branch (another house number).
  {
    id: "car-park",
    name: "Common Man Coffee Roasters Car Park",
    latitude: LAT - 0.0002,
    longitude: LON - 0.0001,
    country: "SG",
  },
  {
    id: "branch",
    name: "Common Man Coffee Roasters",
    latitude: LAT + 0.0005,
    longitude: LON + 0.0003,
    full_address: "50 Martin Road, Singapore 239070",
    country: "SG",
  },
  {
    id: "sub-place",
    name: "Common Man Coffee Roasters Carpark",
    latitude: LAT - 0.0003,
    longitude: LON + 0.0002,
    country: "SG",
  },
];

const JOB = {
  name: "Common Man Coffee Roasters",
  latitude: LAT + 0.00002,
  longitude: LON,
  full_address: "22 Martin Rd, Singapore 239058",
  country_code: "SG",
};

describe.each(["sqlite", "postgres"] as const)("duplicate reference records on %s", (kind) => {
  let store: ReferenceStore;
  let cleanup: () => Promise<void> | void;
  let answer: MatchAnswer;

  beforeAll(async () => {
    ({ store, close: cleanup } = await referenceStoreWith(kind, "cafes", RECORDS, NOW));
    const matcher = new ReferenceMatcher(store, loadMatchModel());
    [answer] = (await matcher.match([matchQueryOf(preparePlace("job", JOB))])) as [MatchAnswer];
  }, 60_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it("matches one record and reports the other as its duplicate", () => {
    const model = loadMatchModel();
    expect(model.duplicateThreshold("near")).toBeLessThan(1);
    expect(answer.match).not.toBeNull();
    const m = answer.match!;
    const ids = [m.record.id, ...m.duplicates.map((d) => d.record.id)];
    expect(ids.sort()).toEqual(["cafe-1", "cafe-2"]);
    expect(m.duplicates[0]!.probability).toBeGreaterThanOrEqual(model.duplicateThreshold("near"));
    expect(m.duplicates[0]!.probability).toBeLessThanOrEqual(m.probability);
    expect(m.duplicates[0]!.distanceM).toBeLessThan(10);
  });

  it("lists the duplicate in reference_match and cites it", () => {
    const m = answer.match!;
    const evidence = referenceMatchEvidence(m, NOW);
    const duplicates = evidence.find((e) => e.field === "reference_duplicate_ids");
    expect(duplicates?.value).toEqual([m.duplicates[0]!.record.id]);
    expect(duplicates?.note).toMatch(/the same place is also record cafe-[12] of cafes \(match [01]\.\d\d\)/);
  });

  it("reports no duplicates with a model that has no duplicate threshold", async () => {
    const file = structuredClone(loadMatchModel().file);
    delete file.models.near.duplicateThreshold;
    delete file.models.name.duplicateThreshold;
    const matcher = new ReferenceMatcher(store, matchModelFrom(file));
    const [a] = await matcher.match([matchQueryOf(preparePlace("job", JOB))]);
    expect(a!.match?.record.id).toBe(answer.match!.record.id);
    expect(a!.match!.duplicates).toEqual([]);
    expect(referenceMatchEvidence(a!.match!, NOW).some((e) => e.field === "reference_duplicate_ids")).toBe(
      false,
    );
  });
});
