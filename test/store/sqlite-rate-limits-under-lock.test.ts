/**
 * Counting rate-limit hits while another connection holds SQLite's write lock (a 50,000-job batch
 * being stored holds it ~0.5–1 s): requests are decided from the committed counters plus the hits
 * this process kept, without waiting for the lock, and the kept hits are written once it is free
 * (src/store/sqlite/deferred-rate-hits.ts). The lock is held by a connection of this test, as another
 * process would.
 */
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../../src/store/port.js";
import { openThreadedSqliteStore } from "../../src/store/sqlite/threaded-sqlite-store.js";
import { tempDatabasePath } from "../support/temp-db.js";
import { createTestApp, place, type TestApp } from "../support/test-app.js";

const MINUTE = 60_000;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % MINUTE);
const hit = (bucket: string, limit: number, cost = 1) => ({ bucket, windowMs: MINUTE, limit, cost });

/** Holds the write lock of the database at `path` until `release()`. */
function holdWriteLock(path: string): { release: () => void } {
  const db = new Database(path);
  db.exec("BEGIN IMMEDIATE");
  db.exec("UPDATE orgs SET slug = slug"); // a write: the lock is held for real
  return {
    release: () => {
      db.exec("ROLLBACK");
      db.close();
    },
  };
}

/** `promise`, or a rejection when it takes longer than `ms`. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)),
  ]);
}

async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("rate limits while another connection holds the write lock", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function openStore(): Promise<{ store: Store; path: string }> {
    const file = tempDatabasePath();
    cleanups.push(file.cleanup);
    const store = openThreadedSqliteStore(file.path);
    cleanups.push(() => store.close());
    await store.migrate();
    return { store, path: file.path };
  }

  it("decides at once from the committed counts plus its own, then writes its hits", async () => {
    const { store, path } = await openStore();
    await store.consumeRateLimits({ hits: [hit("key:a", 4)], now: T0 });
    const lock = holdWriteLock(path);
    let released = false;
    cleanups.push(() => {
      if (!released) lock.release();
    });
    const states = [];
    for (let i = 1; i <= 4; i++) {
      // The busy timeout is 5 s: without the fallback each call would wait for it, then fail.
      states.push(...(await within(1000, store.consumeRateLimits({ hits: [hit("key:a", 4)], now: T0 + i }))));
    }
    expect(states.map((s) => [s.allowed, s.hits])).toEqual([
      [true, 2],
      [true, 3],
      [true, 4],
      [false, 4],
    ]);
    const peek = () =>
      store.peekRateLimits({ buckets: [{ bucket: "key:a", windowMs: MINUTE }], now: T0 + 6 });
    expect((await peek())[0]!.hits).toBe(1); // not written while the lock is held
    lock.release();
    released = true;
    await eventually(async () => (await peek())[0]!.hits === 4);
    // Counting goes on in the database, from what was written.
    const [next] = await store.consumeRateLimits({ hits: [hit("key:a", 5)], now: T0 + 7 });
    expect(next).toMatchObject({ allowed: true, hits: 5 });
  });

  it("writes the kept hits when the store closes, if the lock is free by then", async () => {
    const file = tempDatabasePath();
    cleanups.push(file.cleanup);
    const store = openThreadedSqliteStore(file.path);
    await store.migrate();
    const lock = holdWriteLock(file.path);
    await within(1000, store.consumeRateLimits({ hits: [hit("org:o", 10, 3)], now: T0 }));
    lock.release();
    await store.close();
    const reopened = openThreadedSqliteStore(file.path);
    cleanups.push(() => reopened.close());
    const [peek] = await reopened.peekRateLimits({
      buckets: [{ bucket: "org:o", windowMs: MINUTE }],
      now: T0,
    });
    expect(peek!.hits).toBe(3);
  });

  it("writes that must wait for the lock (exact counts, idempotency records) let other calls through meanwhile, and go on past the busy timeout", async () => {
    const { store, path } = await openStore();
    const org = await store.createOrg("o", T0);
    const lock = holdWriteLock(path);
    let released = false;
    cleanups.push(() => {
      if (!released) lock.release();
    });
    // Both wait for the lock (break-it trial: they waited in SQLite's busy handler, holding the thread
    // every request's counting runs on: status polls of every org queued behind them for seconds).
    const exact = store.consumeRateLimits({ hits: [{ ...hit("org:o:jobs", 10, 3), exact: true }], now: T0 });
    const begun = store.beginIdempotentRequest({
      orgId: org.id,
      key: "k1",
      requestHash: "h",
      resourceId: "r1",
      now: T0,
      lockMs: 60_000,
      ttlMs: 86_400_000,
    });
    let settled = false;
    void Promise.allSettled([exact, begun]).then(() => {
      settled = true;
    });
    // Meanwhile a poll's count answers at once, on the same thread.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const [poll] = await within(1000, store.consumeRateLimits({ hits: [hit("key:a", 4)], now: T0 + 1 }));
    expect(poll!.allowed).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
    // Past the connection's 5 s busy timeout they still wait (it failed with SQLITE_BUSY, a 503).
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expect(settled).toBe(false);
    lock.release();
    released = true;
    expect(await within(2000, exact)).toEqual([
      { bucket: "org:o:jobs", allowed: true, hits: 3, resetAt: T0 + MINUTE },
    ]);
    expect(await within(2000, begun)).toEqual({ state: "started", resourceId: "r1" });
    expect(
      await store.finishIdempotentRequest({
        orgId: org.id,
        key: "k1",
        requestHash: "h",
        statusCode: 200,
        response: "{}",
      }),
    ).toBe(true);
  }, 20_000);

  describe("through the API (the in-process SQLite store: the same counting code)", () => {
    let t: TestApp;
    afterEach(async () => t?.close());

    it("a status poll answers while a long write holds the lock, and is counted", async () => {
      t = await createTestApp({ store: "sqlite" });
      const created = await t.call("POST", "/batches", { body: { batch_name: "B", jobs: [place("a")] } });
      expect(created.status).toBe(200);
      const lock = holdWriteLock(t.databaseUrl);
      try {
        const started = Date.now();
        const status = await within(2000, t.call("GET", `/batches/${created.json.id}`));
        expect(status.status).toBe(200);
        expect(status.json.jobs.queued).toEqual(["a"]);
        expect(Date.now() - started).toBeLessThan(1000);
        expect(Number(status.headers["ratelimit-remaining"])).toBeGreaterThan(0);
      } finally {
        lock.release();
      }
    });
  });
});
