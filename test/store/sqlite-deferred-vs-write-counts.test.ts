/**
 * Rate-limit hits kept aside while another write holds SQLite's lock (deferred-rate-hits.ts), against
 * counts made inside a write (a batch's jobs per hour, CreateBatchInput.countHits): exact hits are never
 * decided aside, so the two cannot pass a limit together; kept hits of an ended window are dropped.
 * Written by a break-it trial (the first test failed before jobs-per-hour hits were made exact).
 */
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { NewJob, Store } from "../../src/store/port.js";
import { openThreadedSqliteStore } from "../../src/store/sqlite/threaded-sqlite-store.js";
import { tempDatabasePath } from "../support/temp-db.js";

const HOUR = 3_600_000;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % HOUR);
const newJob = (placeId: string): NewJob => ({
  placeId,
  inputs: { name: `Place ${placeId}`, full_address: `${placeId} Main St, Springfield` },
  attributes: ["websites"],
  refresh: false,
});

async function waitUntilLocked(path: string, done: () => boolean): Promise<boolean> {
  const probe = new Database(path);
  probe.pragma("busy_timeout = 0");
  try {
    while (!done()) {
      try {
        probe.exec("BEGIN IMMEDIATE");
        probe.exec("ROLLBACK");
      } catch {
        return true;
      }
      await new Promise((r) => setImmediate(r));
    }
    return false;
  } finally {
    probe.close();
  }
}

describe("jobs per hour: a batch's own count vs hits kept by the requests thread (sqlite, one process)", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** A threaded store (the embedded default's) on a fresh file, closed and removed after the test. */
  async function openStore(): Promise<{ file: { path: string }; store: Store }> {
    const file = tempDatabasePath();
    cleanups.push(file.cleanup);
    const store = openThreadedSqliteStore(file.path);
    cleanups.push(() => store.close());
    await store.migrate();
    return { file, store };
  }

  it("the batch's jobs plus the single jobs admitted during its write stay within the limit", async () => {
    const { file, store } = await openStore();
    const org = await store.createOrg("acme", T0);
    const LIMIT = 30_000;
    const bucket = `org:${org.id}:jobs`;
    // Exact, as RequestLimiter.jobHits makes them: never decided from hits kept aside.
    const jobHit = (cost: number) => ({ bucket, windowMs: HOUR, limit: LIMIT, cost, exact: true });

    let done = false;
    const batch = store
      .createOrAppendBatch({
        orgId: org.id,
        batchId: "big",
        batchName: "big",
        jobs: Array.from({ length: LIMIT }, (_, i) => newJob(`p${i}`)),
        kickOff: true,
        countHits: [jobHit(LIMIT)],
        now: T0,
      })
      .then(
        (v) => ({ ok: true as const, v }),
        (e) => ({ ok: false as const, e }),
      )
      .finally(() => {
        done = true;
      });
    const locked = await waitUntilLocked(file.path, () => done);
    expect(locked).toBe(true); // the batch's write holds the lock now
    // What POST /jobs does first (RequestLimiter.admitJobs): one job of the org's hour.
    const singles = [];
    for (let i = 0; i < 5; i++)
      singles.push(...(await store.consumeRateLimits({ hits: [jobHit(1)], now: T0 + 1 })));
    const result = await batch;
    const admittedSingles = singles.filter((s) => s.allowed).length;
    const admittedBatch = result.ok ? LIMIT : 0;
    // Let the kept hits be written.
    await new Promise((r) => setTimeout(r, 300));
    const [peek] = await store.peekRateLimits({ buckets: [{ bucket, windowMs: HOUR }], now: T0 + 2 });
    expect(admittedBatch + admittedSingles).toBeLessThanOrEqual(LIMIT);
    expect(peek!.hits).toBeLessThanOrEqual(LIMIT);
  }, 120_000);

  it("a minute rolling over while hits are kept: the new window counts from zero, the old hits are not carried", async () => {
    const { file, store } = await openStore();
    const M = 60_000;
    const W0 = T0; // T0 is on an hour, hence on a minute
    const hit = { bucket: "key:k", windowMs: M, limit: 4, cost: 1 };
    await store.consumeRateLimits({ hits: [hit], now: W0 + 59_000 }); // committed: 1
    const lock = new Database(file.path);
    lock.exec("BEGIN IMMEDIATE");
    lock.exec("UPDATE orgs SET slug = slug");
    const a = [];
    for (let i = 0; i < 4; i++)
      a.push(...(await store.consumeRateLimits({ hits: [hit], now: W0 + 59_500 + i })));
    const b = [];
    for (let i = 0; i < 5; i++)
      b.push(...(await store.consumeRateLimits({ hits: [hit], now: W0 + M + 100 + i })));
    lock.exec("ROLLBACK");
    lock.close();
    await new Promise((r) => setTimeout(r, 300));
    const [peek] = await store.peekRateLimits({
      buckets: [{ bucket: "key:k", windowMs: M }],
      now: W0 + M + 200,
    });
    expect(a.map((s) => s.allowed)).toEqual([true, true, true, false]);
    expect(b.map((s) => s.allowed)).toEqual([true, true, true, true, false]);
    expect(peek!.hits).toBe(4);
    expect(peek!.resetAt).toBe(W0 + 2 * M);
  });
});
