/**
 * PostgreSQL LISTEN/NOTIFY: an idle worker in one process wakes when another process queues work.
 * The tests wait for signals, never for a fixed time: the listener's subscription resolving, the
 * worker's claims settling (seen through an observer around its real store), a notification arriving.
 */
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createWorkerPool } from "../../src/composition.js";
import { loadConfig } from "../../src/config.js";
import { openStore } from "../../src/store/open-store.js";
import type { Store } from "../../src/store/port.js";
import { Cleanups } from "../support/cleanups.js";
import { testEnrichmentPool } from "../support/enrichment.js";
import { ManualClock } from "../support/manual-clock.js";
import { createTestSchema } from "../support/postgres.js";

const cleanups = new Cleanups();
afterEach(() => cleanups.runAll());

async function twoProcesses() {
  const schema = await createTestSchema();
  cleanups.defer(schema.drop);
  const workerStore = openStore(schema.url);
  cleanups.defer(() => workerStore.close());
  await workerStore.migrate();
  const apiStore = openStore(schema.url); // another "process": its own pool
  cleanups.defer(() => apiStore.close());
  return { workerStore, apiStore };
}

async function queueOneJob(store: Store, now: number) {
  const org = await store.createOrg("acme", now);
  const { batch } = await store.createOrAppendBatch({
    orgId: org.id,
    batchId: "b",
    batchName: "b",
    jobs: [{ placeId: "a", inputs: { name: "A", city: "Paris" }, attributes: ["names"], refresh: false }],
    kickOff: true,
    now,
  });
  return batch;
}

/** Resolves when `probe` is true (checked every few milliseconds); rejects after `timeoutMs`. */
function until(probe: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (probe()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(check, 5);
    };
    check();
  });
}

describe("work notifications (PostgreSQL)", () => {
  it("a subscriber is called when another connection queues jobs", async () => {
    const { workerStore, apiStore } = await twoProcesses();
    let calls = 0;
    const unwatch = await workerStore.watchForWork!(() => calls++);
    cleanups.defer(unwatch);
    // Subscribed: one catch-up call for work queued before it listened, then nothing until a NOTIFY.
    expect(calls).toBe(1);
    await queueOneJob(apiStore, Date.now());
    await until(() => calls === 2, 10_000, "the notification");
  });

  it("wakes an idle worker at once although its poll interval is a minute", async () => {
    const { workerStore, apiStore } = await twoProcesses();
    // An observer around the worker's real store: claims in flight, and the subscription settling.
    let claimsInFlight = 0;
    let listening = false;
    const observed = new Proxy(workerStore, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property === "claimJobs") {
          return async (...args: Parameters<Store["claimJobs"]>) => {
            claimsInFlight++;
            try {
              return await target.claimJobs(...args);
            } finally {
              claimsInFlight--;
            }
          };
        }
        if (property === "watchForWork") {
          return async (...args: Parameters<NonNullable<Store["watchForWork"]>>) => {
            const unwatch = await target.watchForWork!(...args);
            listening = true;
            return unwatch;
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const clock = new ManualClock(Date.now());
    const config = { ...loadConfig({}), pollIntervalMs: 60_000, idleMaxMs: 60_000 };
    const pool = createWorkerPool({
      store: observed,
      enrichment: testEnrichmentPool(),
      config,
      clock,
      logger: pino({ level: "silent" }),
    });
    pool.start();
    cleanups.defer(async () => {
      await pool.stop();
    });
    // Listening, and every lane back asleep after the claims the subscription's catch-up woke (a
    // woken lane issues its claim within the same turn, so one macrotask turn later it is counted).
    await until(() => listening, 10_000, "the LISTEN subscription");
    await new Promise((r) => setImmediate(r));
    await until(() => claimsInFlight === 0, 10_000, "the lanes to fall asleep");
    const claimsBefore = pool.stats.claimed;

    const batch = await queueOneJob(apiStore, clock.now());
    const started = Date.now();
    await until(() => pool.stats.completed === 1, 10_000, "the worker to be woken");
    expect(claimsBefore).toBe(0);
    expect((await apiStore.getBatchStats(batch.pk)).counts.completed).toBe(1);
    // Woken by the notification: the next poll was a minute away.
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
