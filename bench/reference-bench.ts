/**
 * Reference data benchmarks (part of `npm run bench`; alone: `npx tsx bench/reference-bench.ts`):
 *
 *  1. Import: records/s of `importReference` (read JSONL, normalize, stage, index) for BENCH_REFERENCE_PLACES
 *     (default 1,000,000) synthetic Overture-like places into each store, against a bare load of the same
 *     rows' columns (SQLite: prepared INSERTs in one transaction into a plain table; PostgreSQL: COPY into an
 *     unindexed table). Places cluster around 20 city centres (Gaussian, σ 1.5 km): a few hundred within
 *     200 m of a centre, as in a real downtown. Disk per million places from the file / relation sizes.
 *  2. Matching: jobs/s on one core (this process, one thread) through the real matcher (prepare →
 *     matchQueryOf → candidates → scoring → records) in chunks of 100 jobs, against the bare candidate
 *     lookup of the same jobs (candidatesNear alone). Jobs are perturbed copies of indexed places (name
 *     typos, 0–80 m offsets) and places that are not there. Peak RSS of the process.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import Database from "better-sqlite3";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { preparePlace } from "../src/enrich/prepare.js";
import { readLines } from "../src/reference/formats/text-files.js";
import { normalizeChunk } from "../src/reference/import-chunk.js";
import { defaultImportThreads, importReference } from "../src/reference/importer.js";
import { loadMatchModel } from "../src/reference/match/match-model.js";
import { matchQueryOf } from "../src/reference/match/match-query.js";
import { ReferenceMatcher } from "../src/reference/match/matcher.js";
import { openReferenceStore } from "../src/reference/store/open-reference-store.js";
import type { ReferenceStore } from "../src/reference/store/port.js";
import { STAGED_FIELDS } from "../src/reference/store/row-columns.js";
import { type Cleanup, perSecond, type Report } from "./common.js";
import { adminQuery, type BenchSchemas, connect } from "./postgres-support.js";
import { seededRandom as rng } from "./seeded-random.js";

const CITIES: ReadonlyArray<[string, string, number, number, string]> = [
  ["New York", "NY", 40.758, -73.9855, "212"],
  ["Los Angeles", "CA", 34.0522, -118.2437, "213"],
  ["Chicago", "IL", 41.8819, -87.6278, "312"],
  ["Houston", "TX", 29.7604, -95.3698, "713"],
  ["Phoenix", "AZ", 33.4484, -112.074, "602"],
  ["Philadelphia", "PA", 39.9526, -75.1652, "215"],
  ["San Antonio", "TX", 29.4241, -98.4936, "210"],
  ["San Diego", "CA", 32.7157, -117.1611, "619"],
  ["Dallas", "TX", 32.7767, -96.797, "214"],
  ["Austin", "TX", 30.2672, -97.7431, "512"],
  ["Seattle", "WA", 47.6062, -122.3321, "206"],
  ["Denver", "CO", 39.7392, -104.9903, "303"],
  ["Boston", "MA", 42.3601, -71.0589, "617"],
  ["Atlanta", "GA", 33.749, -84.388, "404"],
  ["Miami", "FL", 25.7617, -80.1918, "305"],
  ["Portland", "OR", 45.5152, -122.6784, "503"],
  ["Detroit", "MI", 42.3314, -83.0458, "313"],
  ["Minneapolis", "MN", 44.9778, -93.265, "612"],
  ["Pittsburgh", "PA", 40.4406, -79.9959, "412"],
  ["Nashville", "TN", 36.1627, -86.7816, "615"],
];
// biome-ignore format: word lists
const WORDS = ["golden", "river", "corner", "blue", "union", "maple", "harbor", "central", "lucky", "green", "royal", "sunset", "park", "main", "city", "village", "north", "liberty", "oak", "star", "urban", "little", "grand", "metro", "sunny", "silver", "eagle", "lotus", "bay", "hill"];
// biome-ignore format: word lists
const KINDS: ReadonlyArray<[string, string]> = [["Cafe", "cafe"], ["Pizza", "pizza_restaurant"], ["Bakery", "bakery"], ["Dental", "dentist"], ["Salon", "beauty_salon"], ["Pharmacy", "pharmacy"], ["Grill", "restaurant"], ["Books", "bookstore"], ["Fitness", "gym"], ["Market", "grocery_store"], ["Hardware", "hardware_store"], ["Bar", "bar"]];
const STREETS = [
  "Main St",
  "Oak Ave",
  "Broadway",
  "Market St",
  "2nd Ave",
  "Elm St",
  "Park Ave",
  "Pine St",
  "Lake St",
  "Washington Blvd",
];

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
}

export interface SyntheticPlace {
  id: string;
  name: string;
  lat: number;
  lon: number;
  house: number;
  street: string;
  city: number;
  phone: string;
}

export function syntheticPlace(i: number): SyntheticPlace {
  const r = rng(i * 7919 + 17);
  const city = i % CITIES.length;
  const [, , lat0, lon0, area] = CITIES[city]!;
  const sigma = 1500 / 111_320;
  const lat = lat0 + gaussian(r) * sigma;
  const lon = lon0 + (gaussian(r) * sigma) / Math.cos((lat0 * Math.PI) / 180);
  const kind = KINDS[Math.floor(r() * KINDS.length)]!;
  const name = `${WORDS[Math.floor(r() * WORDS.length)]!} ${WORDS[Math.floor(r() * WORDS.length)]!} ${kind[0]} ${i % 997}`;
  const house = 1 + Math.floor(r() * 2000);
  const street = STREETS[Math.floor(r() * STREETS.length)]!;
  const phone = `+1${area}${String(2000000 + (i % 7_000_000)).padStart(7, "0")}`;
  return {
    id: `syn${i}`,
    name: name.replace(/\b\w/g, (c) => c.toUpperCase()),
    lat,
    lon,
    house,
    street,
    city,
    phone,
  };
}

export function overtureRow(p: SyntheticPlace, i: number): Record<string, unknown> {
  const [cityName, region] = CITIES[p.city]!;
  return {
    id: p.id,
    type: "place",
    version: 0,
    names: { primary: p.name },
    categories: { primary: KINDS[i % KINDS.length]![1], alternate: [] },
    confidence: 0.7 + (i % 30) / 100,
    websites: i % 3 === 0 ? [`https://www.${p.name.toLowerCase().replace(/\W+/g, "")}.com/`] : null,
    phones: [p.phone],
    socials: i % 4 === 0 ? [`https://www.facebook.com/${100000000 + i}`] : null,
    brand: null,
    addresses: [
      {
        freeform: `${p.house} ${p.street}`,
        locality: cityName,
        postcode: String(10000 + (i % 89999)),
        region,
        country: "US",
      },
    ],
    sources: [
      { dataset: "meta", record_id: String(i), update_time: "2025-06-01T00:00:00.000Z", confidence: 0.9 },
    ],
    latitude: p.lat,
    longitude: p.lon,
  };
}

/** CPU time (user + system) of this process since `since`, in ms: what a loaded shared machine's wall clock hides. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

/** Load average, to read the wall-clock figures by. */
function load(): string {
  return loadavg()[0]!.toFixed(1);
}

/** Peak RSS of the process, sampled every 100 ms while `task` runs (and at its end). */
async function withPeakRss<T>(task: () => Promise<T>): Promise<[T, number]> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  try {
    const value = await task();
    return [value, Math.max(peak, process.memoryUsage().rss)];
  } finally {
    clearInterval(timer);
  }
}

interface ImportFigures {
  imported: number;
  wallMs: number;
  cpuMs: number;
  peakRss: number;
  threads: number;
  load: string;
}

/** The real import (`importReference`) of the synthetic file, timed: wall, CPU of every thread, peak RSS. */
async function timedImport(
  store: ReferenceStore,
  file: string,
  threads: number | undefined,
): Promise<ImportFigures> {
  const loadBefore = load();
  const start = performance.now();
  const cpu = process.cpuUsage();
  const [result, peakRss] = await withPeakRss(() =>
    importReference(store, {
      file,
      source: "bench",
      format: "overture",
      now: Date.now(),
      batchSize: 2000,
      ...(threads === undefined ? {} : { threads }),
    }),
  );
  return {
    imported: result.imported,
    wallMs: performance.now() - start,
    cpuMs: cpuMs(cpu),
    peakRss,
    threads: threads ?? defaultImportThreads(statSync(file).size, "bytes"),
    load: `${loadBefore}→${load()}`,
  };
}

function importLine(
  label: string,
  f: ImportFigures,
  bareRate: number,
  bareWhat: string,
  bytes: number,
  places: number,
): string {
  const rate = perSecond(f.imported, f.wallMs);
  return (
    `  ${label} import: ${rate} places/s (${f.threads} import threads + the importing one; load average ${f.load}), ` +
    `${perSecond(f.imported, f.cpuMs)} per CPU-second of the process (all threads) — ` +
    `${(rate / bareRate).toFixed(2)}× the bare ${bareWhat} of the same rows' columns (${bareRate} rows/s); ` +
    `${(bytes / 1e6 / (places / 1e6)).toFixed(0)} MB per million places; peak RSS ${Math.round(f.peakRss / 1_048_576)} MB`
  );
}

export async function writeSynthetic(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  const chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    chunk.push(JSON.stringify(overtureRow(syntheticPlace(i), i)));
    if (chunk.length === 5000 || i === n - 1) {
      if (!out.write(`${chunk.join("\n")}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
      chunk.length = 0;
    }
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyField(v: string | number | null): string {
  if (v === null) return "\\N";
  if (typeof v === "number") return String(v);
  return v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/** One COPY text line → its values (numbers for the numeric columns 0, 3, 4). */
function fromCopyLine(line: string): unknown[] {
  return line.split("\t").map((f, i) => {
    if (f === "\\N") return null;
    if (i === 0 || i === 3 || i === 4) return Number(f);
    return f.replace(/\\(.)/g, (_, c: string) =>
      c === "t" ? "\t" : c === "n" ? "\n" : c === "r" ? "\r" : c,
    );
  });
}

/** The rows' store columns, as the importer stages them (normalizeChunk: keys and document), as COPY text lines. */
async function writeColumnsTsv(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  for (let from = 0; from < n; from += 2000) {
    const items = [];
    for (let i = from; i < Math.min(n, from + 2000); i++)
      items.push({ text: JSON.stringify(overtureRow(syntheticPlace(i), i)), line: i + 1 });
    const { rows } = normalizeChunk({ format: "overture", bbox: null, items });
    let chunk = "";
    for (let r = 0; r < rows.recordId.length; r++)
      chunk += `${STAGED_FIELDS.map((f) => copyField(rows[f][r] ?? null)).join("\t")}\n`;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

export function matchJobs(n: number, places: number) {
  const r = rng(424242);
  return Array.from({ length: n }, (_, j) => {
    if (j % 5 === 4) {
      // Not in the reference: a made-up name near a city centre.
      const p = syntheticPlace(Math.floor(r() * places));
      return { placeId: `j${j}`, inputs: { name: `Nowhere Shop ${j}`, latitude: p.lat, longitude: p.lon } };
    }
    const p = syntheticPlace(Math.floor(r() * places));
    const offset = (r() * 80) / 111_320;
    const name = j % 3 === 0 ? p.name.replace(/a/, "e") : p.name;
    return {
      placeId: `j${j}`,
      inputs: {
        name,
        latitude: p.lat + offset,
        longitude: p.lon - offset,
        full_address: `${p.house} ${p.street}`,
      },
    };
  });
}

export async function matchBench(
  store: ReferenceStore,
  jobs: number,
  places: number,
  label: string,
  report: Report,
) {
  const prepared = matchJobs(jobs, places).map((j) => preparePlace(j.placeId, j.inputs));
  const matcher = new ReferenceMatcher(store, loadMatchModel());
  await matcher.hasRecords();
  let peak = process.memoryUsage().rss;
  // Baseline: the candidate lookup alone, same chunks; run twice and timed the second time, so that
  // both it and the matcher run on a warm page cache (the first pass reads the index from disk).
  const queries = prepared.map((p) => matchQueryOf(p));
  const lookup = async () => {
    let found = 0;
    for (let i = 0; i < queries.length; i += 100) {
      const lists = await store.candidatesNear(
        queries.slice(i, i + 100).map((q) => ({
          latitude: q!.latitude!,
          longitude: q!.longitude!,
          radiusM: 200,
          wideRadiusM: 500,
          phone: q!.keys.phones[0] ?? null,
          domain: q!.keys.domain,
        })),
      );
      for (const l of lists) found += l.length;
    }
    return found;
  };
  await lookup();
  let start = performance.now();
  const bareCpu = process.cpuUsage();
  const candidates = await lookup();
  const bareMs = performance.now() - start;
  const bareCpuMs = cpuMs(bareCpu);
  start = performance.now();
  const cpu = process.cpuUsage();
  let matched = 0;
  for (let i = 0; i < prepared.length; i += 100) {
    const chunk = prepared.slice(i, i + 100).map((p) => matchQueryOf(p));
    for (const a of await matcher.match(chunk)) if (a.match) matched++;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const matchMs = performance.now() - start;
  const matchCpuMs = cpuMs(cpu);
  report(
    `  ${label} matching: ${perSecond(jobs, matchMs)} jobs/s, ${perSecond(jobs, matchCpuMs)} per CPU-second of this thread ` +
      `(prepare → match → records; ${matched}/${jobs} matched, ` +
      `${Math.round(candidates / jobs)} candidates/job) vs bare candidate lookup ${perSecond(jobs, bareMs)} jobs/s, ` +
      `${perSecond(jobs, bareCpuMs)} per CPU-second (matching / lookup per CPU-second: ${(bareCpuMs / matchCpuMs).toFixed(2)}); ` +
      `peak RSS ${Math.round(peak / 1_048_576)} MB`,
  );
}

export async function referenceBench(opts: {
  places: number;
  matchJobs: number;
  report: Report;
  cleanup: Cleanup;
  /** null: no PostgreSQL part. */
  schemas: BenchSchemas | null;
  sqlite?: boolean;
  /** Import threads (default: the importer's own choice, one per core for a file this size). */
  importThreads?: number;
  /** false: import only (no matching part). */
  match?: boolean;
}): Promise<void> {
  const { places, report, cleanup } = opts;
  const dir = mkdtempSync(join(tmpdir(), "reference-bench-"));
  cleanup.add(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "places.jsonl");
  await writeSynthetic(file, places);
  report(
    `\n## Reference data — ${places} synthetic Overture-like places (${(statSync(file).size / 1e6).toFixed(0)} MB JSONL); load average ${load()}`,
  );

  // The bare loads' rows: the same rows' store columns (normalized as the importer does, not timed),
  // once, as COPY text in a file both bare loads read.
  const tsv = join(dir, "columns.tsv");
  await writeColumnsTsv(tsv, places);

  // SQLite: bare load, then the real import.
  if (opts.sqlite !== false) {
    const bare = new Database(join(dir, "bare.db"));
    bare.pragma("journal_mode = WAL");
    bare.pragma("synchronous = NORMAL");
    bare.exec(`CREATE TABLE t (sk INTEGER, record_id TEXT, doc TEXT, lat REAL, lon REAL, name_key TEXT, phones TEXT,
      domain TEXT, house TEXT, street_key TEXT, postcode TEXT, city_key TEXT, category TEXT)`);
    const insert = bare.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    let bareMs = 0;
    let batch: unknown[][] = [];
    const flush = () => {
      const start = performance.now();
      bare.transaction(() => {
        for (const values of batch) insert.run(values);
      })();
      bareMs += performance.now() - start;
      batch = [];
    };
    for await (const line of readLines(tsv)) {
      batch.push(fromCopyLine(line));
      if (batch.length === 10_000) flush();
    }
    flush();
    bare.close();
    const url = join(dir, "ref.db");
    const store = openReferenceStore(url);
    cleanup.add("close the SQLite reference store", () => store.close());
    await store.migrate();
    const figures = await timedImport(store, file, opts.importThreads);
    const size = statSync(url).size + (statSync(`${url}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    report(
      importLine(
        "SQLite",
        figures,
        perSecond(places, bareMs),
        "INSERT (one transaction, no index)",
        size,
        places,
      ),
    );
    if (opts.match !== false) await matchBench(store, opts.matchJobs, places, "SQLite", report);
    await store.close();
  }

  if (!opts.schemas) return;
  {
    const bareSchema = opts.schemas.create("refbare");
    await adminQuery(`CREATE SCHEMA ${bareSchema.schema}`);
    const client: pg.Client = await connect(bareSchema.schema);
    await client.query(`CREATE TABLE t (sk BIGINT, record_id TEXT, doc TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION,
      name_key TEXT, phones TEXT, domain TEXT, house TEXT, street_key TEXT, postcode TEXT, city_key TEXT, category TEXT)`);
    const start = performance.now();
    await pipeline(createReadStream(tsv), client.query(copyFrom("COPY t FROM STDIN")));
    const bareMs = performance.now() - start;
    await client.end();
    const { schema, url } = opts.schemas.create("reference");
    const store = openReferenceStore(url);
    cleanup.add("close the PostgreSQL reference store", () => store.close());
    await store.migrate();
    const figures = await timedImport(store, file, opts.importThreads);
    const sizeClient = await connect(schema);
    const bytes = Number(
      (
        await sizeClient.query(
          "SELECT sum(pg_total_relation_size(c.oid)) AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'",
          [schema],
        )
      ).rows[0].b,
    );
    await sizeClient.end();
    report(
      `${importLine("PostgreSQL", figures, perSecond(places, bareMs), "COPY (unindexed table)", bytes, places)} ` +
        "(the server's CPU — COPY, sorts, index upkeep — is not in the per-CPU-second figure)",
    );
    if (opts.match !== false) await matchBench(store, opts.matchJobs, places, "PostgreSQL", report);
    await store.close();
  }
}

// Alone: `npx tsx bench/reference-bench.ts` (BENCH_REFERENCE_PLACES, BENCH_MATCH_JOBS; SQLite only
// unless BENCH_REFERENCE_POSTGRES=1; BENCH_SKIP_SQLITE=1 leaves SQLite out, BENCH_SKIP_MATCH=1 the
// matching part; BENCH_IMPORT_THREADS=n sets the import threads, 0 for none).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { Cleanup } = await import("./common.js");
  const { BenchSchemas } = await import("./postgres-support.js");
  const cleanup = new Cleanup();
  try {
    await referenceBench({
      places: Number(process.env.BENCH_REFERENCE_PLACES ?? 1_000_000),
      matchJobs: Number(process.env.BENCH_MATCH_JOBS ?? 20_000),
      report: (l) => process.stdout.write(`${l}\n`),
      cleanup,
      schemas: process.env.BENCH_REFERENCE_POSTGRES === "1" ? new BenchSchemas(cleanup) : null,
      sqlite: process.env.BENCH_SKIP_SQLITE !== "1",
      ...(process.env.BENCH_IMPORT_THREADS
        ? { importThreads: Number(process.env.BENCH_IMPORT_THREADS) }
        : {}),
      match: process.env.BENCH_SKIP_MATCH !== "1",
    });
  } finally {
    await cleanup.runAll();
  }
}
