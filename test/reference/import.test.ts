/**
 * Importing each supported format through the real reader, normalizer and SQLite reference store:
 * what is kept, how it is normalized (the job inputs' normalizers), what is skipped and why, --bbox,
 * and re-import replacing a source.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { detectFormat, formatOfRow } from "../../src/reference/formats/open-reference-file.js";
import { importReference } from "../../src/reference/importer.js";
import type { ReferenceFormat, StoredReferenceRecord } from "../../src/reference/record.js";
import { SqliteReferenceStore } from "../../src/reference/store/sqlite/sqlite-reference-store.js";
import { tempDatabasePath } from "../support/temp-db.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/reference/${name}`, import.meta.url));

let db: ReturnType<typeof tempDatabasePath>;
let store: SqliteReferenceStore;
beforeEach(async () => {
  db = tempDatabasePath();
  store = new SqliteReferenceStore(db.path);
  await store.migrate();
});
const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}
afterEach(async () => {
  await store.close();
  db.cleanup();
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function load(
  file: string,
  format: ReferenceFormat,
  source = "s",
  bbox: null | { west: number; south: number; east: number; north: number } = null,
) {
  const report = await importReference(store, {
    file: fixture(file),
    source,
    format,
    bbox,
    now: 1,
    batchSize: 2,
  });
  const sources = await store.listSources();
  const src = sources.find((s) => s.name === source)!;
  const pks =
    src.pkMin === null ? [] : Array.from({ length: src.pkMax! - src.pkMin + 1 }, (_, i) => src.pkMin! + i);
  const records = [...(await store.getRecords(pks)).values()];
  const byId = new Map<string, StoredReferenceRecord>(records.map((r) => [r.id, r]));
  return { report, byId };
}

describe("import formats", () => {
  it("overture GeoParquet: WKB points, nested fields, phones to E.164 with the address's country", async () => {
    const { report, byId } = await load("overture-sample.parquet", "overture");
    expect(report).toMatchObject({ imported: 12, skipped: 0 });
    const r = byId.get("08f2664cce0986e4034293c714ba8610")!;
    expect(r.name).toBe("Holistic Staffers Inc.");
    expect(r.phones).toEqual(["+13124985975"]);
    expect(r.latitude).toBeGreaterThan(41.6);
    expect(r.latitude).toBeLessThan(42.1);
    expect(r.longitude).toBeLessThan(-87.5);
    expect(r.address).toMatchObject({ city: "Chicago", state: "IL", country: "US" });
    expect(r.format).toBe("overture");
    expect(r.original).not.toHaveProperty("geometry");
    expect(r.dateRefreshed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("overture GeoJSON export: operating status, brand, socials, email, tracking parameters dropped", async () => {
    const { report, byId } = await load("overture-export.geojson", "overture");
    expect(report.imported).toBe(2);
    expect(byId.get("ov-1")).toMatchObject({
      name: "Midtown Espresso Bar",
      altNames: ["Bar à Espresso"],
      latitude: 40.758,
      longitude: -73.9855,
      phones: ["+12125550142"],
      websites: ["https://midtown-espresso.example.com/"],
      domain: "example.com",
      categories: ["coffee_shop", "cafe"],
      socials: { instagram: "midtownespresso" },
      emails: ["Hello@midtown-espresso.com"],
      brandName: "Midtown Espresso",
      brandWikidata: "Q123456",
      status: "open",
      dateRefreshed: "2025-03-01",
      confidence: 0.93,
      address: { house: "1501", street: "Broadway", city: "New York", postalCode: "10036" },
    });
    expect(byId.get("ov-2")).toMatchObject({ status: "closed", confidence: 0.4 });
  });

  it("fsq parquet: labels mapped into the Overture taxonomy, date_closed means closed, rows without a name skipped", async () => {
    const { report, byId } = await load("fsq-sample.parquet", "fsq");
    expect(report).toMatchObject({ imported: 2, skipped: 1, skipReasons: { "no name": 1 } });
    expect(byId.get("4b0586a3f964a52055ce22e3")).toMatchObject({
      name: "Joe's Pizza",
      phones: ["+12123661182"],
      websites: ["https://www.joespizzanyc.com/"],
      socials: { facebook: "1234567890", instagram: "joespizzanyc" },
      sourceCategoryIds: ["13064"],
      sourceCategoryLabels: ["Dining and Drinking > Restaurant > Pizzeria"],
      dateCreated: "2010-05-01",
      dateRefreshed: "2025-01-10",
      status: null,
    });
    expect(byId.get("4b0586a3f964a52055ce22e3")!.categories[0]).toMatch(/pizza/);
    expect(byId.get("4c1f0a1b8b3aa593a5f3d8a1")).toMatchObject({
      status: "closed",
      dateClosed: "2020-06-30",
      emails: ["hello@olddiner.example.com"],
    });
  });

  it("osm Overpass GeoJSON: tags, lifecycle prefixes as closed, polygon centroids, nameless features skipped", async () => {
    const { report, byId } = await load("osm-overpass.geojson", "osm");
    expect(report).toMatchObject({ imported: 2, skipped: 1, skipReasons: { "no name": 1 } });
    expect(byId.get("node/1001")).toMatchObject({
      name: "Steel City Books",
      phones: ["+14125550199"],
      openingHours: "Mo-Fr 09:00-18:00; Sa 10:00-16:00",
      dateRefreshed: "2025-06-01",
      brandWikidata: "Q999",
      categories: ["bookstore"],
      address: {
        house: "210",
        street: "Smithfield Street",
        city: "Pittsburgh",
        state: "PA",
        postalCode: "15222",
      },
      status: null,
    });
    const closed = byId.get("way/2002")!;
    expect(closed).toMatchObject({ name: "Old Mill Grill", status: "closed", dateRefreshed: "2018-04-02" });
    expect(closed.latitude).toBeCloseTo(40.4414, 3);
  });

  it("csv: quoted fields, list columns, address parts, skip reasons", async () => {
    const { report, byId } = await load("places.csv", "csv");
    expect(report).toMatchObject({
      imported: 4,
      skipped: 2,
      skipReasons: { "no name": 1, "no coordinates and no address": 1 },
    });
    expect(byId.get("c1")).toMatchObject({
      name: "Corner Deli, The",
      phones: ["+13125550100", "+13125550101"],
      categories: expect.arrayContaining(["sandwich_shop"]),
      socials: { facebook: "cornerdeli" },
      status: "open",
      openingHours: "Mo-Su 07:00-19:00",
      address: { house: "100", street: "W Madison St", city: "Chicago", state: "IL", postalCode: "60602" },
    });
    expect(byId.get("c2")).toMatchObject({
      name: 'Lake "View" Hotel',
      status: "temporarily_closed",
      address: { house: "200", street: "Michigan Ave" },
    });
    expect(byId.get("c5")).toMatchObject({ latitude: null, longitude: null, address: { city: "Chicago" } });
  });

  it("jsonl: bad lines are skipped with their line number, duplicate ids once", async () => {
    const { report, byId } = await load("places.jsonl", "jsonl");
    expect(report).toMatchObject({
      imported: 2,
      skipped: 3,
      skipReasons: { "invalid row": 2, "duplicate id": 1 },
    });
    expect(report.errors).toEqual(["line 3: not valid JSON", "line 4: not a JSON object"]);
    expect(byId.get("j1")).toMatchObject({
      websites: ["https://harborfish.example.com/"],
      phones: ["+12065550123"],
    });
    expect(byId.get("j2")!.phones).toEqual(["+12065550188", "+12065550189"]);
  });

  it("--bbox keeps the places inside it", async () => {
    const { report } = await load("places.csv", "csv", "s", { west: -88, south: 41, east: -87, north: 42 });
    expect(report.imported).toBe(2);
    expect(report.skipReasons).toMatchObject({ "outside --bbox": 1, "no coordinates (--bbox given)": 1 });
  });

  it("re-importing a source replaces its records", async () => {
    await load("places.csv", "csv", "mine");
    await load("places.jsonl", "jsonl", "other");
    const again = await load("places.jsonl", "jsonl", "mine");
    expect(again.report.imported).toBe(2);
    expect((await store.listSources()).map((s) => [s.name, s.records, s.format])).toEqual([
      ["mine", 2, "jsonl"],
      ["other", 2, "jsonl"],
    ]);
    expect(await store.countRecords()).toBe(4);
  });

  it("rejects a missing file and an unknown layout without touching the source", async () => {
    await expect(
      importReference(store, { file: fixture("nope.csv"), source: "x", format: "csv", now: 1 }),
    ).rejects.toThrow(/no such file/);
    await expect(
      importReference(store, { file: fixture("README.md"), source: "x", format: "csv", now: 1 }),
    ).rejects.toThrow(/cannot tell the layout/);
    expect(await store.listSources()).toEqual([]);
  });
});

describe("imports that would empty or mostly lose a source", () => {
  const dir = () => tempDir("import-refuse-");
  const osmLines = Array.from({ length: 6 }, (_, i) =>
    JSON.stringify({
      osm_id: `node/${i + 1}`,
      name: `Cafe ${i}`,
      lat: 43.6,
      lon: -116.2,
      tags: { amenity: "cafe" },
    }),
  );

  it("refuses a re-import whose every row is skipped, and keeps the source's records", async () => {
    await load("places.jsonl", "jsonl", "osm5");
    const file = join(dir(), "osm.jsonl");
    writeFileSync(file, `${osmLines.join("\n")}\n`);
    // The OSM rows read as the own-file format: no "id" column.
    await expect(importReference(store, { file, source: "osm5", format: "jsonl", now: 2 })).rejects.toThrow(
      /no place of .*osm\.jsonl could be imported \(6 rows skipped: 6 no id\); read as --format jsonl: is that the file's format\? \(your own files need `id` and `name` columns, lower case: docs\/reference-data\.md\); source "osm5" is left as it was/,
    );
    expect((await store.listSources()).map((s) => [s.name, s.records])).toEqual([["osm5", 2]]);
    // Read as what it is, it replaces them.
    const report = await importReference(store, { file, source: "osm5", format: "osm", now: 3 });
    expect(report.imported).toBe(6);
    expect((await store.listSources()).map((s) => [s.name, s.records])).toEqual([["osm5", 6]]);
  });

  it("refuses more rows of another format than imported ones unless allowSkips; no row at all is refused", async () => {
    const d = dir();
    const mixed = join(d, "mixed.jsonl");
    const good = JSON.stringify({ id: "g1", name: "Good Cafe", latitude: 41.88, longitude: -87.63 });
    writeFileSync(mixed, `${[good, ...osmLines.slice(0, 2), "not json"].join("\n")}\n`);
    await expect(
      importReference(store, { file: mixed, source: "m", format: "jsonl", now: 1 }),
    ).rejects.toThrow(
      /3 rows of .*mixed\.jsonl are not jsonl rows \(2 no id, 1 invalid row; e\.g\. line 4: not valid JSON\) against 1 imported; --allow-skips imports those 1/,
    );
    expect(await store.listSources()).toEqual([]);
    const allowed = await importReference(store, {
      file: mixed,
      source: "m",
      format: "jsonl",
      now: 1,
      allowSkips: true,
    });
    expect(allowed).toMatchObject({ imported: 1, skipped: 3 });
    const empty = join(d, "empty.jsonl");
    writeFileSync(empty, "\n");
    await expect(
      importReference(store, { file: empty, source: "m", format: "jsonl", now: 2, allowSkips: true }),
    ).rejects.toThrow(
      /no place of .*empty\.jsonl could be imported \(0 rows skipped\); source "m" is left as it was/,
    );
    expect((await store.listSources()).map((s) => [s.name, s.records])).toEqual([["m", 1]]);
  });
});

describe("reading faults", () => {
  it("decodes a gzipped CSV's characters across chunk boundaries", async () => {
    const d = tempDir("gz-csv-");
    const lines = ["id,name,latitude,longitude"];
    for (let i = 0; i < 20_000; i++) lines.push(`g${i},Café Ünïcødé 東京 ${i},41.88,-87.63`);
    const file = join(d, "multi.csv.gz");
    writeFileSync(file, gzipSync(`${lines.join("\n")}\n`));
    const report = await importReference(store, { file, source: "gz", format: "csv", now: 1, threads: 0 });
    expect(report.imported).toBe(20_000);
    const src = (await store.listSources())[0]!;
    const pks = Array.from({ length: 20_000 }, (_, i) => src.pkMin! + i);
    const names = [...(await store.getRecords(pks)).values()].map((r) => r.name);
    expect(names.filter((n) => !/^Café Ünïcødé 東京 \d+$/.test(n))).toEqual([]);
  }, 60_000);

  it("fails on a CSV quote never closed, naming its line, and keeps the source", async () => {
    await load("places.csv", "csv", "c");
    const d = tempDir("csv-quote-");
    const file = join(d, "stray.csv");
    const rows = Array.from({ length: 50 }, (_, i) => `r${i},Cafe ${i},41.88,-87.63`);
    rows.splice(1, 0, 'r-x,"Stray Cafe,41.88,-87.63');
    writeFileSync(file, `id,name,latitude,longitude\n${rows.join("\n")}\n`);
    await expect(importReference(store, { file, source: "c", format: "csv", now: 2 })).rejects.toThrow(
      /cannot read .*stray\.csv: line 3: a quoted field opened there is never closed/,
    );
    expect((await store.listSources()).map((s) => [s.name, s.records])).toEqual([["c", 4]]);
  });

  it("fails on bytes that are not UTF-8 (a Latin-1 file), plain or gzipped, and keeps the source", async () => {
    await load("places.csv", "csv", "l");
    const d = tempDir("latin1-");
    const text = "id,name,latitude,longitude\nr1,Caf\u00e9 Latin1,41.88,-87.63\n";
    const plain = join(d, "latin1.csv");
    writeFileSync(plain, Buffer.from(text, "latin1"));
    await expect(importReference(store, { file: plain, source: "l", format: "csv", now: 2 })).rejects.toThrow(
      /^cannot read .*latin1\.csv: not UTF-8 text \(in the bytes from 0 on\): convert it first, e\.g\. iconv -f latin1 -t utf-8$/,
    );
    const gz = join(d, "latin1.jsonl.gz");
    writeFileSync(
      gz,
      gzipSync(Buffer.from('{"id":"1","name":"Caf\u00e9","latitude":1,"longitude":2}\n', "latin1")),
    );
    await expect(importReference(store, { file: gz, source: "l", format: "jsonl", now: 2 })).rejects.toThrow(
      /not UTF-8 text \(in the decompressed bytes from 0 on\)/,
    );
    expect((await store.listSources()).map((s) => [s.name, s.records])).toEqual([["l", 4]]);
  });

  it("names the file when it is not gzip, or not a file", async () => {
    const d = tempDir("not-gz-");
    const file = join(d, "places.jsonl.gz");
    writeFileSync(file, '{"id":"1","name":"A","latitude":1,"longitude":2}\n');
    await expect(importReference(store, { file, source: "z", format: "jsonl", now: 1 })).rejects.toThrow(
      /^cannot read .*places\.jsonl\.gz: incorrect header check$/,
    );
    const dir = join(d, "dir.jsonl");
    mkdirSync(dir);
    await expect(importReference(store, { file: dir, source: "z", format: "jsonl", now: 1 })).rejects.toThrow(
      /cannot read .*dir\.jsonl: not a file/,
    );
  });

  it("reads a gzipped GeoJSON, and --bbox on a parquet file without a bbox column", async () => {
    const d = tempDir("gz-geojson-");
    const file = join(d, "pois.geojson.gz");
    writeFileSync(file, gzipSync(readFileSync(fixture("osm-overpass.geojson"))));
    expect((await importReference(store, { file, source: "g", format: "osm", now: 1 })).imported).toBe(2);
    // An Overture file with its geometry but without the `bbox` column.
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const noBbox = join(d, "no-bbox.parquet");
    await connection.run(
      `COPY (SELECT * EXCLUDE (bbox) FROM read_parquet('${fixture("overture-sample.parquet")}')) TO '${noBbox}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const whole = await importReference(store, { file: noBbox, source: "o", format: "overture", now: 1 });
    const inside = await importReference(store, {
      file: noBbox,
      source: "o",
      format: "overture",
      now: 1,
      bbox: { west: -180, south: 41.6, east: 180, north: 90 },
    });
    expect(whole.imported).toBe(12);
    expect(inside.imported).toBeGreaterThan(0);
    expect(inside.imported).toBeLessThan(12);
    expect(inside.skipReasons["outside --bbox"]).toBe(12 - inside.imported);
  });
});

describe("the format of a JSON-lines file without --format", () => {
  it("is read from its first row: Overture, Foursquare, OSM (its own lines and Overpass features), else the file name's", async () => {
    const d = tempDir("detect-format-");
    const file = (name: string, rows: unknown[], gz = false) => {
      const path = join(d, name);
      const text = `\n${rows.map((r) => JSON.stringify(r)).join("\n")}\n`;
      writeFileSync(path, gz ? gzipSync(text) : text);
      return path;
    };
    const overture = {
      id: "08f",
      names: { primary: "Cafe" },
      categories: { primary: "cafe" },
      addresses: [],
    };
    expect(await detectFormat(file("a.jsonl", [overture]))).toBe("overture");
    expect(await detectFormat(file("b.jsonl.gz", [overture], true))).toBe("overture");
    expect(await detectFormat(file("c.ndjson", [{ fsq_place_id: "4b", name: "Cafe" }]))).toBe("fsq");
    expect(
      await detectFormat(file("d.jsonl", [{ osm_id: "node/1", name: "Cafe", tags: { amenity: "cafe" } }])),
    ).toBe("osm");
    const feature = {
      type: "Feature",
      id: "way/7",
      properties: { name: "Cafe", amenity: "cafe" },
      geometry: null,
    };
    expect(await detectFormat(file("e.geojsonseq", [feature]))).toBe("osm");
    expect(await detectFormat(file("f.jsonl", [{ id: "1", name: "Cafe", latitude: 1, longitude: 2 }]))).toBe(
      "jsonl",
    );
    expect(await detectFormat(file("g.jsonl", []))).toBe("jsonl");
    expect(await detectFormat(fixture("places.csv"))).toBe("csv");
    expect(formatOfRow({ type: "Feature", properties: { names: { primary: "X" } } })).toBe("overture");
    expect(formatOfRow([1, 2])).toBeNull();
  });
});

describe("parquet without DuckDB", () => {
  it("hyparquet reads the same rows, WKB geometry as bytes", async () => {
    const { viaHyparquet } = await import("../../src/reference/formats/parquet.js");
    const { overtureDraft } = await import("../../src/reference/formats/overture.js");
    const rows = [];
    for await (const row of viaHyparquet(fixture("overture-sample.parquet"))) rows.push(row);
    expect(rows).toHaveLength(12);
    expect(rows[0]!.geometry).toBeInstanceOf(Uint8Array);
    const draft = overtureDraft(rows.find((r) => r.id === "08f2664cce0986e4034293c714ba8610")!);
    expect(draft.name).toBe("Holistic Staffers Inc.");
    expect(draft.latitude as number).toBeGreaterThan(41.6);
  });
});
