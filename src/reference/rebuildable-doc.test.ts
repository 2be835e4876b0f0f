import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildCore, buildRecord } from "./build-record.js";
import { draftFromLine, openReferenceFile } from "./formats/open-reference-file.js";
import { normalizeChunk } from "./import-chunk.js";
import { encodeRebuildableDoc, isRebuildableDoc, rebuildable, rebuildRecord } from "./rebuildable-doc.js";
import type { ReferenceFormat } from "./record.js";
import { decodeDoc } from "./store/row-columns.js";

const LIMIT = 800;
const path = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

const FILES: ReadonlyArray<[string, ReferenceFormat]> = [
  ["test/fixtures/reference/overture-sample.parquet", "overture"],
  ["test/fixtures/reference/overture-export.geojson", "overture"],
  ["test/fixtures/reference/fsq-sample.parquet", "fsq"],
  ["test/fixtures/reference/places.csv", "csv"],
  ["test/fixtures/reference/places.jsonl", "jsonl"],
  // The shipped extract: 3,082 real Overture places (the first LIMIT of them: toEqual is slow).
  ["resources/reference/overture-us-sample.jsonl.gz", "overture"],
];

describe("rebuildable documents", () => {
  it.each(FILES)(
    "%s: the record rebuilt from the stored document is the one an import builds",
    async (file, format) => {
      const opened = await openReferenceFile(path(file), format);
      let compared = 0;
      for await (const item of opened.rows) {
        const parsed = "text" in item && item.text !== undefined ? draftFromLine(item, format) : item;
        if (!parsed || parsed.error !== undefined) continue;
        const built = buildRecord(parsed.draft!);
        if ("skip" in built) continue;
        const { record } = built;
        // Through JSON, as the store keeps it: undefined fields of the original do not survive either way.
        const expected = JSON.parse(JSON.stringify(record));
        const core = buildCore(parsed.draft!);
        if ("skip" in core) throw new Error(core.skip);
        const doc = encodeRebuildableDoc(core.core, record.original, parsed.originalText ?? null);
        expect(rebuildRecord(doc, format)).toEqual(expected);
        if (++compared >= LIMIT) break;
      }
      expect(compared).toBeGreaterThan(1);
    },
  );

  it("an import stores them for every format but OSM, whose original fields are a summary", async () => {
    expect(rebuildable("overture")).toBe(true);
    expect(rebuildable("osm")).toBe(false);
    const line = JSON.stringify({ id: "a1", name: "Joe's Cafe", latitude: 40.75, longitude: -73.98 });
    const jsonl = normalizeChunk({ format: "jsonl", bbox: null, items: [{ text: line, line: 1 }] });
    expect(isRebuildableDoc(jsonl.rows.doc[0]!)).toBe(true);
    // The line itself is the stored original: not parsed and written again.
    expect(jsonl.rows.doc[0]).toContain(`"original":${line}}`);
    expect(decodeDoc(jsonl.rows.doc[0]!, "jsonl")).toMatchObject({
      id: "a1",
      name: "Joe's Cafe",
      latitude: 40.75,
    });
    const osm = normalizeChunk({
      format: "osm",
      bbox: null,
      items: [{ draft: { id: "node/1", name: "Bar", latitude: 1, longitude: 2, original: { id: 1 } } }],
    });
    expect(isRebuildableDoc(osm.rows.doc[0]!)).toBe(false);
    expect(decodeDoc(osm.rows.doc[0]!, "osm")).toMatchObject({
      id: "node/1",
      name: "Bar",
      original: { id: 1 },
    });
  });
});
