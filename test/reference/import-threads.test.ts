/**
 * The import with threads normalizing rows (import-pool.ts) against the same import done in the
 * importing thread: same records, same report, same token frequencies — on a generated file with
 * invalid lines, duplicate ids, rows without a name and rows outside --bbox spread over many chunks.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ImportPool } from "../../src/reference/import-pool.js";
import { importReference } from "../../src/reference/importer.js";
import { SqliteReferenceStore } from "../../src/reference/store/sqlite/sqlite-reference-store.js";
import { tempDatabasePath } from "../support/temp-db.js";

let db: ReturnType<typeof tempDatabasePath>;
let store: SqliteReferenceStore;
beforeEach(async () => {
  db = tempDatabasePath();
  store = new SqliteReferenceStore(db.path);
  await store.migrate();
});
afterEach(async () => {
  await store.close();
  db.cleanup();
});

function generated(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 97 === 5) {
      lines.push("{not json");
      continue;
    }
    lines.push(
      JSON.stringify({
        id: `p${i % 500 === 7 ? i - 1 : i}`,
        names: { primary: i % 101 === 3 ? null : `Corner ${["Cafe", "Bakery", "Books"][i % 3]} ${i % 40}` },
        categories: { primary: ["cafe", "bakery", "bookstore"][i % 3] },
        phones: [`(212) 555-${String(1000 + (i % 9000)).padStart(4, "0")}`],
        websites: i % 2 ? [`https://corner${i}.example.com/`] : null,
        addresses: [{ freeform: `${i + 1} Main St`, locality: "New York", region: "NY", country: "US" }],
        latitude: 40.7 + (i % 50) * 0.002,
        longitude: -74 + Math.floor(i / 50) * 0.002,
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}

async function snapshot(source: string) {
  const src = (await store.listSources()).find((s) => s.name === source)!;
  const pks = Array.from({ length: src.records }, (_, i) => src.pkMin! + i);
  const records = [...(await store.getRecords(pks)).values()]
    .map(({ pk: _pk, source: _source, ...r }) => r)
    .sort((a, b) => a.id.localeCompare(b.id));
  return { records: src.records, list: records };
}

describe("import threads", () => {
  it("give the same records, report and token frequencies as the importing thread alone", async () => {
    const file = join(db.dir, "places.jsonl");
    writeFileSync(file, generated(3000));
    const bbox = { west: -74.001, south: 40.69, east: -73.9, north: 40.8 };
    const common = { file, format: "overture" as const, bbox, now: 1, batchSize: 64 };
    const alone = await importReference(store, { ...common, source: "alone", threads: 0 });
    const aloneTokens = await store.tokenFrequencies();
    await store.removeSource("alone");
    const threaded = await importReference(store, { ...common, source: "threaded", threads: 2 });
    expect(threaded.imported).toBeGreaterThan(1500);
    expect({ ...threaded, seconds: 0, source: "" }).toEqual({ ...alone, seconds: 0, source: "" });
    expect(alone.skipReasons).toMatchObject({
      "invalid row": expect.any(Number),
      "duplicate id": expect.any(Number),
      "no name": expect.any(Number),
      "outside --bbox": expect.any(Number),
    });
    expect(await store.tokenFrequencies()).toEqual(aloneTokens);
    await importReference(store, { ...common, source: "alone", threads: 0 });
    const a = await snapshot("alone");
    const t = await snapshot("threaded");
    expect(t.records).toBe(threaded.imported);
    expect(t.list).toEqual(a.list);
  });

  it("parquet rows (read by DuckDB in the importing thread) normalize the same in the threads", async () => {
    const file = fileURLToPath(new URL("../fixtures/reference/overture-sample.parquet", import.meta.url));
    const common = { file, format: "overture" as const, now: 1, batchSize: 5 };
    const threaded = await importReference(store, { ...common, source: "threaded", threads: 2 });
    const alone = await importReference(store, { ...common, source: "alone", threads: 0 });
    expect(threaded.imported).toBe(12);
    expect({ ...threaded, seconds: 0, source: "" }).toEqual({ ...alone, seconds: 0, source: "" });
    expect((await snapshot("threaded")).list).toEqual((await snapshot("alone")).list);
  });

  it("a file that breaks off while chunks are in the threads fails the import; the source stays as it was", async () => {
    const file = join(db.dir, "places.jsonl");
    writeFileSync(file, generated(200));
    const first = await importReference(store, { file, source: "s", format: "overture", now: 1, threads: 0 });
    const zipped = gzipSync(generated(3000));
    const truncated = join(db.dir, "truncated.jsonl.gz");
    writeFileSync(truncated, zipped.subarray(0, Math.floor(zipped.length * 0.7)));
    await expect(
      importReference(store, {
        file: truncated,
        source: "s",
        format: "overture",
        now: 2,
        threads: 2,
        batchSize: 64,
      }),
    ).rejects.toThrow(/unexpected end of file/);
    expect(await store.listSources()).toEqual([
      expect.objectContaining({ name: "s", records: first.imported, importedAt: 1 }),
    ]);
  });

  it("closing the pool lets chunks still in the threads finish instead of cutting them off", async () => {
    // piscina's destroy() alone failed these with "Terminating worker thread", and an answer already
    // posted then surfaced as an uncaught "Unexpected message from Worker" (seen in CI).
    const pool = new ImportPool(2);
    const items = generated(2000)
      .split("\n")
      .map((text, i) => ({ text, line: i + 1 }));
    const chunks = [items.slice(0, 1000), items.slice(1000)].map((part) =>
      pool.normalize({ format: "overture", bbox: null, items: part }),
    );
    await pool.close();
    const results = await Promise.all(chunks);
    expect(results.map((r) => r.rows.recordId.length)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(results[0]!.rows.recordId.length + results[1]!.rows.recordId.length).toBeGreaterThan(1900);
  });
});
