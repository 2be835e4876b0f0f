/**
 * The Store contract on PostgreSQL (a fresh schema per test), plus what only PostgreSQL has: schema and
 * URL handling, migrations racing on the advisory lock, SKIP LOCKED claiming from several pools, the bulk
 * insert path at 50,000 jobs, and connection failures surfacing as errors instead of crashes.
 */

import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isStoreConflictError } from "../../src/store/errors.js";
import { openStore } from "../../src/store/open-store.js";
import type { NewJob } from "../../src/store/port.js";
import {
  BATCH_PLACE_IDS_BY_STATUS_SQL,
  BATCH_STATS_SQL,
  BATCH_STATUSES_SQL,
} from "../../src/store/postgres/batches.js";
import { CLAIM_SQL } from "../../src/store/postgres/claims.js";
import { parsePostgresUrl } from "../../src/store/postgres/connection.js";
import { MIGRATIONS } from "../../src/store/postgres/migrations.js";
import { PostgresStore } from "../../src/store/postgres/postgres-store.js";
import { SchemaTooNewError } from "../../src/store/schema-version.js";
import {
  adminQuery,
  createTestSchema,
  schemaClient,
  TEST_DATABASE_URL,
  type TestSchema,
  withParam,
} from "../support/postgres.js";
import { completeScenario, expectViewOfA, scenarioResult } from "./completed-view-scenario.js";
import { describeStoreContract } from "./store-contract.js";

describeStoreContract("postgres (schema per test)", async () => {
  const db = await createTestSchema();
  const opened: PostgresStore[] = [];
  const open = () => {
    const store = new PostgresStore(db.url);
    opened.push(store);
    return store;
  };
  return {
    store: open(),
    openAnother: async () => open(),
    cleanup: async () => {
      // A store that fails to close must not keep the database from being removed.
      await Promise.allSettled(opened.map((store) => store.close()));
      await db.drop();
    },
  };
});

// Per-test resources of the specific tests below, released after each test.
const schemas: TestSchema[] = [];
const stores: PostgresStore[] = [];

async function freshSchema(): Promise<TestSchema> {
  const db = await createTestSchema();
  schemas.push(db);
  return db;
}

function openPg(url: string, options: ConstructorParameters<typeof PostgresStore>[1] = {}): PostgresStore {
  const store = new PostgresStore(url, options);
  stores.push(store);
  return store;
}

afterEach(async () => {
  vi.restoreAllMocks();
  // A store that fails to close must not keep its schema from being dropped.
  await Promise.allSettled(stores.splice(0).map((store) => store.close()));
  for (const db of schemas.splice(0)) await db.drop();
});

function jobs(n: number, prefix = "p", overrides: Partial<NewJob> = {}): NewJob[] {
  return Array.from({ length: n }, (_, i) => ({
    placeId: `${prefix}${i}`,
    inputs: { name: `Place ${prefix}${i}`, full_address: `${i} Main St, Springfield`, latitude: 1.5 },
    attributes: ["websites", "phoneNumbers"],
    refresh: false,
    ...overrides,
  }));
}

/** Terminates the server processes of the connections with this application_name; returns how many. */
async function terminateBackends(applicationName: string): Promise<number> {
  // The pids are selected first (materialized): pg_terminate_backend must never run on another connection.
  const { rows } = await adminQuery(
    `WITH mine AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE application_name = $1)
     SELECT count(*)::int AS n FROM mine WHERE pg_terminate_backend(pid)`,
    [applicationName],
  );
  return rows[0].n as number;
}

/** Counts the statements every pg client sends while `fn` runs. */
async function countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const spy = vi.spyOn(pg.Client.prototype, "query");
  try {
    const result = await fn();
    return { result, queries: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

describe("PostgresStore specifics", () => {
  it("creates the schema named in the URL and records each migration once", async () => {
    const db = await freshSchema();
    const a = openPg(db.url);
    const b = openPg(TEST_DATABASE_URL, { schema: db.schema });
    expect(a.schema).toBe(db.schema);
    await a.migrate();
    await b.migrate();
    await a.migrate();
    const tables = await adminQuery(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
      [db.schema],
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      "api_keys",
      "batches",
      "cache",
      "idempotency_keys",
      "jobs",
      "org_usage",
      "orgs",
      "rate_limits",
      "schema_migrations",
      "webhook_deliveries",
    ]);
    const versions = await adminQuery(
      `SELECT version FROM "${db.schema}".schema_migrations ORDER BY version`,
    );
    expect(versions.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it("refuses a schema migrated by a newer version, changing nothing", async () => {
    const db = await freshSchema();
    const store = openPg(db.url);
    await store.migrate();
    await adminQuery(`INSERT INTO "${db.schema}".schema_migrations (version, name) VALUES (999, 'future')`);
    const error = await store.migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as SchemaTooNewError).code).toBe("schema_too_new");
    expect((error as Error).message).toMatch(/migration 999; this version knows migrations up to \d+/);
    await store.close();
  });

  it("migrates from several pools at once on a fresh schema (advisory lock)", async () => {
    const db = await freshSchema();
    const racers = Array.from({ length: 6 }, () => openPg(db.url, { poolSize: 2 }));
    await Promise.all(racers.map((s) => s.migrate()));
    const count = await adminQuery(`SELECT count(*)::int AS n FROM "${db.schema}".schema_migrations`);
    expect(count.rows[0].n).toBe(MIGRATIONS.length);
    await racers[0]!.createOrg("acme", 1);
    expect(await racers[5]!.countOrgs()).toBe(1);
  });

  it("parses schema, pool_size and options out of the URL and rejects bad names", () => {
    expect(parsePostgresUrl("postgres://u:p%40ss@h:5433/db")).toEqual({
      connectionString: "postgres://u:p%40ss@h:5433/db",
    });
    expect(
      parsePostgresUrl(
        "postgresql://h/db?sslmode=disable&schema=app&pool_size=4&options=-c%20work_mem%3D8MB",
      ),
    ).toEqual({
      connectionString: "postgresql://h/db?sslmode=disable",
      schema: "app",
      poolSize: 4,
      options: "-c work_mem=8MB",
    });
    expect(() => new PostgresStore("postgres://h/db?schema=bad;name")).toThrow(/Invalid schema name/);
    expect(() => new PostgresStore("postgres://h/db?pool_size=0")).toThrow(/Invalid pool size/);
  });

  it("is what openStore returns for postgres:// and postgresql:// URLs", async () => {
    const db = await freshSchema();
    for (const url of [db.url, db.url.replace(/^postgres:/, "postgresql:")]) {
      const store = openStore(url);
      try {
        expect(store.kind).toBe("postgres");
        await store.migrate();
        await expect(store.ping()).resolves.toBeUndefined();
      } finally {
        await store.close();
      }
    }
  });

  it("maps unique violations to StoreConflictError", async () => {
    const store = openPg((await freshSchema()).url);
    await store.migrate();
    const org = await store.createOrg("acme", 1);
    const dup = await store.createOrg("acme", 2).catch((e: unknown) => e);
    expect(isStoreConflictError(dup, "duplicate_org_slug")).toBe(true);
    const repeated = await store
      .createOrAppendBatch({
        orgId: org.id,
        batchId: "b",
        batchName: "b",
        jobs: [...jobs(3), ...jobs(1)],
        kickOff: true,
        now: 1,
      })
      .catch((e: unknown) => e);
    expect(isStoreConflictError(repeated, "duplicate_place_id")).toBe(true);
  });

  it("stores JSON documents byte-for-byte (key order, \\u0000) and case-folds non-ASCII names", async () => {
    const store = openPg((await freshSchema()).url);
    await store.migrate();
    const org = await store.createOrg("acme", 1);
    const inputs = { name: "Nul\u0000byte", z: 1, a: { y: [2, { b: 1, a: 0 }] }, full_address: null };
    const { batch } = await store.createOrAppendBatch({
      orgId: org.id,
      batchId: "b",
      batchName: "Cafés de BERLIN",
      jobs: [{ placeId: "x", inputs, attributes: ["names"], refresh: false }],
      kickOff: true,
      now: 1,
    });
    const [job] = (await store.listJobs({ orgId: org.id, batchPk: batch.pk, limit: 10, offset: 0 })).jobs;
    expect(JSON.stringify(job!.inputs)).toBe(JSON.stringify(inputs));
    expect((await store.listBatches(org.id, { limit: 10, offset: 0, query: "CAFÉS" })).total).toBe(1);
  });

  it("keeps a completed job's rendering as its view, and still renders jobs completed before migration 10 from their result", async () => {
    const db = await freshSchema();
    const store = openPg(db.url);
    await store.migrate();
    const { batch, query } = await completeScenario(store);
    const viewed = new TextDecoder().decode(await store.jobsPageJson(query));
    const table = `"${db.schema}".jobs`;
    const { rows } = await adminQuery(`SELECT result, result_view FROM ${table} ORDER BY pk`);
    expect(rows[0].result).toBeNull(); // the view replaces the result: nothing is stored twice
    expectViewOfA(rows[0].result_view);
    // Rows as completed before migration 10: their result, no view.
    for (const placeId of ["a", "b"]) {
      await adminQuery(`UPDATE ${table} SET result = $1, result_view = NULL WHERE place_id = $2`, [
        JSON.stringify(scenarioResult(placeId)),
        placeId,
      ]);
    }
    const rendered = new TextDecoder().decode(await store.jobsPageJson(query));
    expect(JSON.parse(rendered)).toEqual(JSON.parse(viewed));
    // Queued again, a job shows as queued, whatever view its last completion left.
    await store.reprocessBatch({
      orgId: query.orgId,
      batchPk: batch.pk,
      selection: "all",
      refresh: false,
      attributes: null,
      now: 4,
    });
    const requeued = JSON.parse(new TextDecoder().decode(await store.jobsPageJson(query)));
    expect(requeued.jobs.map((j: { status: string }) => j.status)).toEqual(["queued", "queued"]);
    expect(requeued.jobs[0].outputs.website).toBeNull();
  });

  it("four pools claiming 2,000 jobs in parallel never get the same job (SKIP LOCKED)", async () => {
    const db = await freshSchema();
    const first = openPg(db.url);
    await first.migrate();
    const org = await first.createOrg("acme", 0);
    const n = 2000;
    const { batch } = await first.createOrAppendBatch({
      orgId: org.id,
      batchId: "b",
      batchName: "b",
      jobs: jobs(n),
      kickOff: true,
      now: 0,
    });
    const pools = [first, ...Array.from({ length: 3 }, () => openPg(db.url, { poolSize: 4 }))];
    const claimed: number[] = [];
    // 4 pools × 4 loops each claim and complete batches of 25 until nothing is left.
    await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const store = pools[i % pools.length]!;
        const workerId = `w${i}`;
        for (;;) {
          const got = await store.claimJobs({ workerId, limit: 25, leaseMs: 60_000, now: 1 });
          if (got.length === 0) return;
          claimed.push(...got.map((c) => c.pk));
          const stored = await store.completeJobs({
            workerId,
            now: 2,
            jobs: got.map((c) => ({
              pk: c.pk,
              result: {
                country_code: null,
                inputs: {},
                outputs: {},
                reasoning: {},
                confidence_scores: {},
                enrichment_metadata: {},
                last_enriched: null,
              },
              attributeStatus: { websites: "RUN" },
              filledMask: 0b10,
            })),
          });
          expect(stored).toBe(got.length);
        }
      }),
    );
    expect(claimed).toHaveLength(n);
    expect(new Set(claimed).size).toBe(n);
    const stats = await first.getBatchStats(batch.pk);
    expect(stats.counts.completed).toBe(n);
    expect(stats.attributeRequested).toEqual({ websites: n, phoneNumbers: n });
    expect(stats.attributeFilled).toEqual({ websites: n, phoneNumbers: 0 });
  });

  it("concurrent requests creating the same new batch from several pools: one creates, all append", async () => {
    const db = await freshSchema();
    const pools = Array.from({ length: 4 }, () => openPg(db.url, { poolSize: 2 }));
    await pools[0]!.migrate();
    const org = await pools[0]!.createOrg("acme", 0);
    const results = await Promise.all(
      pools.map((store, i) =>
        store.createOrAppendBatch({
          orgId: org.id,
          batchId: "race",
          batchName: `from ${i}`,
          jobs: jobs(500, `s${i}-`),
          kickOff: true,
          now: i,
        }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.batch.pk)).size).toBe(1);
    const statuses = await pools[1]!.listBatchJobStatuses(results[0]!.batch.pk);
    expect(statuses).toHaveLength(2000);
    // Each request's jobs are contiguous: appends to one batch serialize on its row.
    for (let i = 0; i < 4; i++) {
      const positions = statuses.flatMap(([id], k) => (id.startsWith(`s${i}-`) ? [k] : []));
      expect(positions.at(-1)! - positions[0]!).toBe(499);
    }
  });

  it("concurrent replacements of one standalone job leave exactly one", async () => {
    const db = await freshSchema();
    const pools = Array.from({ length: 4 }, () => openPg(db.url, { poolSize: 3 }));
    await pools[0]!.migrate();
    const org = await pools[0]!.createOrg("acme", 0);
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        pools[i % 4]!.createStandaloneJob(org.id, { ...jobs(1)[0]!, refresh: i % 2 === 0 }, i),
      ),
    );
    expect(new Set(created.map((j) => j.pk)).size).toBe(12);
    const listed = await pools[0]!.listJobs({ orgId: org.id, excludeBatches: true, limit: 100, offset: 0 });
    expect(listed.total).toBe(1);
    expect(created.map((j) => j.pk)).toContain(listed.jobs[0]!.pk);
  });

  it("claiming skips rows another transaction has locked instead of waiting for them", async () => {
    const db = await freshSchema();
    const store = openPg(db.url);
    await store.migrate();
    const org = await store.createOrg("acme", 0);
    await store.createOrAppendBatch({
      orgId: org.id,
      batchId: "b",
      batchName: "b",
      jobs: jobs(10),
      kickOff: true,
      now: 0,
    });
    const locker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    locker.on("error", () => {});
    await locker.connect();
    try {
      await locker.query("BEGIN");
      const locked = await locker.query(`SELECT pk FROM "${db.schema}".jobs ORDER BY pk LIMIT 3 FOR UPDATE`);
      const claimed = await store.claimJobs({ workerId: "w", limit: 4, leaseMs: 1000, now: 0 });
      expect(claimed.map((c) => c.placeId)).toEqual(["p3", "p4", "p5", "p6"]);
      expect(claimed.map((c) => c.pk)).not.toContain(locked.rows[0].pk);
      await locker.query("ROLLBACK");
    } finally {
      await locker.end();
    }
    const rest = await store.claimJobs({ workerId: "w2", limit: 100, leaseMs: 1000, now: 0 });
    expect(rest.map((c) => c.placeId)).toEqual(["p0", "p1", "p2", "p7", "p8", "p9"]);
  });

  it("stores 50,000 jobs in one call with a handful of statements, and appends keeping positions", async () => {
    const store = openPg((await freshSchema()).url);
    await store.migrate();
    const org = await store.createOrg("acme", 0);
    // Place ids deliberately not in lexical order: position must follow submission order.
    const n = 50_000;
    const ids = Array.from({ length: n }, (_, i) => `id-${(i * 7919) % n}`);
    const { result, queries } = await countQueries(() =>
      store.createOrAppendBatch({
        orgId: org.id,
        batchId: "big",
        batchName: "big",
        jobs: ids.map((placeId) => ({
          placeId,
          inputs: { name: placeId },
          attributes: ["websites"],
          refresh: false,
        })),
        kickOff: true,
        now: 0,
      }),
    );
    // BEGIN, UPDATE batch, INSERT batch, 5 chunks, COMMIT — never one per job.
    expect(queries).toBeLessThanOrEqual(10);
    const pk = result.batch.pk;
    const statuses = await store.listBatchJobStatuses(pk);
    expect(statuses.map(([id]) => id)).toEqual(ids);
    expect((await store.getBatchStats(pk)).counts.queued).toBe(n);

    // Append 10,000 re-submitted (from the middle) and 10,000 new jobs without kick-off.
    const resubmitted = ids.slice(20_000, 30_000);
    const added = Array.from({ length: 10_000 }, (_, i) => `new-${i}`);
    await store.createOrAppendBatch({
      orgId: org.id,
      batchId: "big",
      batchName: "ignored",
      jobs: [...added.slice(0, 5000), ...resubmitted, ...added.slice(5000)].map((placeId) => ({
        placeId,
        inputs: { name: placeId },
        attributes: ["names"],
        refresh: true,
      })),
      kickOff: false,
      now: 1,
    });
    const after = await store.listBatchJobStatuses(pk);
    expect(after.map(([id]) => id)).toEqual([...ids, ...added]);
    expect((await store.getBatchStats(pk)).counts).toEqual({
      pending: 20_000,
      queued: 40_000,
      in_progress: 0,
      completed: 0,
      failed: 0,
    });
    const page = await store.listJobs({ orgId: org.id, batchPk: pk, limit: 1000, offset: 20_000 });
    expect(page.total).toBe(60_000);
    expect(page.jobs[0]).toMatchObject({
      placeId: ids[20_000],
      status: "pending",
      refresh: true,
      attributes: ["names"],
    });
  });

  it("plans the hot queries on their indexes, also when old completed jobs dominate the table", async () => {
    const db = await freshSchema();
    const store = openPg(db.url);
    await store.migrate();
    const org = await store.createOrg("acme", 0);
    const client = await schemaClient(db.schema);
    try {
      // Five batches of 10,000 jobs complete (the lowest pks), then a sixth is queued. The old rows'
      // updates and the new rows land in heap order, as in production. With a (pk, run_after) jobs_claim
      // index the planner chose to walk the primary key past all 50,000 completed jobs on every claim.
      await client.query(
        `INSERT INTO batches (id, org_id, name, created_at, updated_at)
         SELECT 'b' || g, $1, 'b', 0, 0 FROM generate_series(1, 6) g`,
        [org.id],
      );
      const insertJobs = (batchIds: string[]) =>
        client.query(
          `INSERT INTO jobs (org_id, batch_pk, place_id, status, inputs, attributes, requested_mask,
                            created_at, updated_at)
           SELECT $1, b.pk, 'p' || g, 'queued', '{}', '[]', g % 8, 0, 0
           FROM batches b CROSS JOIN generate_series(1, 10000) g
           WHERE b.id = ANY($2::text[]) ORDER BY b.pk, g`,
          [org.id, batchIds],
        );
      await insertJobs(["b1", "b2", "b3", "b4", "b5"]);
      await client.query("UPDATE jobs SET status = 'completed', filled_mask = requested_mask & 5");
      await insertJobs(["b6"]);
      await client.query("VACUUM ANALYZE jobs");
      const plan = async (sql: string, params: unknown[]) =>
        (await client.query(`EXPLAIN (COSTS OFF) ${sql}`, params)).rows
          .map((r) => r["QUERY PLAN"])
          .join("\n");
      const batchPk = (await store.getBatch(org.id, "b3"))!.pk;
      // A pk-ordered walk of the primary key would pass all 50,000 completed jobs on every claim.
      // (The pick is the scan under LockRows; the UPDATE's own lookup of "jobs j" may use any index.)
      expect(await plan(CLAIM_SQL, [0, 100, "w", 1])).toMatch(
        /LockRows\n\s*->\s*Index Scan using jobs_claim on jobs\n/,
      );
      expect(await plan(BATCH_STATUSES_SQL, [batchPk])).toMatch(/Index Only Scan using jobs_batch_order/);
      expect(await plan(BATCH_STATS_SQL, [batchPk])).toMatch(/Index Only Scan using jobs_batch_status/);
      expect(await plan(BATCH_PLACE_IDS_BY_STATUS_SQL, [batchPk])).toMatch(
        /Index Only Scan using jobs_batch_order/,
      );
      const claimed = await store.claimJobs({ workerId: "w", limit: 3, leaseMs: 1000, now: 0 });
      expect(claimed.map((c) => c.placeId)).toEqual(["p1", "p2", "p3"]);
    } finally {
      await client.end();
    }
  });

  it("fails calls, not the process, when the server is unreachable", async () => {
    // Port 1 on localhost: connection refused at once.
    const store = openPg("postgres://postgres@127.0.0.1:1/test", { connectionTimeoutMs: 2000 });
    await expect(store.ping()).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await expect(store.migrate()).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await expect(store.countOrgs()).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("survives the server terminating its connections (57P01) and reconnects", async () => {
    const db = await freshSchema();
    const app = `place-enrich-test-${randomUUID()}`;
    const errors: Error[] = [];
    const store = openPg(withParam(db.url, "application_name", app), { onIdleError: (e) => errors.push(e) });
    await store.migrate();
    await Promise.all([store.ping(), store.ping(), store.ping()]); // several idle connections in the pool
    const killed = await terminateBackends(app);
    expect(killed).toBeGreaterThan(0);
    await vi.waitFor(() => expect(errors.length).toBe(killed));
    expect(errors[0]).toMatchObject({ code: "57P01" });
    // The dead connections were discarded: the next calls open new ones.
    await expect(store.ping()).resolves.toBeUndefined();
    expect(await store.countOrgs()).toBe(0);
  });

  it("a transaction whose connection is killed rejects and leaves nothing behind", async () => {
    const db = await freshSchema();
    const app = `place-enrich-test-${randomUUID()}`;
    const store = openPg(withParam(db.url, "application_name", app), { poolSize: 1 });
    await store.migrate();
    const org = await store.createOrg("acme", 0);
    // Kill the store's connection while it sits in the batch transaction: hold a lock the transaction waits on.
    const locker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    locker.on("error", () => {});
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query(`LOCK TABLE "${db.schema}".jobs IN EXCLUSIVE MODE`);
      // The outcome is captured at once so the rejection is never unhandled while the test waits.
      const outcome = store
        .createOrAppendBatch({
          orgId: org.id,
          batchId: "b",
          batchName: "b",
          jobs: jobs(5),
          kickOff: true,
          now: 0,
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      await vi.waitFor(async () => {
        const waiting = await adminQuery(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
          [app],
        );
        expect(waiting.rows[0].n).toBe(1);
      });
      expect(await terminateBackends(app)).toBe(1);
      expect(await outcome).toMatchObject({ code: "57P01" });
      await locker.query("ROLLBACK");
    } finally {
      await locker.end();
    }
    expect(await store.getBatch(org.id, "b")).toBeNull();
    expect((await store.listBatches(org.id, { limit: 10, offset: 0 })).total).toBe(0);
  });
});
