import { describe, expect, it } from "vitest";
import { buildRecord, type ReferenceDraft } from "../build-record.js";
import { recordKeys } from "../match/match-keys.js";
import type { ReferenceRecord } from "../record.js";
import {
  candidatesFromJson,
  completeFromRows,
  decodeDoc,
  encodeDoc,
  filterStaged,
  partialPks,
  rowColumns,
  stagedCount,
  stageRows,
} from "./row-columns.js";

function record(draft: Partial<ReferenceDraft> & { id: string; name: string }): ReferenceRecord {
  const built = buildRecord({ original: {}, ...draft });
  if ("skip" in built) throw new Error(built.skip);
  return built.record;
}

const full = record({
  id: "c1",
  name: "Joe's Café",
  altNames: ["Joes"],
  latitude: 40.758,
  longitude: -73.9855,
  phones: ["+1 212 555 0100"],
  websites: ["https://joescafe.com/times-square", "https://instagram.com/joescafe"],
  streetLine: "1500 Broadway",
  city: "New York",
  state: "NY",
  postcode: "10036",
  country: "US",
  categories: ["coffee_shop"],
  brandName: "Joe's",
  status: "open",
  dateRefreshed: "2025-01-02",
  openingHours: "Mo-Fr 08:00-18:00",
  confidence: 0.9,
  original: { id: "c1", names: { primary: "Joe's Café", common: null }, socials: null, tags: [] },
});
const sparse = record({ id: "n1", name: "Nameless Corner", latitude: 1, longitude: 2 });

describe("stored documents", () => {
  it("round-trip every record field, the dataset's original fields exactly (nulls and empty lists too)", () => {
    for (const r of [full, sparse]) expect(decodeDoc(encodeDoc(r), "jsonl")).toEqual(r);
    expect(decodeDoc(encodeDoc(full), "jsonl").original).toEqual({
      id: "c1",
      names: { primary: "Joe's Café", common: null },
      socials: null,
      tags: [],
    });
  });

  it("leave out null fields, empty lists and the address's empty parts", () => {
    const doc = encodeDoc(sparse);
    expect(doc).not.toContain("null");
    expect(doc).not.toContain("[]");
    expect(doc.length).toBeLessThan(JSON.stringify(sparse).length / 2);
    expect(encodeDoc(full)).not.toMatch(/"floor"|"block"/);
  });

  it("read full documents written before the compact form unchanged", () => {
    expect(decodeDoc(JSON.stringify(full), "jsonl")).toEqual(full);
  });
});

describe("staged rows", () => {
  it("hold each row's columns, in row order, and filter by index", () => {
    const rows = [full, sparse].map((r) => ({ record: r, keys: recordKeys(r) }));
    const staged = stageRows(rows);
    expect(stagedCount(staged)).toBe(2);
    expect(staged.recordId).toEqual(["c1", "n1"]);
    expect(staged.phones).toEqual(["+12125550100", null]);
    expect(staged.doc[1]).toBe(rowColumns(rows[1]!).doc);
    const kept = filterStaged(staged, (i) => i === 1);
    expect(kept.recordId).toEqual(["n1"]);
    expect(kept.sortKey).toEqual([staged.sortKey[1]]);
  });
});

describe("partial candidates", () => {
  it("decode from a JSON list of light columns, phones as lists, then complete from the detail rows", () => {
    const lat = 40.758123456789015;
    const text = JSON.stringify([
      [7, lat, -73.98, "joes cafe", "+12125550100", "joescafe.com", "1500"],
      [8, null, null, "pizza palace", null, null, null],
      [9, 1.5, 2.5, "twin", "+12125550101 +12125550102", null, null],
    ]);
    const [a, b, c] = candidatesFromJson(text);
    expect(a).toEqual({
      pk: 7,
      latitude: lat,
      longitude: -73.98,
      nameKey: "joes cafe",
      phones: ["+12125550100"],
      domain: "joescafe.com",
      house: "1500",
      streetKey: null,
      postcode: null,
      cityKey: null,
      category: null,
      partial: true,
    });
    expect(b!.phones).toEqual([]);
    expect(c!.phones).toEqual(["+12125550101", "+12125550102"]);
    expect(partialPks([a!, b!, c!, a!])).toEqual([7, 8, 9]);
    // pk 9 has no detail row: it stays partial.
    completeFromRows(
      [a!, b!, c!],
      [
        [7, "broadway", "10036", "new york", "coffee_shop"],
        [8, null, null, null, "restaurant"],
      ],
    );
    expect(a).toMatchObject({
      streetKey: "broadway",
      postcode: "10036",
      cityKey: "new york",
      partial: false,
    });
    expect(b).toMatchObject({ category: "restaurant", partial: false });
    expect(c!.partial).toBe(true);
    expect(partialPks([a!, b!, c!])).toEqual([9]);
  });
});
