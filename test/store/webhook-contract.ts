/**
 * The Store contract for batch webhooks (docs/webhooks.md), part of describeStoreContract: run on
 * every store (SQLite file, SQLite in threads, PostgreSQL) unchanged. `ctx()` gives the store and the
 * two orgs of the enclosing suite's current test.
 */
import { describe, expect, it } from "vitest";
import type { Org, Store, WebhookAttempt } from "../../src/store/port.js";

const T0 = 1_700_000_000_000;
const LEASE = 60_000;

export interface WebhookContractContext {
  store: Store;
  org: Org;
  other: Org;
  openAnother?: () => Promise<Store>;
}

function attempt(
  n: number,
  at: number,
  statusCode: number | null,
  error: string | null = null,
): WebhookAttempt {
  return { attempt: n, at, statusCode, error, durationMs: 12 };
}

export function describeWebhookContract(ctx: () => WebhookContractContext): void {
  describe("webhooks", () => {
    /** A batch of `placeIds` with a webhook, all of its jobs completed (not yet marked finished). */
    async function finishedBatch(
      batchId: string,
      placeIds: string[],
      url = "https://hooks.example/in",
      orgId = ctx().org.id,
    ) {
      const { store } = ctx();
      const { batch } = await store.createOrAppendBatch({
        orgId,
        batchId,
        batchName: batchId,
        jobs: placeIds.map((p) => ({
          placeId: p,
          inputs: { name: p },
          attributes: ["websites"],
          refresh: false,
        })),
        kickOff: true,
        webhookUrl: url,
        now: T0,
      });
      await completeAll(T0 + 1);
      return batch;
    }

    async function completeAll(now: number) {
      const { store } = ctx();
      const claimed = await store.claimJobs({ workerId: "jobs", limit: 1000, leaseMs: LEASE, now });
      await store.completeJobs({
        workerId: "jobs",
        now,
        jobs: claimed.map((c) => ({
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
          filledMask: 0,
        })),
      });
    }

    it("starts one event when the batch is marked finished, and delivers it to one claimer", async () => {
      const { store } = ctx();
      const b = await finishedBatch("b1", ["a", "b"]);
      expect(await store.getBatchWebhooks([b.pk])).toEqual([
        { batchPk: b.pk, url: "https://hooks.example/in", eventId: null, state: "waiting", attempts: [] },
      ]);
      // Not marked yet: nothing to deliver.
      expect(
        await store.claimWebhookDeliveries({ workerId: "w1", limit: 10, leaseMs: LEASE, now: T0 + 2 }),
      ).toEqual([]);
      expect(await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 2 })).toHaveLength(1);
      const [view] = await store.getBatchWebhooks([b.pk]);
      expect(view!.state).toBe("pending");
      expect(view!.eventId).toMatch(/^[0-9a-f-]{36}$/);

      const claimed = await store.claimWebhookDeliveries({
        workerId: "w1",
        limit: 10,
        leaseMs: LEASE,
        now: T0 + 3,
      });
      expect(claimed).toEqual([
        {
          batchPk: b.pk,
          batchId: "b1",
          orgId: ctx().org.id,
          eventId: view!.eventId,
          url: "https://hooks.example/in",
          attempt: 1,
        },
      ]);
      // Leased: another process gets nothing.
      expect(
        await store.claimWebhookDeliveries({ workerId: "w2", limit: 10, leaseMs: LEASE, now: T0 + 4 }),
      ).toEqual([]);
      const outcome = {
        batchPk: b.pk,
        eventId: view!.eventId!,
        attempt: attempt(1, T0 + 3, 200),
        state: "delivered" as const,
        dueAt: null,
      };
      // Only the lease holder records.
      expect(await store.recordWebhookAttempts({ workerId: "w2", outcomes: [outcome], now: T0 + 5 })).toBe(0);
      expect(await store.recordWebhookAttempts({ workerId: "w1", outcomes: [outcome], now: T0 + 5 })).toBe(1);
      expect(await store.getBatchWebhooks([b.pk])).toEqual([
        {
          batchPk: b.pk,
          url: "https://hooks.example/in",
          eventId: view!.eventId,
          state: "delivered",
          attempts: [outcome.attempt],
        },
      ]);
      // Delivered: never claimed again.
      expect(
        await store.claimWebhookDeliveries({
          workerId: "w1",
          limit: 10,
          leaseMs: LEASE,
          now: T0 + 10 * LEASE,
        }),
      ).toEqual([]);
    });

    it("gives one org at most perOrgLimit deliveries in flight, counting its unexpired leases", async () => {
      const { store, org, other } = ctx();
      // Org's three events are due first (same time, lower pks): without the limit they fill a claim.
      const mine = [];
      for (const id of ["m1", "m2", "m3"]) mine.push(await finishedBatch(id, [id]));
      const theirs = await finishedBatch("o1", ["o1"], "https://other.example/in", other.id);
      await store.markFinishedBatches({ batchPks: [...mine, theirs].map((b) => b.pk), now: T0 + 2 });
      const claim = (now: number) =>
        store.claimWebhookDeliveries({ workerId: "w1", limit: 3, perOrgLimit: 2, leaseMs: LEASE, now });
      const first = await claim(T0 + 3);
      expect(first.map((c) => [c.orgId, c.batchId]).sort()).toEqual(
        [
          [org.id, "m1"],
          [org.id, "m2"],
          [other.id, "o1"],
        ].sort(),
      );
      // Org holds two leases: its third waits even though a slot is free.
      expect(await claim(T0 + 4)).toEqual([]);
      const m1 = first.find((c) => c.batchId === "m1")!;
      await store.recordWebhookAttempts({
        workerId: "w1",
        outcomes: [
          {
            batchPk: m1.batchPk,
            eventId: m1.eventId,
            attempt: attempt(1, T0 + 5, 200),
            state: "delivered",
            dueAt: null,
          },
        ],
        now: T0 + 5,
      });
      // One of its leases released: its third goes out.
      expect((await claim(T0 + 6)).map((c) => c.batchId)).toEqual(["m3"]);
      expect(await claim(T0 + 7)).toEqual([]);
      // Expired leases hold nothing: a dead process's deliveries are taken over.
      expect((await claim(T0 + 8 + LEASE)).map((c) => c.batchId).sort()).toEqual(["m2", "m3", "o1"]);
    });

    it("retries when due, records every attempt, and hands over a delivery whose lease expired", async () => {
      const { store } = ctx();
      const b = await finishedBatch("b1", ["a"]);
      await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 2 });
      const [first] = await store.claimWebhookDeliveries({
        workerId: "w1",
        limit: 10,
        leaseMs: LEASE,
        now: T0 + 2,
      });
      expect(
        await store.recordWebhookAttempts({
          workerId: "w1",
          now: T0 + 3,
          outcomes: [
            {
              batchPk: b.pk,
              eventId: first!.eventId,
              attempt: attempt(1, T0 + 2, 500),
              state: "pending",
              dueAt: T0 + 1000,
            },
          ],
        }),
      ).toBe(1);
      // Not due before its time.
      expect(
        await store.claimWebhookDeliveries({ workerId: "w1", limit: 10, leaseMs: LEASE, now: T0 + 999 }),
      ).toEqual([]);
      const [second] = await store.claimWebhookDeliveries({
        workerId: "w1",
        limit: 10,
        leaseMs: LEASE,
        now: T0 + 1000,
      });
      expect(second!.attempt).toBe(2);
      // w1 dies mid-delivery: after its lease another process takes the delivery over.
      expect(
        await store.claimWebhookDeliveries({
          workerId: "w2",
          limit: 10,
          leaseMs: LEASE,
          now: T0 + 1000 + LEASE,
        }),
      ).toEqual([]);
      const [third] = await store.claimWebhookDeliveries({
        workerId: "w2",
        limit: 10,
        leaseMs: LEASE,
        now: T0 + 1001 + LEASE,
      });
      expect(third).toMatchObject({ eventId: first!.eventId, attempt: 3 });
      // The late first worker's record is ignored.
      expect(
        await store.recordWebhookAttempts({
          workerId: "w1",
          now: T0 + 2000 + LEASE,
          outcomes: [
            {
              batchPk: b.pk,
              eventId: first!.eventId,
              attempt: attempt(2, T0 + 1000, 200),
              state: "delivered",
              dueAt: null,
            },
          ],
        }),
      ).toBe(0);
      await store.recordWebhookAttempts({
        workerId: "w2",
        now: T0 + 2000 + LEASE,
        outcomes: [
          {
            batchPk: b.pk,
            eventId: first!.eventId,
            attempt: attempt(3, T0 + 1001 + LEASE, null, "timeout"),
            state: "failed",
            dueAt: null,
          },
        ],
      });
      const [view] = await store.getBatchWebhooks([b.pk]);
      expect(view!.state).toBe("failed");
      expect(view!.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
        [1, 500, null],
        [3, null, "timeout"],
      ]);
    });

    it("reprocessing makes the batch wait; finishing again starts a new event", async () => {
      const { store, org } = ctx();
      const b = await finishedBatch("b1", ["a"]);
      await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 2 });
      const [first] = await store.claimWebhookDeliveries({
        workerId: "w1",
        limit: 10,
        leaseMs: LEASE,
        now: T0 + 2,
      });
      await store.recordWebhookAttempts({
        workerId: "w1",
        now: T0 + 3,
        outcomes: [
          {
            batchPk: b.pk,
            eventId: first!.eventId,
            attempt: attempt(1, T0 + 2, 204),
            state: "delivered",
            dueAt: null,
          },
        ],
      });
      await store.reprocessBatch({
        orgId: org.id,
        batchPk: b.pk,
        selection: "all",
        refresh: false,
        attributes: null,
        now: T0 + 4,
      });
      expect((await store.getBatchWebhooks([b.pk]))[0]!.state).toBe("waiting");
      await completeAll(T0 + 5);
      await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 6 });
      const [view] = await store.getBatchWebhooks([b.pk]);
      expect(view!.state).toBe("pending");
      expect(view!.attempts).toEqual([]);
      expect(view!.eventId).not.toBe(first!.eventId);
      const [again] = await store.claimWebhookDeliveries({
        workerId: "w1",
        limit: 10,
        leaseMs: LEASE,
        now: T0 + 6,
      });
      expect(again).toMatchObject({ eventId: view!.eventId, attempt: 1 });
    });

    it("an append replaces the URL; a batch without one has no webhook and no event", async () => {
      const { store, org } = ctx();
      const b = await finishedBatch("b1", ["a"]);
      await store.createOrAppendBatch({
        orgId: org.id,
        batchId: "b1",
        batchName: "b1",
        jobs: [{ placeId: "b", inputs: { name: "b" }, attributes: ["websites"], refresh: false }],
        kickOff: true,
        webhookUrl: "https://hooks.example/v2",
        now: T0 + 2,
      });
      // An append without a URL keeps it.
      const { batch: plain } = await store.createOrAppendBatch({
        orgId: org.id,
        batchId: "plain",
        batchName: "plain",
        jobs: [{ placeId: "x", inputs: { name: "x" }, attributes: ["websites"], refresh: false }],
        kickOff: true,
        now: T0 + 2,
      });
      await store.createOrAppendBatch({
        orgId: org.id,
        batchId: "b1",
        batchName: "b1",
        jobs: [{ placeId: "c", inputs: { name: "c" }, attributes: ["websites"], refresh: false }],
        kickOff: true,
        now: T0 + 2,
      });
      await completeAll(T0 + 3);
      expect(await store.markFinishedBatches({ batchPks: [b.pk, plain.pk], now: T0 + 4 })).toHaveLength(2);
      const views = await store.getBatchWebhooks([b.pk, plain.pk]);
      expect(views.map((v) => [v.batchPk, v.url, v.state])).toEqual([
        [b.pk, "https://hooks.example/v2", "pending"],
      ]);
      const claimed = await store.claimWebhookDeliveries({
        workerId: "w1",
        limit: 10,
        leaseMs: LEASE,
        now: T0 + 4,
      });
      expect(claimed.map((c) => c.url)).toEqual(["https://hooks.example/v2"]);
      // Deleting the batch deletes its delivery.
      await store.deleteBatch(org.id, "b1");
      expect(await store.getBatchWebhooks([b.pk])).toEqual([]);
    });

    it("finds terminal batches whose finish was never marked", async () => {
      const { store } = ctx();
      const b = await finishedBatch("b1", ["a"]);
      const { batch: running } = await ctx().store.createOrAppendBatch({
        orgId: ctx().org.id,
        batchId: "running",
        batchName: "running",
        jobs: [{ placeId: "r", inputs: { name: "r" }, attributes: ["websites"], refresh: false }],
        kickOff: false,
        webhookUrl: "https://hooks.example/in",
        now: T0,
      });
      // A batch whose jobs were all deleted has nothing to report.
      const { batch: emptied } = await store.createOrAppendBatch({
        orgId: ctx().org.id,
        batchId: "emptied",
        batchName: "emptied",
        jobs: [{ placeId: "gone", inputs: { name: "gone" }, attributes: ["websites"], refresh: false }],
        kickOff: true,
        webhookUrl: "https://hooks.example/in",
        now: T0,
      });
      expect(await store.deleteLatestJob(ctx().org.id, "gone", T0 + 1)).toBe(true);
      expect(emptied.pk).not.toBe(b.pk);
      expect(await store.findUnmarkedFinishedBatches({ limit: 10 })).toEqual([b.pk]);
      expect(running.pk).not.toBe(b.pk);
      await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 2 });
      expect(await store.findUnmarkedFinishedBatches({ limit: 10 })).toEqual([]);
    });

    it("keeps one signing secret per org: the first stored wins until it is rotated", async () => {
      const { store, org, other } = ctx();
      expect(await store.ensureWebhookSecret(org.id, "whsec_first")).toBe("whsec_first");
      expect(await store.ensureWebhookSecret(org.id, "whsec_second")).toBe("whsec_first");
      expect(await store.ensureWebhookSecret(other.id, "whsec_other")).toBe("whsec_other");
      expect(await store.setWebhookSecret(org.id, "whsec_rotated")).toBe(true);
      expect(await store.ensureWebhookSecret(org.id, "whsec_third")).toBe("whsec_rotated");
      expect(await store.ensureWebhookSecret("no-such-org", "x")).toBeNull();
      expect(await store.setWebhookSecret("no-such-org", "x")).toBe(false);
    });

    it("two connections claiming at once never share a delivery", async () => {
      const { store, openAnother } = ctx();
      if (!openAnother) return;
      const batches = [];
      for (let i = 0; i < 20; i++) batches.push(await finishedBatch(`b${i}`, [`p${i}`]));
      await store.markFinishedBatches({ batchPks: batches.map((b) => b.pk), now: T0 + 2 });
      const second = await openAnother();
      try {
        const claims = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            (i % 2 === 0 ? store : second).claimWebhookDeliveries({
              workerId: `w${i}`,
              limit: 3,
              leaseMs: LEASE,
              now: T0 + 3,
            }),
          ),
        );
        const pks = claims.flat().map((c) => c.batchPk);
        expect(pks).toHaveLength(20);
        expect(new Set(pks).size).toBe(20);
      } finally {
        await second.close();
      }
    });
  });
}
