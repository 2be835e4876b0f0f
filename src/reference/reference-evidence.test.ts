import { describe, expect, it } from "vitest";
import type { MatchOutcome } from "./match/matcher.js";
import type { StoredReferenceRecord } from "./record.js";
import { recordEvidence } from "./reference-evidence.js";

const NOW = Date.parse("2026-01-15T00:00:00Z");

const record = (over: Partial<StoredReferenceRecord>): StoredReferenceRecord => ({
  pk: 1,
  source: "osm5",
  format: "osm",
  id: "node/42",
  name: "Corner Books",
  altNames: [],
  latitude: 43.61,
  longitude: -116.2,
  address: null,
  phones: [],
  websites: [],
  domain: null,
  categories: ["bookstore"],
  sourceCategoryLabels: [],
  sourceCategoryIds: [],
  emails: [],
  socials: {},
  brandName: null,
  brandWikidata: null,
  status: null,
  dateClosed: null,
  dateRefreshed: "2025-10-01",
  dateCreated: null,
  openingHours: "Mo-Sa 10:00-18:00",
  confidence: null,
  original: {},
  ...over,
});
const match = (r: StoredReferenceRecord): MatchOutcome => ({
  record: r,
  probability: 0.97,
  distanceM: 12,
  via: "near",
  candidates: 40,
  duplicates: [],
});

describe("recordEvidence: opening hours", () => {
  it("gives an open place's hours at the match's level", () => {
    const hours = recordEvidence(match(record({})), ["openingHours"], NOW).find(
      (e) => e.field === "opening_hours",
    );
    expect(hours?.value).not.toBeNull();
    expect(hours?.strength).toBe("strong");
  });

  it("leaves out the hours of a place its record says has closed, saying why", () => {
    const closed = record({ status: "closed", dateClosed: "2024-03-01" });
    const evidence = recordEvidence(match(closed), ["openingHours", "closed_permanently"], NOW);
    expect(evidence.filter((e) => e.field.startsWith("opening_hours") || e.field === "is_open_24h")).toEqual([
      expect.objectContaining({
        field: "opening_hours",
        value: null,
        note: "osm5 record node/42 (match 0.97, 12 m away): its opening hours are left out, as it says the place has closed",
      }),
    ]);
    expect(evidence.find((e) => e.field === "open_closed_status")?.value).toBe("Closed");
  });
});
