import { describe, expect, it } from "vitest";
import { buildRecord, type ReferenceDraft } from "../build-record.js";
import { recordKeys } from "../match/match-keys.js";
import type { ReferenceRecord } from "../record.js";
import { decodeDoc, encodeDoc, filterStaged, rowColumns, stagedCount, stageRows } from "./row-columns.js";

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
