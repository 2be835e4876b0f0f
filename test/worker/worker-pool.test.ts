/** The worker pool against a real SQLite store: leases, reaping, retries, graceful release. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorkerPool } from "../../src/composition.js";
import { loadConfig } from "../../src/config.js";
import { renderJob } from "../../src/domain/job-result-view.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/port.js";
import { Cleanups } from "../support/cleanups.js";
import { type TestEnricher, testEnricherModule, testEnrichmentPool } from "../support/enrichment.js";
import { ManualClock } from "../support/manual-clock.js";
import { emptyStoredResult } from "../support/stored-result.js";
import { tempDatabasePath } from "../support/temp-db.js";

const cleanups = new Cleanups();
afterEach(() => cleanups.runAll());

async function setup(
  options: { enricher?: TestEnricher; config?: Record<string, number>; storeThreads?: boolean } = {},
) {
  const db = tempDatabasePath();
  cleanups.defer(db.cleanup);
  // storeThreads: SQLite in its threads, as the service runs it (store calls then really overlap).
  const store: Store = openStore(db.path, { threads: options.storeThreads });
  cleanups.defer(() => store.close());
  await store.migrate();
  const clock = new ManualClock();
  const config = {
    ...loadConfig({}),
    leaseMs: 60_000,
    maxAttempts: 3,
    shutdownGraceMs: 50,
    ...options.config,
  };
  const enrichment = testEnrichmentPool(options.enricher);
  const org = await store.createOrg("acme", clock.now());
  const pool = () =>
    createWorkerPool({ store, enrichment, config, clock, logger: pino({ level: "silent" }) });
  async function submit(ids: string[]) {
    const { batch } = await store.createOrAppendBatch({
      orgId: org.id,
      batchId: "b",
      batchName: "b",
      jobs: ids.map((id) => ({
        placeId: id,
        inputs: { name: `Place ${id}`, city: "Paris", country_code: "FR" },
        attributes: ["names", "address"],
        refresh: false,
      })),
      kickOff: true,
      now: clock.now(),
    });
    return batch;
  }
  async function jobs(batchPk: number) {
    return (await store.listJobs({ orgId: org.id, batchPk, limit: 1000, offset: 0 })).jobs;
  }
  return { store, clock, config, pool, submit, jobs };
}

describe("WorkerPool", () => {
  it("processes claimed jobs and completes them in batches", async () => {
    const t = await setup();
    const batch = await t.submit(["a", "b", "c"]);
    const pool = t.pool();
    expect(await pool.runOnce()).toBe(true);
    expect(pool.stats).toMatchObject({ claimed: 3, completed: 3, failed: 0 });
    const jobs = await t.jobs(batch.pk);
    expect(jobs.map((j) => j.status)).toEqual(["completed", "completed", "completed"]);
    expect(renderJob(jobs[0]!).outputs.name).toBe("Place a");
    expect(await pool.runOnce()).toBe(false);
  });

  it("drops a claim's late completion once a reprocess let another lane claim the job again", async () => {
    // The first claim's enrichment ends at ~0.8 s, after the reprocess and the second claim; the
    // second claim's at ~2.5 s. Each claim owns its lease: the first completion no longer owns the
    // row, and the job shows the attribute list it was reprocessed with.
    const dir = mkdtempSync(join(tmpdir(), "counted-delay-"));
    cleanups.defer(() => rmSync(dir, { recursive: true, force: true }));
    const t = await setup({
      enricher: {
        enricherModule: testEnricherModule("counted-delay-source.ts"),
        enricherOptions: { counterPath: join(dir, "calls"), delaysMs: [800, 2500] },
      },
      config: { workerClaimBatch: 1 },
    });
    const batch = await t.submit(["a"]);
    const pool = t.pool();
    const first = pool.runOnce();
    while ((await t.jobs(batch.pk))[0]!.status !== "in_progress") await new Promise((r) => setTimeout(r, 10));
    const attributes = ["names", "address", "phoneNumbers", "menu"] as const;
    const reprocessed = await t.store.reprocessPlaces({
      orgId: (await t.jobs(batch.pk))[0]!.orgId,
      placeIds: ["a"],
      refresh: false,
      attributes: [...attributes],
      now: t.clock.now(),
    });
    expect(reprocessed.requeued).toEqual(["a"]);
    const second = pool.runOnce();
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(pool.stats).toMatchObject({ claimed: 2, completed: 1, superseded: 1 });
    const [job] = await t.jobs(batch.pk);
    const view = renderJob(job!);
    expect(view.status).toBe("completed");
    expect(Object.keys(view.job_metadata.attribute_status).sort()).toEqual(
      ["address", "menu", "names", "phoneNumbers"].sort(),
    );
  }, 30_000);

  it("tells /ready whether its lanes are alive: a lane stuck past the stall bound, then stopping", async () => {
    // Each job takes 3 s in its thread: while it runs, the lane shows no sign of life.
    const t = await setup({
      enricher: { enricherModule: testEnricherModule("slow-source.ts"), enricherOptions: { delayMs: 3000 } },
      config: { workerClaimBatch: 1, pollIntervalMs: 10, idleMaxMs: 20, shutdownGraceMs: 5000 },
    });
    await t.submit(["a"]);
    const pool = t.pool();
    expect(pool.health(t.clock.now(), 60_000)).toEqual({ ok: false, detail: "workers stopping" });
    pool.start();
    expect(pool.health(t.clock.now(), 60_000)).toEqual({ ok: true });
    // The lane has claimed "a" and waits on its thread.
    await vi.waitFor(() => expect(pool.inFlightCount).toBe(1), { timeout: 10_000 });
    t.clock.advance(61_000);
    // The idle lane wakes every 20 ms and shows it is alive; the busy one does not.
    await new Promise((r) => setTimeout(r, 200));
    const health = pool.health(t.clock.now(), 60_000);
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/^worker lane [01] stalled for 61 s$/);
    t.clock.advance(1000);
    await new Promise((r) => setTimeout(r, 100));
    // Only one lane is stuck: the other one's time moved with the clock.
    expect(pool.health(t.clock.now(), 61_500).ok).toBe(false);
    expect(pool.health(t.clock.now(), 62_500)).toEqual({ ok: true });
    const stopped = pool.stop();
    expect(pool.health(t.clock.now(), 60_000)).toEqual({ ok: false, detail: "workers stopping" });
    await stopped;
  });

  it("counts what every lane completes (lanes complete concurrently)", async () => {
    // Each job takes 50 ms in its thread and a lane claims 2: both lanes are always mid-flight.
    const t = await setup({
      enricher: { enricherModule: testEnricherModule("slow-source.ts"), enricherOptions: { delayMs: 50 } },
      config: { workerClaimBatch: 2, pollIntervalMs: 10, shutdownGraceMs: 20_000 },
      storeThreads: true,
    });
    const ids = Array.from({ length: 12 }, (_, i) => `p${i}`);
    const batch = await t.submit(ids);
    const pool = t.pool();
    pool.start();
    for (let i = 0; i < 1000 && pool.stats.claimed < ids.length; i++)
      await new Promise((r) => setTimeout(r, 10));
    await pool.stop();
    expect((await t.jobs(batch.pk)).every((j) => j.status === "completed")).toBe(true);
    expect(pool.stats).toMatchObject({ claimed: 12, completed: 12 });
  });

  it("reclaims the jobs of a worker that died once their lease expired", async () => {
    const t = await setup();
    const batch = await t.submit(["a", "b"]);
    // A worker claims and dies: it never completes nor renews.
    const dead = await t.store.claimJobs({
      workerId: "dead-worker",
      limit: 10,
      leaseMs: t.config.leaseMs,
      now: t.clock.now(),
    });
    expect(dead).toHaveLength(2);
    const pool = t.pool();
    expect(await pool.runOnce()).toBe(false); // leases still valid: nothing to do
    t.clock.advance(t.config.leaseMs + 1);
    // The pool reaps on its loop; run one reap + claim cycle by hand.
    await t.store.reapExpiredLeases({ now: t.clock.now(), maxAttempts: t.config.maxAttempts });
    expect(await pool.runOnce()).toBe(true);
    const jobs = await t.jobs(batch.pk);
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([
      ["completed", 2],
      ["completed", 2],
    ]);
    // The dead worker's late completion changes nothing.
    const late = await t.store.completeJobs({
      workerId: "dead-worker",
      now: t.clock.now(),
      jobs: dead.map((j) => ({
        pk: j.pk,
        result: emptyStoredResult({ name: "late" }),
        attributeStatus: {},
        filledMask: 0,
      })),
    });
    expect(late).toBe(0);
  });

  it("the running loop reaps expired leases and prunes expired cache entries by itself", async () => {
    const t = await setup({ config: { pollIntervalMs: 10, cacheTtlMs: 60_000 } });
    const batch = await t.submit(["a"]);
    const orgId = (await t.store.getOrgBySlug("acme"))!.id;
    await t.store.putCachedResults(
      orgId,
      [{ attribute: "names", inputHash: "stale", value: 1 }],
      t.clock.now() - 61_000,
    );
    await t.store.claimJobs({ workerId: "dead-worker", limit: 10, leaseMs: 1000, now: t.clock.now() });
    t.clock.advance(1001);
    const pool = t.pool();
    pool.start();
    cleanups.defer(async () => {
      await pool.stop();
    });
    for (let i = 0; i < 200 && (await t.jobs(batch.pk))[0]!.status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await t.jobs(batch.pk))[0]!.status).toBe("completed");
    expect(await t.store.getCachedResults(orgId, [{ attribute: "names", inputHash: "stale" }], 0)).toEqual(
      [],
    );
  });

  it("a job whose lease expired on its last attempt is failed, not retried forever", async () => {
    const t = await setup({ config: { maxAttempts: 1 } });
    const batch = await t.submit(["a"]);
    await t.store.claimJobs({ workerId: "dead-worker", limit: 10, leaseMs: 1000, now: t.clock.now() });
    t.clock.advance(1001);
    const reaped = await t.store.reapExpiredLeases({ now: t.clock.now(), maxAttempts: 1 });
    expect(reaped).toEqual({ requeued: 0, failed: 1, batchPks: [batch.pk] });
    const [job] = await t.jobs(batch.pk);
    expect(job!.status).toBe("failed");
    expect(job!.error).toMatch(/lease expired/);
  });

  it("on stop, jobs still running after the grace period are released, their attempt not counted", async () => {
    // Each job takes a minute in its enrichment thread: still running when the grace period ends.
    const t = await setup({
      enricher: {
        enricherModule: testEnricherModule("slow-source.ts"),
        enricherOptions: { delayMs: 60_000 },
      },
    });
    const batch = await t.submit(["a", "b"]);
    const pool = t.pool();
    pool.start();
    for (let i = 0; i < 400 && pool.inFlightCount < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await t.jobs(batch.pk)).map((j) => j.status)).toEqual(["in_progress", "in_progress"]);
    const stopped = await pool.stop();
    expect(stopped.released).toBe(2);
    expect(pool.stats.released).toBe(2);
    const jobs = await t.jobs(batch.pk);
    expect(jobs.map((j) => [j.status, j.attempts])).toEqual([
      ["queued", 0],
      ["queued", 0],
    ]);
    // A worker with a normal enricher picks them up and finishes them.
    const normal = createWorkerPool({
      store: t.store,
      enrichment: testEnrichmentPool(),
      config: t.config,
      clock: t.clock,
      logger: pino({ level: "silent" }),
    });
    expect(await normal.runOnce()).toBe(true);
    expect((await t.jobs(batch.pk)).map((j) => j.status)).toEqual(["completed", "completed"]);
  });

  it("on stop within the grace period, in-flight jobs finish and are stored", async () => {
    // Each job takes 300 ms: stop() is called while they are held in progress.
    const t = await setup({
      enricher: { enricherModule: testEnricherModule("slow-source.ts"), enricherOptions: { delayMs: 300 } },
      config: { shutdownGraceMs: 20_000 },
    });
    const batch = await t.submit(["a", "b", "c"]);
    const pool = t.pool();
    pool.start();
    for (let i = 0; i < 400 && pool.inFlightCount < 3; i++) await new Promise((r) => setTimeout(r, 5));
    expect(pool.inFlightCount).toBe(3);
    const stopped = await pool.stop();
    expect(stopped.released).toBe(0);
    expect(pool.stats).toMatchObject({ claimed: 3, completed: 3, released: 0 });
    expect((await t.jobs(batch.pk)).map((j) => j.status)).toEqual(["completed", "completed", "completed"]);
  });
});
