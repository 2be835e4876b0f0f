/**
 * POST /jobs while the same org's batch is being written, on the threaded SQLite store (the embedded
 * default): the batch counts its jobs in its own transaction, and the single jobs' counts must not be
 * decided aside from it (deferred-rate-hits.ts), or together they pass JOBS_PER_HOUR. Found by a
 * break-it trial; it failed before jobs-per-hour hits were made exact.
 */
import Database from "better-sqlite3";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createOrgWithKey } from "../../src/accounts/api-keys.js";
import { buildApp } from "../../src/api/app.js";
import { loadConfig } from "../../src/config.js";
import { openStore } from "../../src/store/open-store.js";
import { testEnrichmentPool } from "../support/enrichment.js";
import { ManualClock } from "../support/manual-clock.js";
import { tempDatabasePath } from "../support/temp-db.js";
import { place } from "../support/test-app.js";

/** createTestApp's service, but on the threaded store `serve` uses (createTestApp opens the unthreaded one). */
async function threadedApp(limits: Partial<typeof DEFAULTS>) {
  const file = tempDatabasePath();
  const store = openStore(file.path, { threads: true });
  await store.migrate();
  const clock = new ManualClock();
  const config = { ...loadConfig({}), limits: { ...DEFAULTS, ...limits } };
  let ids = 0;
  const app = await buildApp({
    store,
    config,
    clock,
    enrichment: testEnrichmentPool(),
    logger: pino({ level: "silent" }),
    newId: () => `batch-${++ids}`,
  });
  const acme = await createOrgWithKey(store, "acme", clock.now());
  const call = async (method: "GET" | "POST", path: string, o: { body?: unknown } = {}) => {
    const r = await app.inject({
      method,
      url: `/v1/acme/place_enrichment${path}`,
      headers: { authorization: `Bearer ${acme.key}`, "content-type": "application/json" },
      payload: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    return { status: r.statusCode, headers: r.headers, json: r.body ? JSON.parse(r.body) : null };
  };
  const close = async () => {
    await app.close();
    await store.close();
    file.cleanup();
  };
  return { store, clock, acme, call, close, databaseUrl: file.path };
}
type TestApp = Awaited<ReturnType<typeof threadedApp>>;

const DEFAULTS = loadConfig({}).limits;

async function untilLocked(path: string): Promise<void> {
  const probe = new Database(path);
  probe.pragma("busy_timeout = 0");
  try {
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
      try {
        probe.exec("BEGIN IMMEDIATE");
        probe.exec("ROLLBACK");
      } catch {
        return;
      }
      // Not a tight loop: the probe itself takes the lock for an instant; the writer must get it.
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error("never locked");
  } finally {
    probe.close();
  }
}

describe("POST /jobs during the same org's batch write (sqlite)", () => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("the hour's jobs stay within JOBS_PER_HOUR", async () => {
    const LIMIT = 4000;
    t = await threadedApp({ jobsPerHour: LIMIT });
    const store = t.store as unknown as {
      createOrAppendBatch: (input: { jobs: unknown }) => Promise<unknown>;
    };
    const original = store.createOrAppendBatch.bind(store);
    const singles: Array<Promise<{ status: number }>> = [];
    // Deterministic stand-in for POST /jobs arriving during the accept: when the store asks for the
    // batch's first chunk (its BEGIN IMMEDIATE already posted to the writer), wait until the writer
    // holds the lock, send three POST /jobs, give them time to be admitted, then let the batch go on.
    async function* during(source: AsyncIterable<unknown>) {
      let first = true;
      for await (const chunk of source) {
        if (first) {
          first = false;
          await untilLocked(t.databaseUrl);
          for (const id of ["s1", "s2", "s3"]) singles.push(t.call("POST", "/jobs", { body: place(id) }));
          await new Promise((r) => setTimeout(r, 500));
        }
        yield chunk;
      }
    }
    store.createOrAppendBatch = (input) =>
      original(
        Array.isArray(input.jobs) ? input : { ...input, jobs: during(input.jobs as AsyncIterable<unknown>) },
      );
    const jobs = Array.from({ length: LIMIT }, (_, i) => place(`p${i}`));
    const batch = await t.call("POST", "/batches", { body: { batch_name: "B", jobs } });
    const statuses = (await Promise.all(singles)).map((r) => r.status);
    const accepted = (batch.status === 200 ? LIMIT : 0) + statuses.filter((s) => s === 202).length;
    await new Promise((r) => setTimeout(r, 200)); // the kept hits get written
    const [counter] = await t.store.peekRateLimits({
      buckets: [{ bucket: `org:${t.acme.org.id}:jobs`, windowMs: 3_600_000 }],
      now: t.clock.now(),
    });
    expect({ batch: batch.status, singles: statuses, accepted, counter: counter!.hits }).toMatchObject({
      accepted: expect.any(Number),
    });
    expect(accepted).toBeLessThanOrEqual(LIMIT);
    expect(counter!.hits).toBeLessThanOrEqual(LIMIT);
  }, 60_000);

  it("threaded: a chunked batch one over the limit is the 429, leaves nothing, and the writer goes on", async () => {
    t = await threadedApp({ jobsPerHour: 4000 });
    const places = (n: number, p: string) => Array.from({ length: n }, (_, i) => place(`${p}${i}`));
    const first = await t.call("POST", "/jobs", { body: place("first") });
    expect(first.status).toBe(202);
    // 1 + 4,000 > 4,000: refused in the chunked write's own transaction.
    const over = await t.call("POST", "/batches", {
      body: { batch_name: "A", batch_id: "a", jobs: places(4000, "a") },
    });
    expect(over.status).toBe(429);
    expect(over.headers["retry-after"]).toBe("3600");
    expect((await t.call("GET", "/batches/a")).status).toBe(404);
    const [x, y] = await Promise.all([
      t.call("POST", "/batches", { body: { batch_name: "X", batch_id: "x", jobs: places(2500, "x") } }),
      t.call("POST", "/batches", { body: { batch_name: "Y", batch_id: "y", jobs: places(2500, "y") } }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 429]);
    // 1 + 2,500 counted: 1,499 left, to the job.
    expect((await t.call("POST", "/jobs", { body: place("s") })).status).toBe(202);
    const rest = await t.call("POST", "/batches", { body: { batch_name: "R", jobs: places(1498, "r") } });
    expect(rest.status).toBe(200);
    expect((await t.call("POST", "/jobs", { body: place("t") })).status).toBe(429);
    const list = await t.call("GET", "/batches");
    expect(list.status).toBe(200);
  }, 60_000);
});
