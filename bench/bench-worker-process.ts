/**
 * One worker process of the job-store throughput benchmark (spawned by job-store-throughput.ts with
 * `node --import tsx`, an IPC channel and a JSON spec as argv[2]). It connects, says `ready`, waits for
 * `go`, then claims and completes no-op jobs in batches until none is left, and reports `done` with its
 * count and time. It exits when the parent goes away.
 *
 *   ours:   PostgresStore.claimJobs({limit}) → completeJobs (a minimal stored result) → repeat
 *   pgboss: boss.fetch(queue, {batchSize}) → boss.complete(queue, ids) → repeat
 */
import { randomBytes } from "node:crypto";
import PgBoss from "pg-boss";
import type { CompletedJob, StoredResult } from "../src/store/port.js";
import { PostgresStore } from "../src/store/postgres/postgres-store.js";

export type WorkerSpec =
  | { kind: "ours"; url: string; batch: number }
  | { kind: "pgboss"; url: string; schema: string; queue: string; batch: number; priority: boolean };

export type WorkerMessage =
  | { type: "ready" }
  | { type: "done"; processed: number; ms: number }
  | { type: "error"; message: string };

const NOOP_RESULT: StoredResult = {
  country_code: null,
  inputs: {},
  outputs: {},
  reasoning: {},
  confidence_scores: {},
  enrichment_metadata: {},
  last_enriched: null,
};

interface Worker {
  /** Processes jobs until none is left; returns how many. */
  run(): Promise<number>;
  close(): Promise<void>;
}

async function ourWorker(spec: Extract<WorkerSpec, { kind: "ours" }>): Promise<Worker> {
  const store = new PostgresStore(spec.url, { poolSize: 2 });
  await store.ping();
  const workerId = `bench:${process.pid}:${randomBytes(4).toString("hex")}`;
  return {
    async run() {
      let processed = 0;
      for (;;) {
        const claimed = await store.claimJobs({
          workerId,
          limit: spec.batch,
          leaseMs: 60_000,
          now: Date.now(),
        });
        if (claimed.length === 0) return processed;
        const jobs: CompletedJob[] = claimed.map((job) => ({
          pk: job.pk,
          result: NOOP_RESULT,
          attributeStatus: {},
          filledMask: 0,
        }));
        processed += await store.completeJobs({ workerId, jobs, now: Date.now() });
      }
    },
    close: () => store.close(),
  };
}

async function pgBossWorker(spec: Extract<WorkerSpec, { kind: "pgboss" }>): Promise<Worker> {
  const boss = new PgBoss({
    connectionString: spec.url,
    schema: spec.schema,
    max: 2,
    migrate: false,
    supervise: false,
    schedule: false,
  });
  boss.on("error", (error) => process.stderr.write(`pg-boss worker: ${error.message}\n`));
  await boss.start();
  await boss.getQueueSize(spec.queue); // connection opened before the clock starts
  return {
    async run() {
      let processed = 0;
      for (;;) {
        const jobs = await boss.fetch(spec.queue, { batchSize: spec.batch, priority: spec.priority });
        if (jobs.length === 0) return processed;
        await boss.complete(
          spec.queue,
          jobs.map((job) => job.id),
        );
        processed += jobs.length;
      }
    },
    close: () => boss.stop({ graceful: false, wait: true }),
  };
}

/** Sends to the parent and resolves once the message is handed to the IPC channel. */
function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send) process.send(message, () => resolve());
    else resolve();
  });
}

async function main(): Promise<void> {
  if (!process.send) throw new Error("bench-worker-process must be spawned with an IPC channel");
  process.on("disconnect", () => process.exit(2)); // the parent died or gave up on us
  const spec = JSON.parse(process.argv[2] ?? "") as WorkerSpec;
  const worker = spec.kind === "ours" ? await ourWorker(spec) : await pgBossWorker(spec);
  const go = new Promise<void>((resolve) => process.once("message", () => resolve())); // the only message
  await send({ type: "ready" });
  await go;
  const start = performance.now();
  const processed = await worker.run();
  const elapsed = performance.now() - start;
  await worker.close();
  await send({ type: "done", processed, ms: elapsed });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await send({
      type: "error",
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exit(1);
  },
);
