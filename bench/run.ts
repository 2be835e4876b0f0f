/**
 * `npm run bench`: the speed targets of the service, each reported against a baseline measured in
 * the same run (absolute times on a shared 2-core machine mean little; ratios travel).
 *
 *  1. Accept a 50,000-job batch over HTTP vs a bare prepared INSERT of the same rows in one
 *     transaction (aim ≤ 3x).
 *  2. Batch status and one 1,000-job results page for that batch (aim < 50 ms each).
 *  3. Jobs/s through the worker with the inputs source only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pino from "pino";
import { createOrgWithKey } from "../src/accounts/api-keys.js";
import { buildApp } from "../src/api/app.js";
import { systemClock } from "../src/clock.js";
import { createWorkerPool } from "../src/composition.js";
import { loadConfig } from "../src/config.js";
import { CORE_ATTRIBUTES } from "../src/domain/attributes.js";
import { createPlaceEnricher } from "../src/enrich/enricher.js";
import { openStore } from "../src/store/open-store.js";
import { realisticJobs } from "./realistic-jobs.js";

const JOBS = Number(process.env.BENCH_JOBS ?? 50_000);
const WORKER_JOBS = Number(process.env.BENCH_WORKER_JOBS ?? 10_000);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function ms(n: number): string {
  return `${n.toFixed(1)} ms`;
}

async function timed<T>(task: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await task();
  return [value, performance.now() - start];
}

/**
 * Baseline: the same rows through one bare prepared INSERT in one transaction, into the service's own
 * jobs table (same migrations, so the same indexes) — what the database itself costs, without HTTP,
 * parsing, validation or the store's upsert logic.
 */
async function bareInsert(dir: string, jobs: ReturnType<typeof realisticJobs>): Promise<number> {
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
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const insert = db.prepare(
    `INSERT INTO jobs (org_id, batch_pk, place_id, status, inputs, attributes, requested_mask, refresh,
       run_after, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?, 6, 0, ?, ?, ?)`,
  );
  const now = Date.now();
  const start = performance.now();
  db.transaction(() => {
    for (const job of jobs) {
      insert.run(
        org.id,
        batch.pk,
        job.place_id,
        JSON.stringify(job.inputs),
        '["websites","phoneNumbers"]',
        now,
        now,
        now,
      );
    }
  })();
  const elapsed = performance.now() - start;
  db.close();
  return elapsed;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "place-enrich-bench-"));
  const lines: string[] = [];
  const report = (line: string) => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  try {
    const config = { ...loadConfig({}), workerConcurrency: 4 };
    const store = openStore(join(dir, "service.db"));
    await store.migrate();
    const enricher = createPlaceEnricher();
    const app = await buildApp({ store, config, clock: systemClock, enricher });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const { key } = await createOrgWithKey(store, "bench", Date.now());
    const jobs = realisticJobs(JOBS);
    const body = JSON.stringify({ batch_name: "bench", jobs, attributes: ["websites", "phoneNumbers"] });
    report(`# place-enrichment bench — ${JOBS} jobs, request body ${(body.length / 1e6).toFixed(1)} MB`);

    const baseline = await bareInsert(dir, jobs);
    const [response, accept] = await timed(() =>
      fetch(`http://127.0.0.1:${port}/v1/bench/place_enrichment/batches`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      }),
    );
    if (response.status !== 200)
      throw new Error(`create failed: ${response.status} ${await response.text()}`);
    const batch = (await response.json()) as { id: string };
    report(
      `accept ${JOBS} jobs over HTTP: ${ms(accept)}; bare prepared INSERT into the same table: ${ms(baseline)}; ratio ${(accept / baseline).toFixed(2)}x (aim ≤ 3x)`,
    );

    const get = (path: string) =>
      fetch(`http://127.0.0.1:${port}/v1/bench/place_enrichment${path}`, {
        headers: { authorization: `Bearer ${key}` },
      }).then(async (r) => {
        await r.arrayBuffer();
        if (!r.ok) throw new Error(`${path}: ${r.status}`);
      });
    const statusTimes: number[] = [];
    const pageTimes: number[] = [];
    for (let i = 0; i < 15; i++) {
      statusTimes.push((await timed(() => get(`/batches/${batch.id}`)))[1]);
      pageTimes.push(
        (await timed(() => get(`/jobs?batchId=${batch.id}&limit=1000&offset=${(i * 1000) % JOBS}`)))[1],
      );
    }
    report(`batch status (${JOBS} place ids): median ${ms(median(statusTimes))} (aim < 50 ms)`);
    report(`results page of 1,000 queued jobs: median ${ms(median(pageTimes))} (aim < 50 ms)`);
    await app.close();

    // Worker throughput on a fresh batch, inputs source only.
    const workerStore = openStore(join(dir, "worker.db"));
    await workerStore.migrate();
    const org = await createOrgWithKey(workerStore, "bench", Date.now());
    await workerStore.createOrAppendBatch({
      orgId: org.org.id,
      batchId: "worker-bench",
      batchName: "worker bench",
      jobs: realisticJobs(WORKER_JOBS).map((j) => ({
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
      enricher,
      config: { ...config, cacheTtlMs: 0 },
      clock: systemClock,
      logger: pino({ level: "silent" }),
    });
    await pool.runOnce(); // warm-up: loads brand index and address parser
    const [, workerTime] = await timed(async () => {
      while (await pool.runOnce()) {}
    });
    const processed = pool.stats.completed + pool.stats.failed;
    report(
      `worker, inputs source only, core attributes: ${processed} jobs in ${ms(workerTime)} = ${Math.round((processed / workerTime) * 1000)} jobs/s`,
    );
    await workerStore.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
