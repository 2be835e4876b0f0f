/**
 * PostgreSQL: accepting a batch over HTTP (the real Fastify server on our PostgresStore) against three
 * bare baselines into the same jobs table (same migrations, so the same indexes), each in a fresh schema
 * and one transaction; then the batch views after ANALYZE.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createOrgWithKey } from "../src/accounts/api-keys.js";
import { attributesToMask } from "../src/domain/attributes.js";
import { quoteIdent } from "../src/store/postgres/connection.js";
import { PostgresStore } from "../src/store/postgres/postgres-store.js";
import type { EnrichmentPool } from "../src/worker/enrichment-pool.js";
import {
  ApiServer,
  BENCH_ATTRIBUTES,
  type BenchJob,
  batchBody,
  type Cleanup,
  median,
  ms,
  type Report,
  ratio,
  timed,
} from "./common.js";
import {
  adminQuery,
  BENCH_DATABASE_URL,
  type BenchSchemas,
  connect,
  copyFrom,
  copyText,
  linesToChunks,
  psqlCopy,
  redact,
} from "./postgres-support.js";
import { realisticJobs } from "./realistic-jobs.js";

const COLUMNS =
  "org_id, batch_pk, place_id, status, inputs, attributes, requested_mask, refresh, run_after, created_at, updated_at";

/** A freshly migrated schema holding one org and one empty batch, as the store would create them. */
async function emptyBatch(schemas: BenchSchemas, suffix: string) {
  const { schema, url, drop } = schemas.create(suffix);
  const store = new PostgresStore(url, { poolSize: 1 });
  try {
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
    return { schema, orgId: org.id, batchPk: batch.pk, drop };
  } finally {
    await store.close();
  }
}

/** Flushes dirty buffers before a timed load, so no load pays for the previous one's checkpoint. */
async function checkpoint(): Promise<void> {
  await adminQuery("CHECKPOINT");
}

/** The rows in COPY text format, one line per job (the same values the unnest baseline inserts). */
function* copyLines(jobs: readonly BenchJob[], orgId: string, batchPk: number, now: number) {
  const attributes = copyText(JSON.stringify(BENCH_ATTRIBUTES));
  const fixedHead = `${copyText(orgId)}\t${batchPk}\t`;
  const fixedTail = `\t${attributes}\t${attributesToMask(BENCH_ATTRIBUTES)}\tf\t${now}\t${now}\t${now}\n`;
  for (const job of jobs) {
    yield `${fixedHead}${copyText(job.place_id)}\tqueued\t${copyText(JSON.stringify(job.inputs))}${fixedTail}`;
  }
}

/** Baseline: one INSERT ... SELECT FROM unnest(arrays) of all rows, in one transaction. */
async function unnestInsert(
  schemas: BenchSchemas,
  jobs: readonly BenchJob[],
  round: number,
): Promise<number> {
  const { schema, orgId, batchPk, drop } = await emptyBatch(schemas, `unnest${round}`);
  const client = await connect(schema);
  try {
    await checkpoint();
    const now = Date.now();
    const start = performance.now();
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO jobs (${COLUMNS})
       SELECT $1, $2, u.place_id, 'queued', u.inputs, $3, $4, false, $5, $5, $5
       FROM unnest($6::text[], $7::text[]) AS u(place_id, inputs)`,
      [
        orgId,
        batchPk,
        JSON.stringify(BENCH_ATTRIBUTES),
        attributesToMask(BENCH_ATTRIBUTES),
        now,
        jobs.map((j) => j.place_id),
        jobs.map((j) => JSON.stringify(j.inputs)),
      ],
    );
    await client.query("COMMIT");
    return performance.now() - start;
  } finally {
    await client.end();
    await drop();
  }
}

/** Baseline: COPY jobs FROM STDIN from this process (rows encoded while timed), in one transaction. */
async function copyFromStdin(
  schemas: BenchSchemas,
  jobs: readonly BenchJob[],
  round: number,
): Promise<number> {
  const { schema, orgId, batchPk, drop } = await emptyBatch(schemas, `copy${round}`);
  const client = await connect(schema);
  try {
    await checkpoint();
    const now = Date.now();
    const start = performance.now();
    await client.query("BEGIN");
    const copied = await copyFrom(
      client,
      `COPY jobs (${COLUMNS}) FROM STDIN`,
      linesToChunks(copyLines(jobs, orgId, batchPk, now)),
    );
    await client.query("COMMIT");
    const elapsed = performance.now() - start;
    if (copied !== jobs.length) throw new Error(`COPY stored ${copied} rows, expected ${jobs.length}`);
    return elapsed;
  } finally {
    await client.end();
    await drop();
  }
}

/** Baseline: psql \copy of a prepared file (written before timing). */
async function psqlCopyBaseline(
  schemas: BenchSchemas,
  dir: string,
  jobs: readonly BenchJob[],
  round: number,
) {
  const { schema, orgId, batchPk, drop } = await emptyBatch(schemas, `psql${round}`);
  try {
    const file = join(dir, "jobs.copy");
    writeFileSync(file, [...copyLines(jobs, orgId, batchPk, Date.now())].join(""));
    await checkpoint();
    return await psqlCopy(`${quoteIdent(schema)}.jobs`, COLUMNS, file);
  } finally {
    await drop();
  }
}

/** The API on a PostgresStore in a fresh schema; `load` times one batch POST after a small warm-up batch. */
async function apiServer(opts: {
  schemas: BenchSchemas;
  cleanup: Cleanup;
  enrichment: EnrichmentPool;
  round: number;
}) {
  const { schema, url, drop } = opts.schemas.create(`api${opts.round}`);
  const store = new PostgresStore(url);
  const closeStore = opts.cleanup.add("close the PostgreSQL API store", () => store.close());
  await store.migrate();
  const server = await ApiServer.start(store, opts.enrichment);
  const closeServer = opts.cleanup.add("stop the PostgreSQL API server", () => server.close());
  // Warm-up (not timed): opens pool connections, compiles the route's validators.
  await server.createBatch(batchBody("warm-up", realisticJobs(10)));
  return {
    schema,
    server,
    async load(body: string, expected: number): Promise<{ batchId: string; ms: number }> {
      await checkpoint();
      const [batchId, elapsed] = await timed(() => server.createBatch(body));
      const stored = await adminQuery(
        `SELECT count(*)::int AS n FROM ${quoteIdent(schema)}.jobs j JOIN ${quoteIdent(schema)}.batches b
           ON b.pk = j.batch_pk WHERE b.id = $1`,
        [batchId],
      );
      if (stored.rows[0]?.n !== expected)
        throw new Error(`stored ${stored.rows[0]?.n} jobs, expected ${expected}`);
      return { batchId, ms: elapsed };
    },
    async close() {
      await closeServer();
      await closeStore();
      await drop();
    },
  };
}

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted.length > 1
    ? `${ms(median(sorted))} (${sorted[0]!.toFixed(0)}–${sorted[sorted.length - 1]!.toFixed(0)})`
    : ms(sorted[0]!);
}

export async function postgresApiBench(opts: {
  dir: string;
  jobs: number;
  rounds: number;
  enrichment: EnrichmentPool;
  schemas: BenchSchemas;
  report: Report;
  cleanup: Cleanup;
}): Promise<void> {
  const { schemas, report, cleanup, rounds } = opts;
  const jobs = realisticJobs(opts.jobs);
  const body = batchBody("bench", jobs);
  report(
    `\n## PostgreSQL (${redact(BENCH_DATABASE_URL)}): loads into a fresh schema each, CHECKPOINT before each; median of ${rounds} (range)`,
  );

  const times = {
    http: [] as number[],
    copy: [] as number[],
    psql: [] as number[],
    psqlWall: [] as number[],
    unnest: [] as number[],
  };
  let last: { api: Awaited<ReturnType<typeof apiServer>>; batchId: string } | undefined;
  for (let round = 1; round <= rounds; round++) {
    times.unnest.push(await unnestInsert(schemas, jobs, round));
    times.copy.push(await copyFromStdin(schemas, jobs, round));
    const psql = await psqlCopyBaseline(schemas, opts.dir, jobs, round);
    times.psql.push(psql.timingMs ?? psql.wallMs);
    times.psqlWall.push(psql.wallMs);
    const api = await apiServer({ schemas, cleanup, enrichment: opts.enrichment, round });
    const { batchId, ms: accept } = await api.load(body, opts.jobs);
    times.http.push(accept);
    // The last round's batch stays for the read measurements.
    if (round < rounds) await api.close();
    else last = { api, batchId };
  }

  const http = median(times.http);
  report(`accept ${opts.jobs} jobs over HTTP: ${summary(times.http)}`);
  report(
    `  baseline COPY jobs FROM STDIN (pg protocol from this process, rows encoded while timed): ${summary(times.copy)}`,
  );
  report(
    `  baseline psql \\copy of a prepared file (psql's \\timing): ${summary(times.psql)}; whole psql process ${summary(times.psqlWall)}`,
  );
  report(`  baseline one INSERT ... SELECT FROM unnest(arrays): ${summary(times.unnest)}`);
  report(
    `  ratio vs COPY FROM STDIN: ${ratio(http, median(times.copy))} (aim ≤ 3x); vs psql \\copy: ${ratio(http, median(times.psql))}; vs unnest INSERT: ${ratio(http, median(times.unnest))}`,
  );

  const { api, batchId } = last!;
  await adminQuery(`ANALYZE ${quoteIdent(api.schema)}.jobs`);
  const reads = await api.server.measureReads(batchId, opts.jobs);
  report(
    `batch status (${opts.jobs} place ids), after ANALYZE jobs: median ${ms(reads.status)} (aim < 50 ms)`,
  );
  report(`results page of 1,000 queued jobs, after ANALYZE jobs: median ${ms(reads.page)} (aim < 50 ms)`);
  // Right after a bulk insert no heap page is all-visible yet, so the covering indexes cannot serve
  // index-only scans; autovacuum's insert threshold sets the visibility map within about a minute.
  await adminQuery(`VACUUM ${quoteIdent(api.schema)}.jobs`);
  const vacuumed = await api.server.measureReads(batchId, opts.jobs);
  report(
    `  the same after VACUUM jobs (what autovacuum does soon after a bulk insert): status ${ms(vacuumed.status)}, page ${ms(vacuumed.page)}`,
  );
  await api.close();
}
