/**
 * `npm run bench`: the speed targets of the service, each reported against a baseline measured in the same
 * run (absolute times on a shared 2-core machine mean little; ratios travel). Prints a short report to
 * stdout; nothing is written to the repository.
 *
 *  Responsiveness (responsiveness.ts): the service as a real process (`place-enrich serve`, SQLite)
 *   0. Accept a 50,000-job batch vs JSON.parse + a bare insert into a primary-key-only table (aim ≤ 2x);
 *      /health, batch status and a 1,000-job page idle and while the batch is processed (aim p99 < 100 ms,
 *      max < 500 ms); the batch's jobs/s; the service's peak RSS.
 *  SQLite (sqlite-api.ts)
 *   1. Accept a 50,000-job batch over HTTP vs a bare prepared INSERT of the same rows in one transaction
 *      (aim ≤ 3x); batch status and one 1,000-job results page (aim < 50 ms each, median of 15); jobs/s
 *      through the worker with the inputs source only. results-page.ts: a 1,000-job page of completed
 *      realistic results from stored views vs rendered from stored results (BENCH_PAGE_JOBS, default 3000).
 *  PostgreSQL (postgres-api.ts), each load into a fresh schema after a CHECKPOINT, all schemas dropped
 *   2. Accept the same batch over HTTP (Fastify on 127.0.0.1, PostgresStore) vs bare loads of the same rows
 *      into the same jobs table in one transaction: COPY FROM STDIN (the ratio's baseline, aim ≤ 3x),
 *      psql \copy of a prepared file, and one INSERT ... SELECT FROM unnest(arrays). Median of BENCH_ROUNDS.
 *   3. Batch status and a 1,000-job results page after ANALYZE (aim < 50 ms each, median of 15), and again
 *      after VACUUM (index-only scans need the visibility map that autovacuum sets soon after the insert).
 *  Reference data (reference-bench.ts)
 *   5. Import of BENCH_REFERENCE_PLACES synthetic Overture-like places into each store vs a bare load of the
 *      same rows; matching jobs/s on one core vs the bare candidate lookup; disk per million; peak RSS.
 *  Job store throughput (job-store-throughput.ts, worker processes in bench-worker-process.ts)
 *   4. Claim+complete of no-op jobs with 1 and 4 worker processes: our PostgresStore vs pg-boss, same jobs,
 *      same server, same run.
 *  Scripts run as child processes, one after another (each has its own header and knobs):
 *   6. Website (BENCH_SKIP_WEB): web-extract-bench.ts (pages/s extracted vs a bare cheerio.load),
 *      web-fetch.ts (the fetcher vs a bare undici request on loopback), web-worker-bench.ts (the
 *      worker's jobs/s with the web source vs fetching off).
 *   7. CLI (BENCH_SKIP_CLI): cli-run-bench.ts, `place-enrich run` on BENCH_CLI_ROWS (300,000) rows:
 *      peak RSS, rows/s read, total time beside the server's processing time.
 *
 * Environment knobs:
 *   BENCH_JOBS                 jobs in the accepted batch (default 50000)
 *   BENCH_WORKER_JOBS          jobs for the SQLite worker run (default 10000)
 *   BENCH_THROUGHPUT_JOBS      jobs per claim+complete run (default 20000)
 *   BENCH_CLAIM_BATCH          jobs per claim / pg-boss fetch (default 100, the service's WORKER_CLAIM_BATCH)
 *   BENCH_PROCESSES            worker process counts, comma-separated (default 1,4)
 *   BENCH_ROUNDS               rounds of the PostgreSQL loads and of each claim+complete configuration;
 *                              medians reported with the range (default 3)
 *   BENCH_PGBOSS_PRIORITY      1: pg-boss fetch ordered by priority (its default); 0 (default): created_on only,
 *                              the faster of the two
 *   BENCH_DATABASE_URL         PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test)
 *   BENCH_REFERENCE_PLACES     reference places imported (default 1000000); BENCH_MATCH_JOBS jobs matched (20000)
 *   BENCH_SKIP_RESPONSIVENESS=1, BENCH_SKIP_SQLITE=1, BENCH_SKIP_POSTGRES=1, BENCH_SKIP_THROUGHPUT=1,
 *   BENCH_SKIP_REFERENCE=1, BENCH_SKIP_WEB=1, BENCH_SKIP_CLI=1
 *                              skip a part
 *   BENCH_TIMEOUT_S            the whole bench is aborted (and cleaned up) after this long (default 3600)
 *   BENCH_WORKER_TIMEOUT_S     one set of worker processes must finish within this (default 180)
 *   BENCH_BUSY_TIMEOUT_S       the responsiveness batch must finish within this (default 600; a loaded
 *                              machine needs more: load average 13–17 took over 600 s)
 *   BENCH_ACCEPT_WARM          warm accepts of the responsiveness bench after the cold one (default 3)
 *   BENCH_ACCEPT_ONLY=1        the responsiveness bench stops after its accept lines
 *   BENCH_SERVICE_ROOT         the checkout whose service the responsiveness bench runs (default this one)
 *
 * Exit status: 0 when every part ran, 1 on a failure or when PostgreSQL is unreachable (the SQLite part runs
 * first either way). Temp dirs, schemas, child processes and servers are removed on every exit path.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { EnrichmentPool } from "../src/worker/enrichment-pool.js";
import { batchBody, Cleanup } from "./common.js";
import { jobStoreThroughputBench } from "./job-store-throughput.js";
import { postgresApiBench } from "./postgres-api.js";
import { BENCH_DATABASE_URL, BenchSchemas, postgresUnreachable, redact } from "./postgres-support.js";
import { realisticJobs } from "./realistic-jobs.js";
import { referenceBench } from "./reference-bench.js";
import { responsivenessBench } from "./responsiveness.js";
import { sqliteBench } from "./sqlite-api.js";

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const JOBS = intEnv("BENCH_JOBS", 50_000);
const WORKER_JOBS = intEnv("BENCH_WORKER_JOBS", 10_000);
const THROUGHPUT_JOBS = intEnv("BENCH_THROUGHPUT_JOBS", 20_000);
const CLAIM_BATCH = intEnv("BENCH_CLAIM_BATCH", 100);
const PROCESSES = (process.env.BENCH_PROCESSES ?? "1,4").split(",").map((p) => {
  const n = Number(p.trim());
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_PROCESSES: "${p}" is not a process count`);
  return n;
});
const ROUNDS = intEnv("BENCH_ROUNDS", 3);
const PGBOSS_PRIORITY = process.env.BENCH_PGBOSS_PRIORITY === "1";
// The reference part alone (1,000,000 places imported into each store, then matched) takes 10–20 min.
const TIMEOUT_MS = intEnv("BENCH_TIMEOUT_S", 3600) * 1000;
const WORKER_TIMEOUT_MS = intEnv("BENCH_WORKER_TIMEOUT_S", 180) * 1000;
const BUSY_TIMEOUT_S = intEnv("BENCH_BUSY_TIMEOUT_S", 600);
const skip = (part: string) => process.env[`BENCH_SKIP_${part}`] === "1";

function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs `bench/<script>` under tsx as a child process, its output passed through; throws on failure. */
async function scriptPart(script: string, cleanup: Cleanup): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, script)], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const stop = cleanup.add(`stop ${script}`, () => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  await stop();
  if (code !== 0) throw new Error(`${script} exited ${code}`);
}

async function main(cleanup: Cleanup): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "place-enrich-bench-"));
  cleanup.add(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  const enrichment = new EnrichmentPool({
    threads: Math.max(1, availableParallelism()),
    concurrencyPerThread: 2,
  });
  cleanup.add("stop the enrichment threads", () => enrichment.close());
  await enrichment.ready();
  const bodyMb = (batchBody("bench", realisticJobs(JOBS)).length / 1e6).toFixed(1);
  report(
    `# place-enrichment bench — ${JOBS}-job batch (request body ${bodyMb} MB), ${new Date().toISOString()}`,
  );

  if (!skip("RESPONSIVENESS")) {
    await responsivenessBench({ dir, jobs: JOBS, busyTimeoutS: BUSY_TIMEOUT_S, report, cleanup });
  }
  if (!skip("SQLITE")) {
    await sqliteBench({ dir, jobs: JOBS, workerJobs: WORKER_JOBS, enrichment, report, cleanup });
    await scriptPart("results-page.ts", cleanup);
  }
  if (!skip("WEB")) {
    report("\n## Website");
    for (const script of ["web-extract-bench.ts", "web-fetch.ts", "web-worker-bench.ts"])
      await scriptPart(script, cleanup);
  }
  if (!skip("CLI")) {
    report("\n## CLI");
    await scriptPart("cli-run-bench.ts", cleanup);
  }
  if (skip("POSTGRES") && skip("THROUGHPUT") && skip("REFERENCE")) return 0;

  const unreachable = await postgresUnreachable();
  if (unreachable !== null) {
    process.stderr.write(
      `\nERROR: PostgreSQL is not reachable at ${redact(BENCH_DATABASE_URL)} (${unreachable}).\n` +
        "The PostgreSQL benchmarks were not run. Start the server (e.g. `pg_ctlcluster --skip-systemctl-redirect " +
        "15 main start`) or set BENCH_DATABASE_URL.\n",
    );
    return 1;
  }
  const schemas = new BenchSchemas(cleanup);
  if (!skip("POSTGRES")) {
    await postgresApiBench({ dir, jobs: JOBS, rounds: ROUNDS, enrichment, schemas, report, cleanup });
  }
  if (!skip("THROUGHPUT")) {
    await jobStoreThroughputBench({
      jobs: THROUGHPUT_JOBS,
      batch: CLAIM_BATCH,
      processes: PROCESSES,
      rounds: ROUNDS,
      pgBossPriority: PGBOSS_PRIORITY,
      timeoutMs: WORKER_TIMEOUT_MS,
      schemas,
      report,
      cleanup,
    });
  }
  if (!skip("REFERENCE")) {
    await referenceBench({
      places: intEnv("BENCH_REFERENCE_PLACES", 1_000_000),
      matchJobs: intEnv("BENCH_MATCH_JOBS", 20_000),
      report,
      cleanup,
      schemas: skip("POSTGRES") ? null : schemas,
      sqlite: !skip("SQLITE"),
    });
  }
  return 0;
}

const cleanup = new Cleanup();
let aborting = false;
/** Signal or watchdog: clean up, then exit (whatever `main` is still waiting for). */
function abort(reason: string, code: number): void {
  if (aborting) return;
  aborting = true;
  process.stderr.write(`\n${reason}: cleaning up\n`);
  void cleanup.runAll().finally(() => process.exit(code));
}
process.on("SIGINT", () => abort("interrupted", 130)); // `on`: npm and tsx relay the signal again
process.on("SIGTERM", () => abort("terminated", 143));
const watchdog = setTimeout(() => abort(`bench still running after ${TIMEOUT_MS / 1000} s`, 1), TIMEOUT_MS);
watchdog.unref();

const started = performance.now();
let code: number;
try {
  code = await main(cleanup);
} catch (error) {
  // After a signal or the watchdog, failures of the interrupted work are expected: not reported.
  if (!aborting) {
    process.stderr.write(
      `\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
    );
  }
  code = 1;
}
if (!aborting) {
  await cleanup.runAll();
  report(
    `\n(bench took ${((performance.now() - started) / 1000).toFixed(0)} s; temp files and schemas removed)`,
  );
  process.exit(code);
}
