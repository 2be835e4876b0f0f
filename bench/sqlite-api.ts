/**
 * SQLite: accepting a batch over HTTP against a bare prepared INSERT, the batch views, and worker
 * throughput with the inputs source only.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import pino from "pino";
import { createOrgWithKey } from "../src/accounts/api-keys.js";
import { systemClock } from "../src/clock.js";
import { createWorkerPool } from "../src/composition.js";
import { loadConfig } from "../src/config.js";
import { attributesToMask, CORE_ATTRIBUTES } from "../src/domain/attributes.js";
import { openStore } from "../src/store/open-store.js";
import type { EnrichmentPool } from "../src/worker/enrichment-pool.js";
import {
  ApiServer,
  BENCH_ATTRIBUTES,
  type BenchJob,
  batchBody,
  type Cleanup,
  ms,
  perSecond,
  type Report,
  ratio,
  timed,
} from "./common.js";
import { realisticJobs } from "./realistic-jobs.js";

/**
 * Baseline: the same rows through one bare prepared INSERT in one transaction, into the service's own
 * jobs table (same migrations, so the same indexes) — what the database itself costs, without HTTP,
 * parsing, validation or the store's upsert logic.
 */
async function bareInsert(dir: string, jobs: readonly BenchJob[]): Promise<number> {
  const path = join(dir, "baseline.db");
  const store = openStore(path);
  await store.migrate();
  const { org } = await createOrgWithKey(store, "baseline", Date.now());
  const { batch } = await store.createOrAppendBatch({
    orgId: org.id,
    batchId: "baseline",
    batchName: "baseline",
    jobs: [],
    kickOff: true,
    now: Date.now(),
  });
  await store.close();
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    const insert = db.prepare(
      `INSERT INTO jobs (org_id, batch_pk, place_id, status, inputs, attributes, requested_mask, refresh,
         run_after, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?, ?, 0, ?, ?, ?)`,
    );
    const attributes = JSON.stringify(BENCH_ATTRIBUTES);
    const mask = attributesToMask(BENCH_ATTRIBUTES);
    const now = Date.now();
    const start = performance.now();
    db.transaction(() => {
      for (const job of jobs) {
        insert.run(
          org.id,
          batch.pk,
          job.place_id,
          JSON.stringify(job.inputs),
          attributes,
          mask,
          now,
          now,
          now,
        );
      }
    })();
    return performance.now() - start;
  } finally {
    db.close();
  }
}

export async function sqliteBench(opts: {
  dir: string;
  jobs: number;
  workerJobs: number;
  enrichment: EnrichmentPool;
  report: Report;
  cleanup: Cleanup;
}): Promise<void> {
  const { dir, enrichment, report, cleanup } = opts;
  const store = openStore(join(dir, "service.db"));
  const closeStore = cleanup.add("close the SQLite store", () => store.close());
  await store.migrate();
  const server = await ApiServer.start(store, enrichment);
  const closeServer = cleanup.add("stop the SQLite API server", () => server.close());
  const jobs = realisticJobs(opts.jobs);
  const body = batchBody("bench", jobs);
  report(`\n## SQLite (file in a temp dir; WAL, synchronous=NORMAL)`);

  const baseline = await bareInsert(dir, jobs);
  const [batchId, accept] = await timed(() => server.createBatch(body));
  report(
    `accept ${opts.jobs} jobs over HTTP: ${ms(accept)}; bare prepared INSERT into the same table: ${ms(baseline)}; ratio ${ratio(accept, baseline)} (aim ≤ 3x)`,
  );
  const reads = await server.measureReads(batchId, opts.jobs);
  report(`batch status (${opts.jobs} place ids): median ${ms(reads.status)} (aim < 50 ms)`);
  report(`results page of 1,000 queued jobs: median ${ms(reads.page)} (aim < 50 ms)`);
  await closeServer();
  await closeStore();

  // Worker throughput on a fresh batch, inputs source only.
  const workerStore = openStore(join(dir, "worker.db"));
  const closeWorkerStore = cleanup.add("close the SQLite worker store", () => workerStore.close());
  await workerStore.migrate();
  const org = await createOrgWithKey(workerStore, "bench", Date.now());
  await workerStore.createOrAppendBatch({
    orgId: org.org.id,
    batchId: "worker-bench",
    batchName: "worker bench",
    jobs: realisticJobs(opts.workerJobs).map((j) => ({
      placeId: j.place_id,
      inputs: j.inputs,
      attributes: [...CORE_ATTRIBUTES],
      refresh: false,
    })),
    kickOff: true,
    now: Date.now(),
  });
  const pool = createWorkerPool({
    store: workerStore,
    enrichment,
    config: { ...loadConfig({}), workerConcurrency: 4, cacheTtlMs: 0 },
    clock: systemClock,
    logger: pino({ level: "silent" }),
  });
  await pool.runOnce(); // warm-up: loads brand index and address parser (not counted)
  const warmUp = pool.stats.completed + pool.stats.failed;
  const done = () => pool.stats.completed + pool.stats.failed >= opts.workerJobs;
  // As the service runs it: WORKER_CONCURRENCY lanes, each claiming, handing its jobs to the
  // enrichment threads and completing them, so one lane's store round trips overlap the others' work.
  const [, workerTime] = await timed(async () => {
    pool.start();
    while (!done()) await new Promise((r) => setTimeout(r, 5));
  });
  await pool.stop();
  const processed = pool.stats.completed + pool.stats.failed - warmUp;
  report(
    `worker, inputs source only, core attributes, 4 lanes over ${enrichment.threads} enrichment threads: ${processed} jobs in ${ms(workerTime)} = ${perSecond(processed, workerTime)} jobs/s (before threads, one lane on the event loop: 3,463 jobs/s)`,
  );
  await closeWorkerStore();
}
