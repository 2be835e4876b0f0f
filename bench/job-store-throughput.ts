/**
 * Claim+complete throughput of the job store with a no-op enrichment, in 1 and 4 worker processes, against
 * pg-boss doing the same no-op jobs on the same server in the same run. Every run starts from its own
 * fresh queue (ours: a fresh schema; pg-boss: a fresh queue, i.e. its own partition) holding JOBS queued
 * jobs with the same payload, enqueued and ANALYZEd before the clock starts. The clock runs from `go`
 * (every process connected and ready) until the last process found no job left.
 *
 * pg-boss is driven by a `fetch({batchSize, priority: false})` → `complete(ids)` loop, its fastest idiomatic
 * way: `boss.work()` sleeps out the rest of its polling interval (at least 0.5 s) after every batch that took
 * less, which caps it near batchSize / 0.5 s per worker (measured: ~200 jobs/s at batchSize 100), and
 * `priority: true` (fetch's default) sorts the queue by priority first (measured ~20-30% slower).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import PgBoss from "pg-boss";
import { createOrgWithKey } from "../src/accounts/api-keys.js";
import { quoteIdent } from "../src/store/postgres/connection.js";
import { PostgresStore } from "../src/store/postgres/postgres-store.js";
import type { WorkerMessage, WorkerSpec } from "./bench-worker-process.js";
import { BENCH_ATTRIBUTES, type Cleanup, median, perSecond, type Report } from "./common.js";
import { adminQuery, BENCH_DATABASE_URL, type BenchSchemas } from "./postgres-support.js";
import { realisticJobs } from "./realistic-jobs.js";

const PG_BOSS_VERSION = (createRequire(import.meta.url)("pg-boss/package.json") as { version: string })
  .version;
const REPO_ROOT = join(import.meta.dirname, "..");
const WORKER_FILE = join(import.meta.dirname, "bench-worker-process.ts");

interface ThroughputOptions {
  jobs: number;
  batch: number;
  processes: number[];
  /** Runs per configuration; the median is reported, with the range. */
  rounds: number;
  /** pg-boss fetch ordering: `priority desc, created_on, id` (its default) or `created_on, id`. */
  pgBossPriority: boolean;
  timeoutMs: number;
  schemas: BenchSchemas;
  report: Report;
  cleanup: Cleanup;
}

/**
 * Spawns `count` worker processes, starts them together once all are ready and resolves with the wall time
 * until the last one is done. Children are killed on failure, timeout, or at cleanup.
 */
async function runWorkers(
  count: number,
  spec: WorkerSpec,
  opts: Pick<ThroughputOptions, "timeoutMs" | "cleanup">,
): Promise<{ ms: number; processed: number }> {
  const children: ChildProcess[] = [];
  const killAll = opts.cleanup.add(`kill ${spec.kind} worker processes`, () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  try {
    let ready = 0;
    let done = 0;
    let processed = 0;
    let started = 0;
    let finish!: (elapsed: number) => void;
    let fail!: (error: Error) => void;
    const finished = new Promise<number>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    const timer = setTimeout(
      () => fail(new Error(`${spec.kind} workers did not finish within ${opts.timeoutMs / 1000} s`)),
      opts.timeoutMs,
    );
    for (let i = 0; i < count; i++) {
      const child = spawn(process.execPath, ["--import", "tsx", WORKER_FILE, JSON.stringify(spec)], {
        cwd: REPO_ROOT,
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      });
      children.push(child);
      let reported = false;
      child.on("message", (message: WorkerMessage) => {
        if (message.type === "ready" && ++ready === count) {
          started = performance.now();
          for (const c of children) c.send("go");
        } else if (message.type === "done") {
          reported = true;
          processed += message.processed;
          if (++done === count) finish(performance.now() - started);
        } else if (message.type === "error") {
          reported = true;
          fail(new Error(`${spec.kind} worker process failed: ${message.message}`));
        }
      });
      child.on("error", (error) => fail(error));
      child.on("exit", (code, signal) => {
        if (!reported) fail(new Error(`${spec.kind} worker process exited early (${signal ?? code})`));
      });
    }
    const elapsed = await finished.finally(() => clearTimeout(timer));
    return { ms: elapsed, processed };
  } finally {
    await killAll();
  }
}

async function enqueueOurs(url: string, jobs: ReturnType<typeof realisticJobs>): Promise<void> {
  const store = new PostgresStore(url, { poolSize: 1 });
  try {
    await store.migrate();
    const { org } = await createOrgWithKey(store, "bench", Date.now());
    await store.createOrAppendBatch({
      orgId: org.id,
      batchId: "throughput",
      batchName: "throughput",
      jobs: jobs.map((j) => ({
        placeId: j.place_id,
        inputs: j.inputs,
        attributes: [...BENCH_ATTRIBUTES],
        refresh: false,
      })),
      kickOff: true,
      now: Date.now(),
    });
  } finally {
    await store.close();
  }
}

export async function jobStoreThroughputBench(opts: ThroughputOptions): Promise<void> {
  const { schemas, report, cleanup } = opts;
  const jobs = realisticJobs(opts.jobs);
  report(
    `\n## Job store throughput: claim+complete of ${opts.jobs} no-op jobs, batches of ${opts.batch}, ` +
      `worker processes; median of ${opts.rounds} runs (range)`,
  );
  report(
    `ours: PostgresStore.claimJobs({limit: ${opts.batch}}) → completeJobs (minimal stored result) loop per process`,
  );
  report(
    `pg-boss ${PG_BOSS_VERSION}: boss.fetch(queue, {batchSize: ${opts.batch}, priority: ${opts.pgBossPriority}}) → boss.complete(queue, ids) loop per process`,
  );

  // One pg-boss instance (its own schema) enqueues for every run; the workers run in child processes.
  const bossSchema = schemas.create("pgboss").schema;
  const boss = new PgBoss({
    connectionString: BENCH_DATABASE_URL,
    schema: bossSchema,
    max: 2,
    supervise: false,
    schedule: false,
  });
  boss.on("error", (error) => process.stderr.write(`pg-boss: ${error.message}\n`));
  const stopBoss = cleanup.add("stop pg-boss", () => boss.stop({ graceful: false, wait: true }));
  await boss.start();

  const runOurs = async (processes: number, round: number): Promise<number> => {
    // A fresh schema with JOBS queued jobs, dropped after the run.
    const { schema, url, drop } = schemas.create(`tp${processes}_${round}`);
    await enqueueOurs(url, jobs);
    await adminQuery(`ANALYZE ${quoteIdent(schema)}.jobs`);
    const run = await runWorkers(processes, { kind: "ours", url, batch: opts.batch }, opts);
    const done = await adminQuery(
      `SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.jobs WHERE status = 'completed'`,
    );
    if (run.processed !== opts.jobs || done.rows[0]?.n !== opts.jobs) {
      throw new Error(`ours: ${run.processed} processed, ${done.rows[0]?.n} completed of ${opts.jobs}`);
    }
    await drop();
    return run.ms;
  };
  const runPgBoss = async (processes: number, round: number): Promise<number> => {
    // A fresh queue (its own partition) with the same payloads, batch-inserted. (Kept: deleteQueue of a
    // queue with completed jobs fails on pg-boss's own q_fkey in 10.4.2; the schema goes at the end.)
    const queue = `bench-${processes}-${round}`;
    await boss.createQueue(queue);
    for (let i = 0; i < jobs.length; i += 10_000) {
      await boss.insert(jobs.slice(i, i + 10_000).map((j) => ({ name: queue, data: j })));
    }
    await adminQuery(`ANALYZE ${quoteIdent(bossSchema)}.job`);
    const spec: WorkerSpec = {
      kind: "pgboss",
      url: BENCH_DATABASE_URL,
      schema: bossSchema,
      queue,
      batch: opts.batch,
      priority: opts.pgBossPriority,
    };
    const run = await runWorkers(processes, spec, opts);
    const done = await adminQuery(
      `SELECT count(*)::int AS n FROM ${quoteIdent(bossSchema)}.job WHERE name = $1 AND state = 'completed'`,
      [queue],
    );
    if (run.processed !== opts.jobs || done.rows[0]?.n !== opts.jobs) {
      throw new Error(`pg-boss: ${run.processed} processed, ${done.rows[0]?.n} completed of ${opts.jobs}`);
    }
    return run.ms;
  };

  const describe = (times: number[]) => {
    const rates = times.map((t) => perSecond(opts.jobs, t)).sort((a, b) => a - b);
    const range = rates.length > 1 ? ` (${rates[0]}–${rates[rates.length - 1]})` : "";
    return { rate: median(rates), text: `${median(rates)} jobs/s${range}` };
  };
  for (const processes of opts.processes) {
    const ours: number[] = [];
    const pgBoss: number[] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      ours.push(await runOurs(processes, round));
      pgBoss.push(await runPgBoss(processes, round));
    }
    const a = describe(ours);
    const b = describe(pgBoss);
    report(
      `${processes} process${processes === 1 ? ": " : "es:"} ours ${a.text}; pg-boss ${b.text}; ours/pg-boss ${(a.rate / b.rate).toFixed(2)}x`,
    );
  }
  await stopBoss();
}
