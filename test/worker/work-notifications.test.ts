/** PostgreSQL LISTEN/NOTIFY: an idle worker in one process wakes when another process queues work. */
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createWorkerPool } from "../../src/composition.js";
import { loadConfig } from "../../src/config.js";
import { openStore } from "../../src/store/open-store.js";
import { Cleanups } from "../support/cleanups.js";
import { testEnrichmentPool } from "../support/enrichment.js";
import { ManualClock } from "../support/manual-clock.js";
import { createTestSchema } from "../support/postgres.js";

const cleanups = new Cleanups();
afterEach(() => cleanups.runAll());

describe("work notifications (PostgreSQL)", () => {
  it("wakes an idle worker within moments although its poll interval is a minute", async () => {
    const schema = await createTestSchema();
    cleanups.defer(schema.drop);
    const workerStore = openStore(schema.url);
    cleanups.defer(() => workerStore.close());
    await workerStore.migrate();
    const apiStore = openStore(schema.url); // another "process": its own pool
    cleanups.defer(() => apiStore.close());
    const clock = new ManualClock(Date.now());
    const config = { ...loadConfig({}), pollIntervalMs: 60_000, idleMaxMs: 60_000 };
    const pool = createWorkerPool({
      store: workerStore,
      enrichment: testEnrichmentPool(),
      config,
      clock,
      logger: pino({ level: "silent" }),
    });
    pool.start();
    cleanups.defer(async () => {
      await pool.stop();
    });
    await new Promise((r) => setTimeout(r, 500)); // first empty poll done: now sleeping for a minute

    const org = await apiStore.createOrg("acme", clock.now());
    const { batch } = await apiStore.createOrAppendBatch({
      orgId: org.id,
      batchId: "b",
      batchName: "b",
      jobs: [{ placeId: "a", inputs: { name: "A", city: "Paris" }, attributes: ["names"], refresh: false }],
      kickOff: true,
      now: clock.now(),
    });
    const started = Date.now();
    for (;;) {
      const counts = (await apiStore.getBatchStats(batch.pk)).counts;
      if (counts.completed === 1) break;
      if (Date.now() - started > 10_000) throw new Error("the worker was not woken");
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
