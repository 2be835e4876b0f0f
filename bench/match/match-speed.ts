/**
 * Matching speed alone, against the 1,000,000-place synthetic index of bench/reference-bench.ts, kept
 * between runs (building it takes minutes): the same jobs and measure as `npm run bench`'s matching part
 * (jobs/s through prepare → match → records, per CPU-second, beside the bare candidate lookup).
 *
 *   npx tsx bench/match/match-speed.ts [--jobs 20000] [--places 1000000] [--dir /tmp/match-speed] [--postgres]
 *
 * Runs in a worker thread with the enrichment threads' young generation (ENRICHMENT_YOUNG_GENERATION_MB),
 * as matching runs in the service; `--main-thread` runs it in the main thread (V8's default young
 * generation), as this bench did before.
 *
 * --postgres: the index in a PostgreSQL schema `match_speed_<places>` of BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test), also kept; drop it with `--drop`.
 */
import { existsSync, mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { isMainThread, Worker } from "node:worker_threads";
import pg from "pg";
import { importReference } from "../../src/reference/importer.js";
import { openReferenceStore } from "../../src/reference/store/open-reference-store.js";
import { ENRICHMENT_YOUNG_GENERATION_MB } from "../../src/worker/enrichment-pool.js";
import { matchBench, writeSynthetic } from "../reference-bench.js";

if (isMainThread && !process.argv.includes("--main-thread")) {
  const worker = new Worker(new URL("../../src/threads/typescript-entry.mjs", import.meta.url), {
    argv: process.argv.slice(2),
    workerData: { threadModule: import.meta.url },
    resourceLimits: { maxYoungGenerationSizeMb: ENRICHMENT_YOUNG_GENERATION_MB },
  });
  await new Promise((resolve, reject) => {
    worker.once("exit", resolve);
    worker.once("error", reject);
  });
} else {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1]! : fallback;
  };
  const places = Number(arg("places", "1000000"));
  const jobs = Number(arg("jobs", "20000"));
  const dir = arg("dir", "/tmp/match-speed");
  const postgres = process.argv.includes("--postgres");
  const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  mkdirSync(dir, { recursive: true });

  const schema = `match_speed_${places}`;
  let url = join(dir, `ref-${places}.db`);
  let fresh = !existsSync(url);
  if (postgres) {
    url = `${PG_URL}?schema=${schema}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    if (process.argv.includes("--drop")) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const exists = await admin.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
    fresh = exists.rowCount === 0;
    if (fresh) await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
  }
  const store = openReferenceStore(url);
  await store.migrate();
  if (fresh || (await store.countRecords()) === 0) {
    const file = join(dir, `places-${places}.jsonl`);
    if (!existsSync(file)) await writeSynthetic(file, places);
    const t = performance.now();
    const r = await importReference(store, {
      file,
      source: "bench",
      format: "overture",
      now: Date.now(),
      batchSize: 5000,
    });
    process.stdout.write(
      `imported ${r.imported} places in ${((performance.now() - t) / 1000).toFixed(0)} s\n`,
    );
  }
  process.stdout.write(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}\n`,
  );
  await matchBench(store, jobs, places, postgres ? "PostgreSQL" : "SQLite", (l) =>
    process.stdout.write(`${l}\n`),
  );
  process.stdout.write(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}\n`,
  );
  await store.close();
  process.stdout.write(
    `(${isMainThread ? "main thread" : `worker thread, young generation ${ENRICHMENT_YOUNG_GENERATION_MB} MB`})\n`,
  );
}
