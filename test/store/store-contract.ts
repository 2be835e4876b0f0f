/**
 * The Store contract: one vitest suite, written against the port only (no SQL), that every Store
 * implementation must pass unchanged. Usage:
 *
 *   describeStoreContract("sqlite", async () => ({ store, cleanup, openAnother }));
 *
 * `makeStore` is called before each test and must return a store on a fresh, empty database (the suite
 * calls `migrate()` itself). `cleanup` runs after each test (close the store if still open, drop the
 * database); it must tolerate a store the test already closed. The optional `openAnother` opens a second,
 * independent connection to the same database: the suite then also checks reopening, migrating from two
 * connections and claiming from two connections concurrently.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AttributeKey, attributesToMask } from "../../src/domain/attributes.js";
import { renderCompletedJob, renderJob } from "../../src/domain/job-result-view.js";
import type { PlaceInputs } from "../../src/domain/place.js";
import { RateLimitRefusedError } from "../../src/store/errors.js";
import type {
  BatchRecord,
  ClaimedJob,
  JobRecord,
  NewJob,
  Org,
  Store,
  StoredResult,
} from "../../src/store/port.js";
import { describeWebhookContract } from "./webhook-contract.js";

export interface StoreUnderTest {
  store: Store;
  cleanup: () => Promise<void>;
  /** Another connection to the same database (optional). The test closes what it opens. */
  openAnother?: () => Promise<Store>;
}

const T0 = 1_700_000_000_000;
const SECOND = 1000;
const LEASE = 60 * SECOND;

const WEB_PHONE: AttributeKey[] = ["websites", "phoneNumbers"];

function inputs(placeId: string, extra: Partial<PlaceInputs> = {}): PlaceInputs {
  return { name: `Place ${placeId}`, full_address: `${placeId} Main St, Springfield`, ...extra };
}

function newJob(placeId: string, overrides: Partial<NewJob> = {}): NewJob {
  return { placeId, inputs: inputs(placeId), attributes: WEB_PHONE, refresh: false, ...overrides };
}

/** What renderJob shows of a job completed with storedResult(note), at its `attempts`th attempt. */
function completedView(note: string, attempts: number) {
  const result = storedResult(note);
  return {
    status: "completed",
    job_metadata: { last_enriched: result.last_enriched, country_code: "US", attempts },
    inputs: { ...result.inputs, input_type: "place" },
    outputs: result.outputs,
    reasoning: result.reasoning,
    confidence_scores: result.confidence_scores,
  };
}

function storedResult(note: string): StoredResult {
  return {
    country_code: "US",
    inputs: { name: note },
    outputs: { website: `https://${note}.example` },
    reasoning: { website: `found ${note}` },
    confidence_scores: { website: "HIGH" },
    enrichment_metadata: { websites: { cached: false } },
    last_enriched: "2023-11-14T22:13:20Z",
  };
}

function range(n: number, prefix = "p"): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

export function describeStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let sut: StoreUnderTest;
    let store: Store;
    let org: Org;
    let other: Org;

    beforeEach(async () => {
      sut = await makeStore();
      store = sut.store;
      await store.migrate();
      org = await store.createOrg("acme", T0);
      other = await store.createOrg("globex", T0);
    });

    afterEach(async () => {
      await sut.cleanup();
    });

    async function batch(
      batchId: string,
      placeIds: string[],
      opts: { orgId?: string; name?: string; kickOff?: boolean; now?: number; job?: Partial<NewJob> } = {},
    ): Promise<{ batch: BatchRecord; created: boolean }> {
      return store.createOrAppendBatch({
        orgId: opts.orgId ?? org.id,
        batchId,
        batchName: opts.name ?? `Batch ${batchId}`,
        jobs: placeIds.map((p) => newJob(p, opts.job)),
        kickOff: opts.kickOff ?? true,
        now: opts.now ?? T0,
      });
    }

    async function batchJobs(batchPk: number, orgId = org.id): Promise<JobRecord[]> {
      return (await store.listJobs({ orgId, batchPk, limit: 100_000, offset: 0 })).jobs;
    }

    async function jobByPlace(batchPk: number, placeId: string): Promise<JobRecord> {
      const job = (await batchJobs(batchPk)).find((j) => j.placeId === placeId);
      expect(job, `job ${placeId}`).toBeDefined();
      return job!;
    }

    async function claimAll(workerId: string, now = T0, limit = 1000): Promise<ClaimedJob[]> {
      return store.claimJobs({ workerId, limit, leaseMs: LEASE, now });
    }

    async function complete(
      workerId: string,
      claimed: ClaimedJob[],
      now = T0,
      filledMask = 0,
    ): Promise<number> {
      return store.completeJobs({
        workerId,
        now,
        jobs: claimed.map((c) => ({
          pk: c.pk,
          result: storedResult(c.placeId),
          attributeStatus: { websites: "RUN", phoneNumbers: "RUN" },
          filledMask,
        })),
      });
    }

    /**
     * A batch "mix" with one job in each status: done (completed), bad (failed), busy (in_progress, held
     * by worker "w-busy"), wait (queued) and idle (pending).
     */
    async function mixedBatch(batchId = "mix"): Promise<BatchRecord> {
      const { batch: b } = await batch(batchId, ["done", "bad", "busy"]);
      const [done, bad, busy] = await claimAll("w1");
      await complete("w1", [done!]);
      await store.failJobs({
        workerId: "w1",
        now: T0,
        jobs: [{ pk: bad!.pk, error: "boom", retryAt: null }],
      });
      await store.releaseJobs({ workerId: "w1", pks: [busy!.pk], now: T0 });
      await store.claimJobs({ workerId: "w-busy", limit: 1, leaseMs: LEASE, now: T0 });
      await batch(batchId, ["wait"]);
      await batch(batchId, ["idle"], { kickOff: false });
      const statuses = Object.fromEntries(await store.listBatchJobStatuses(b.pk));
      expect(statuses).toEqual({
        done: "completed",
        bad: "failed",
        busy: "in_progress",
        wait: "queued",
        idle: "pending",
      });
      return b;
    }

    describe("lifecycle", () => {
      it("ping succeeds on an open store", async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it("migrate is idempotent and keeps data", async () => {
        await batch("b1", ["a", "b"]);
        await store.migrate();
        await store.migrate();
        const b = await store.getBatch(org.id, "b1");
        expect(b).not.toBeNull();
        expect(await store.listBatchJobStatuses(b!.pk)).toHaveLength(2);
        expect(await store.countOrgs()).toBe(2);
      });

      it("a second connection migrates again and sees the same data", async ({ skip }) => {
        if (!sut.openAnother) return skip();
        await batch("b1", ["a", "b"]);
        const second = await sut.openAnother();
        try {
          await second.migrate();
          const b = await second.getBatch(org.id, "b1");
          expect(b?.name).toBe("Batch b1");
          expect(await second.listBatchJobStatuses(b!.pk)).toEqual([
            ["a", "queued"],
            ["b", "queued"],
          ]);
        } finally {
          await second.close();
        }
      });

      it("reopening after close keeps the data", async ({ skip }) => {
        if (!sut.openAnother) return skip();
        await batch("b1", ["a"]);
        await store.putCachedResults(org.id, [{ attribute: "websites", inputHash: "h", value: 1 }], T0);
        await store.close();
        const reopened = await sut.openAnother();
        try {
          await reopened.migrate();
          expect((await reopened.getOrgBySlug("acme"))?.id).toBe(org.id);
          expect(await reopened.getBatch(org.id, "b1")).not.toBeNull();
          expect(
            await reopened.getCachedResults(org.id, [{ attribute: "websites", inputHash: "h" }], T0),
          ).toHaveLength(1);
        } finally {
          await reopened.close();
        }
      });
    });

    describe("organizations and API keys", () => {
      it("creates and finds organizations", async () => {
        expect(org).toMatchObject({ slug: "acme", createdAt: T0 });
        expect(typeof org.id).toBe("string");
        expect(org.id).not.toBe(other.id);
        expect(await store.getOrgBySlug("acme")).toEqual(org);
        expect(await store.getOrgBySlug("nope")).toBeNull();
        expect(await store.countOrgs()).toBe(2);
      });

      it("lists organizations, oldest first", async () => {
        const later = await store.createOrg("initech", T0 + 5);
        expect(await store.listOrgs()).toEqual([org, other, later]);
      });

      it("rejects a duplicate slug", async () => {
        await expect(store.createOrg("acme", T0 + 1)).rejects.toThrow();
        expect(await store.countOrgs()).toBe(2);
        expect((await store.getOrgBySlug("acme"))?.id).toBe(org.id);
      });

      it("creates keys, finds them by hash, lists them per org", async () => {
        const key = await store.createApiKey({
          orgId: org.id,
          keyHash: "hash-1",
          prefix: "pe_abc",
          label: "ci",
          now: T0,
        });
        expect(key).toMatchObject({
          orgId: org.id,
          orgSlug: "acme",
          prefix: "pe_abc",
          label: "ci",
          createdAt: T0,
          revokedAt: null,
        });
        await store.createApiKey({
          orgId: org.id,
          keyHash: "hash-2",
          prefix: "pe_def",
          label: null,
          now: T0 + 1,
        });
        await store.createApiKey({
          orgId: other.id,
          keyHash: "hash-3",
          prefix: "pe_ghi",
          label: null,
          now: T0,
        });

        expect(await store.findApiKeyByHash("hash-1")).toEqual(key);
        expect((await store.findApiKeyByHash("hash-3"))?.orgSlug).toBe("globex");
        expect(await store.findApiKeyByHash("unknown")).toBeNull();
        const listed = await store.listApiKeys(org.id);
        expect(listed.map((k) => k.prefix).sort()).toEqual(["pe_abc", "pe_def"]);
        expect(listed.find((k) => k.prefix === "pe_def")?.label).toBeNull();
      });

      it("rejects a duplicate key hash", async () => {
        await store.createApiKey({ orgId: org.id, keyHash: "same", prefix: "pe_1", label: null, now: T0 });
        await expect(
          store.createApiKey({ orgId: other.id, keyHash: "same", prefix: "pe_2", label: null, now: T0 }),
        ).rejects.toThrow();
      });

      it("revokes by prefix or id, within the org only", async () => {
        const a = await store.createApiKey({
          orgId: org.id,
          keyHash: "h-a",
          prefix: "pe_aaa",
          label: null,
          now: T0,
        });
        const b = await store.createApiKey({
          orgId: org.id,
          keyHash: "h-b",
          prefix: "pe_bbb",
          label: null,
          now: T0,
        });
        await store.createApiKey({ orgId: other.id, keyHash: "h-c", prefix: "pe_ccc", label: null, now: T0 });

        expect(await store.revokeApiKey(other.id, "pe_aaa", T0 + 5)).toBe(0);
        expect(await store.revokeApiKey(other.id, a.id, T0 + 5)).toBe(0);
        expect((await store.findApiKeyByHash("h-a"))?.revokedAt).toBeNull();

        expect(await store.revokeApiKey(org.id, "pe_aaa", T0 + 5)).toBe(1);
        expect((await store.findApiKeyByHash("h-a"))?.revokedAt).toBe(T0 + 5);
        expect(await store.revokeApiKey(org.id, "pe_aaa", T0 + 6)).toBe(0); // already revoked
        expect((await store.findApiKeyByHash("h-a"))?.revokedAt).toBe(T0 + 5);

        expect(await store.revokeApiKey(org.id, b.id, T0 + 7)).toBe(1);
        expect((await store.findApiKeyByHash("h-b"))?.revokedAt).toBe(T0 + 7);
        expect((await store.findApiKeyByHash("h-c"))?.revokedAt).toBeNull();
        expect(await store.revokeApiKey(org.id, "pe_nope", T0)).toBe(0);
      });
    });

    describe("batches: create and append", () => {
      it("groups place ids by status in submission order, agreeing with the per-job listing", async () => {
        const { batch: b } = await batch("grouped", ["z", "a", "m", "q", "c"]);
        const claimed = await store.claimJobs({ workerId: "w1", limit: 2, leaseMs: LEASE, now: T0 });
        expect(claimed.map((j) => j.placeId)).toEqual(["z", "a"]);
        await complete("w1", [claimed[1]!]);
        const lists = await store.listBatchPlaceIdsByStatus(b.pk);
        // UTF-8 JSON with its count, parsed here to compare.
        const grouped = Object.fromEntries(
          Object.entries(lists).map(([status, { count, json }]) => {
            const ids = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json)) as string[];
            expect(ids).toHaveLength(count);
            return [status, ids];
          }),
        );
        expect(grouped).toEqual({
          pending: [],
          queued: ["m", "q", "c"],
          in_progress: ["z"],
          completed: ["a"],
          failed: [],
        });
        const fromPairs: Record<string, string[]> = {
          pending: [],
          queued: [],
          in_progress: [],
          completed: [],
          failed: [],
        };
        for (const [placeId, status] of await store.listBatchJobStatuses(b.pk))
          fromPairs[status]!.push(placeId);
        expect(grouped).toEqual(fromPairs);
        const { batch: empty } = await batch("empty", []);
        const none = { count: 0, json: new TextEncoder().encode("[]") };
        expect(await store.listBatchPlaceIdsByStatus(empty.pk)).toEqual({
          pending: none,
          queued: none,
          in_progress: none,
          completed: none,
          failed: none,
        });
      });

      it("creates a batch with queued jobs in submission order", async () => {
        const { batch: b, created } = await batch("b1", ["z", "a", "m"], { name: "First" });
        expect(created).toBe(true);
        expect(b).toMatchObject({ id: "b1", orgId: org.id, name: "First", createdAt: T0, updatedAt: T0 });
        expect(await store.getBatch(org.id, "b1")).toEqual(b);
        expect(await store.listBatchJobStatuses(b.pk)).toEqual([
          ["z", "queued"],
          ["a", "queued"],
          ["m", "queued"],
        ]);
        const jobs = await batchJobs(b.pk);
        expect(jobs.map((j) => j.placeId)).toEqual(["z", "a", "m"]);
        expect(jobs[0]).toMatchObject({
          orgId: org.id,
          batchPk: b.pk,
          status: "queued",
          inputs: inputs("z"),
          attributes: WEB_PHONE,
          refresh: false,
          attempts: 0,
          result: null,
          attributeStatus: null,
          error: null,
          createdAt: T0,
          updatedAt: T0,
        });
      });

      it("keeps jobs pending without kick-off", async () => {
        const { batch: b } = await batch("b1", ["a", "b"], { kickOff: false });
        expect(await store.listBatchJobStatuses(b.pk)).toEqual([
          ["a", "pending"],
          ["b", "pending"],
        ]);
        expect(await claimAll("w1")).toEqual([]);
      });

      it("stores inputs (with extra keys), attributes and refresh as given", async () => {
        const extra = inputs("x", {
          latitude: 1.5,
          longitude: -2.25,
          category: ["cafe", "bar"],
          custom: { deep: [1, null] },
        });
        const { batch: b } = await store.createOrAppendBatch({
          orgId: org.id,
          batchId: "b1",
          batchName: "n",
          jobs: [
            { placeId: "x", inputs: extra, attributes: ["closed_permanently", "price_tier"], refresh: true },
          ],
          kickOff: true,
          now: T0,
        });
        const [job] = await batchJobs(b.pk);
        expect(job?.inputs).toEqual(extra);
        expect(job?.attributes).toEqual(["closed_permanently", "price_tier"]);
        expect(job?.refresh).toBe(true);
        const [claimed] = await claimAll("w1");
        expect(claimed).toMatchObject({ placeId: "x", inputs: extra, refresh: true, orgId: org.id });
      });

      it("appends: replaces a re-submitted place_id and requeues it, appends new ones, keeps the name", async () => {
        const { batch: b } = await batch("b1", ["a", "b", "c"], { name: "Original" });
        const claimed = await claimAll("w1");
        await complete(
          "w1",
          claimed.filter((c) => c.placeId !== "c"),
          T0 + 1,
          0b10,
        );
        await store.failJobs({
          workerId: "w1",
          now: T0 + 1,
          jobs: [{ pk: claimed.find((c) => c.placeId === "c")!.pk, error: "boom", retryAt: null }],
        });
        const before = await batchJobs(b.pk);

        const appended = await store.createOrAppendBatch({
          orgId: org.id,
          batchId: "b1",
          batchName: "Ignored new name",
          jobs: [
            newJob("d"),
            {
              placeId: "b",
              inputs: inputs("b", { name: "B renamed" }),
              attributes: ["names"],
              refresh: true,
            },
            newJob("c"),
          ],
          kickOff: true,
          now: T0 + 10 * SECOND,
        });
        expect(appended.created).toBe(false);
        expect(appended.batch).toMatchObject({
          pk: b.pk,
          name: "Original",
          createdAt: T0,
          updatedAt: T0 + 10 * SECOND,
        });
        expect(await store.getBatch(org.id, "b1")).toEqual(appended.batch);

        // Existing place_ids keep their position; new ones come after them.
        expect(await store.listBatchJobStatuses(b.pk)).toEqual([
          ["a", "completed"],
          ["b", "queued"],
          ["c", "queued"],
          ["d", "queued"],
        ]);
        const after = await batchJobs(b.pk);
        const jb = after.find((j) => j.placeId === "b")!;
        expect(jb).toMatchObject({
          pk: before.find((j) => j.placeId === "b")!.pk,
          inputs: inputs("b", { name: "B renamed" }),
          attributes: ["names"],
          refresh: true,
          attempts: 0,
          result: null,
          attributeStatus: null,
          error: null,
          createdAt: T0,
          updatedAt: T0 + 10 * SECOND,
        });
        const jc = after.find((j) => j.placeId === "c")!;
        expect(jc).toMatchObject({ status: "queued", error: null, attempts: 0, result: null });
        const ja = after.find((j) => j.placeId === "a")!;
        expect(ja).toEqual(before.find((j) => j.placeId === "a"));

        // The replaced job no longer counts as completed, and its fill mask is gone.
        const stats = await store.getBatchStats(b.pk);
        expect(stats.counts).toEqual({ pending: 0, queued: 3, in_progress: 0, completed: 1, failed: 0 });
        expect(stats.attributeRequested).toEqual({ websites: 1, phoneNumbers: 1 });
        expect(stats.attributeFilled).toEqual({ websites: 1, phoneNumbers: 0 });

        // Requeued and new jobs are claimable, with a fresh attempt count.
        const again = await claimAll("w2", T0 + 10 * SECOND);
        expect(again.map((c) => [c.placeId, c.attempts])).toEqual([
          ["b", 1],
          ["c", 1],
          ["d", 1],
        ]);
      });

      it("stores a batch of many jobs in order with each job's own values, and appends across it", async () => {
        // 123 jobs: more than one many-row statement in the SQLite store, plus a remainder.
        const ids = range(123);
        const { batch: b } = await store.createOrAppendBatch({
          orgId: org.id,
          batchId: "big",
          batchName: "Big",
          jobs: ids.map((p, i) =>
            newJob(p, {
              inputs: inputs(p, { phone: `+1 555 ${i}` }),
              attributes: i % 3 === 0 ? ["names"] : WEB_PHONE,
              refresh: i % 2 === 0,
              prefilled: i === 7 ? { websites: { website: "https://seven.example" } } : null,
            }),
          ),
          kickOff: true,
          now: T0,
        });
        const jobs = await batchJobs(b.pk);
        expect(jobs.map((j) => j.placeId)).toEqual(ids);
        jobs.forEach((job, i) => {
          expect(job.inputs).toEqual(inputs(ids[i]!, { phone: `+1 555 ${i}` }));
          expect(job.attributes).toEqual(i % 3 === 0 ? ["names"] : WEB_PHONE);
          expect(job.refresh).toBe(i % 2 === 0);
          expect(job.status).toBe("queued");
        });
        const claimed = await claimAll("w1");
        expect(claimed.map((c) => c.placeId)).toEqual(ids);
        expect(claimed[7]!.prefilled).toEqual({ websites: { website: "https://seven.example" } });
        expect(claimed[8]!.prefilled).toBeNull();
        // An append of 60 re-submitted (every other id from 0) and 60 new ids: the old keep their place.
        const resubmitted = ids.filter((_, i) => i % 2 === 0).slice(0, 60);
        const added = range(60, "n");
        await batch("big", [...added.slice(0, 30), ...resubmitted, ...added.slice(30)], { now: T0 + 1 });
        const after = await batchJobs(b.pk);
        expect(after.map((j) => j.placeId)).toEqual([...ids, ...added]);
        expect(after.map((j) => j.pk)).toEqual([...after.map((j) => j.pk)].sort((x, y) => x - y));
        expect(after.slice(0, 123).map((j) => j.pk)).toEqual(jobs.map((j) => j.pk));
        const queued = new Set([...resubmitted, ...added]);
        for (const job of after) expect(job.status).toBe(queued.has(job.placeId) ? "queued" : "in_progress");
      });

      it("append without kick-off sets re-submitted and new jobs pending", async () => {
        const { batch: b } = await batch("b1", ["a", "b"]);
        await batch("b1", ["b", "c"], { kickOff: false, now: T0 + 1 });
        expect(await store.listBatchJobStatuses(b.pk)).toEqual([
          ["a", "queued"],
          ["b", "pending"],
          ["c", "pending"],
        ]);
      });

      it("a re-submitted job that was in progress is taken away from its worker", async () => {
        const { batch: b } = await batch("b1", ["a"]);
        const claimed = await claimAll("w1");
        await batch("b1", ["a"], { now: T0 + 1 });
        expect(await complete("w1", claimed, T0 + 2)).toBe(0);
        expect(
          await store.renewLeases({ workerId: "w1", pks: [claimed[0]!.pk], leaseMs: LEASE, now: T0 + 2 }),
        ).toEqual([]);
        expect(await store.listBatchJobStatuses(b.pk)).toEqual([["a", "queued"]]);
      });

      it("rejects a place_id repeated within one call and stores nothing (new batch)", async () => {
        await expect(batch("b1", ["a", "b", "a"])).rejects.toThrow();
        expect(await store.getBatch(org.id, "b1")).toBeNull();
        expect((await store.listBatches(org.id, { limit: 10, offset: 0 })).total).toBe(0);
        expect((await store.listJobs({ orgId: org.id, limit: 10, offset: 0 })).total).toBe(0);
      });

      it("rejects a place_id repeated within one call and stores nothing (append)", async () => {
        const { batch: b } = await batch("b1", ["a", "b"]);
        const before = await batchJobs(b.pk);
        await expect(batch("b1", ["c", "a", "c"], { now: T0 + 5, job: { refresh: true } })).rejects.toThrow();
        expect(await batchJobs(b.pk)).toEqual(before);
        expect(await store.getBatch(org.id, "b1")).toEqual(b);
      });

      it("rejects jobs for an unknown org and stores nothing", async () => {
        await expect(batch("b1", ["a"], { orgId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow();
        expect(await store.getBatch("00000000-0000-4000-8000-000000000000", "b1")).toBeNull();
      });

      it("isolates organizations: same batch id, separate batches", async () => {
        const mine = await batch("shared", ["a", "b"]);
        expect(await store.getBatch(other.id, "shared")).toBeNull();
        const theirs = await batch("shared", ["b", "c", "d"], { orgId: other.id, name: "Theirs" });
        expect(theirs.created).toBe(true);
        expect(theirs.batch.pk).not.toBe(mine.batch.pk);
        expect(await store.listBatchJobStatuses(mine.batch.pk)).toEqual([
          ["a", "queued"],
          ["b", "queued"],
        ]);
        expect((await store.getBatch(org.id, "shared"))?.name).toBe("Batch shared");
        expect((await store.getBatch(other.id, "shared"))?.name).toBe("Theirs");
        // Another org's batch is invisible through the org-scoped calls.
        expect(
          (await store.listJobs({ orgId: org.id, batchPk: theirs.batch.pk, limit: 10, offset: 0 })).total,
        ).toBe(0);
        expect(await store.renameBatch(org.id, "nope", "x", T0)).toBeNull();
        expect(
          await store.reprocessBatch({
            orgId: org.id,
            batchPk: theirs.batch.pk,
            selection: "all",
            refresh: false,
            attributes: null,
            now: T0,
          }),
        ).toBe(0);
      });

      it("handles a large batch in one call", async () => {
        const ids = range(5000);
        const { batch: b } = await batch("big", ids);
        const statuses = await store.listBatchJobStatuses(b.pk);
        expect(statuses).toHaveLength(5000);
        expect(statuses[4999]).toEqual(["p4999", "queued"]);
        expect((await store.getBatchStats(b.pk)).counts.queued).toBe(5000);
      });
    });

    /** `ids` as chunks of `size` jobs; throws `failure` instead of the chunk at `failAt`. */
    async function* chunksOf(ids: string[], size: number, failAt = -1, failure = new Error("x")) {
      for (let start = 0, n = 0; start < ids.length; start += size, n++) {
        await new Promise((resolve) => setImmediate(resolve));
        if (n === failAt) throw failure;
        yield ids.slice(start, start + size).map((p) => newJob(p));
      }
    }

    it("takes the jobs as chunks: all of them, in order, appended like an array's", async () => {
      const ids = range(4500);
      const { batch: b, created } = await store.createOrAppendBatch({
        orgId: org.id,
        batchId: "chunked",
        batchName: "Chunked",
        jobs: chunksOf(ids, 2000),
        kickOff: false,
        now: T0,
      });
      expect(created).toBe(true);
      const statuses = await store.listBatchJobStatuses(b.pk);
      expect(statuses.map(([p]) => p)).toEqual(ids);
      expect(new Set(statuses.map(([, s]) => s))).toEqual(new Set(["pending"]));
      const again = await store.createOrAppendBatch({
        orgId: org.id,
        batchId: "chunked",
        batchName: "Chunked",
        jobs: chunksOf(["p4499", "new"], 1),
        kickOff: true,
        now: T0 + 1,
      });
      expect(again.created).toBe(false);
      const after = await store.listBatchJobStatuses(b.pk);
      expect(after).toHaveLength(4501);
      expect(after.at(-2)).toEqual(["p4499", "queued"]);
      expect(after.at(-1)).toEqual(["new", "queued"]);
    });

    it("stores nothing when the chunk source throws, and throws its error", async () => {
      await batch("kept", ["k1"]);
      const failure = new Error("job 4,100 is invalid");
      for (const failAt of [0, 2]) {
        await expect(
          store.createOrAppendBatch({
            orgId: org.id,
            batchId: `broken${failAt}`,
            batchName: "Broken",
            jobs: chunksOf(range(4500), 2000, failAt, failure),
            kickOff: true,
            now: T0,
          }),
        ).rejects.toBe(failure);
        expect(await store.getBatch(org.id, `broken${failAt}`)).toBeNull();
      }
      // Nor on an append: the batch keeps its jobs, unchanged.
      await expect(
        store.createOrAppendBatch({
          orgId: org.id,
          batchId: "kept",
          batchName: "Kept",
          jobs: chunksOf(["k1", "k2", "k3"], 1, 2, failure),
          kickOff: false,
          now: T0 + 5,
        }),
      ).rejects.toBe(failure);
      const kept = (await store.getBatch(org.id, "kept"))!;
      expect(await store.listBatchJobStatuses(kept.pk)).toEqual([["k1", "queued"]]);
      expect((await store.queueStats(T0)).queued).toBe(1);
      // The store goes on (the SQLite writer is not left inside the failed write).
      await batch("next", ["n1"]);
      expect((await store.getBatch(org.id, "next"))?.name).toBe("Batch next");
    });

    it("counts the write's rate-limit hits in its transaction: refused or failed, nothing is stored or counted", async () => {
      const MINUTE = 60 * SECOND;
      const jobsHit = (cost: number) => ({ bucket: "org:o:jobs", windowMs: MINUTE, limit: 4500, cost });
      const counted = async () =>
        (await store.peekRateLimits({ buckets: [{ bucket: "org:o:jobs", windowMs: MINUTE }], now: T0 }))[0]!
          .hits;
      const write = (batchId: string, jobs: NewJob[] | AsyncIterable<NewJob[]>, cost: number) =>
        store.createOrAppendBatch({
          orgId: org.id,
          batchId,
          batchName: "Counted",
          jobs,
          kickOff: true,
          countHits: [jobsHit(cost)],
          now: T0,
        });
      // Allowed: stored and counted, as an array and as chunks.
      await write("small", [newJob("s1"), newJob("s2")], 2);
      await write("chunked", chunksOf(range(4000), 2000), 4000);
      expect(await counted()).toBe(4002);
      // Refused (4002 + 600 > 4500): nothing of the write is stored, the count is unchanged.
      for (const jobs of [range(600).map((p) => newJob(`r${p}`)), chunksOf(range(600), 200)]) {
        const refused = await write("refused", jobs, 600).then(
          () => null,
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(RateLimitRefusedError);
        expect((refused as RateLimitRefusedError).states).toEqual([
          { bucket: "org:o:jobs", allowed: false, hits: 4002, resetAt: T0 - (T0 % MINUTE) + MINUTE },
        ]);
        expect(await store.getBatch(org.id, "refused")).toBeNull();
      }
      // An append refused leaves its batch as it was.
      await expect(write("small", [newJob("s3")], 600)).rejects.toBeInstanceOf(RateLimitRefusedError);
      const small = (await store.getBatch(org.id, "small"))!;
      expect((await store.listBatchJobStatuses(small.pk)).map(([p]) => p)).toEqual(["s1", "s2"]);
      // A chunk source that fails: not counted either.
      const failure = new Error("bad job");
      await expect(write("failed", chunksOf(range(4000), 2000, 1, failure), 10)).rejects.toBe(failure);
      expect(await counted()).toBe(4002);
    });

    it("counts a re-queue's jobs in its transaction: refused, nothing is re-queued or counted", async () => {
      const MINUTE = 60 * SECOND;
      const hit = { bucket: "org:o:jobs", windowMs: MINUTE, limit: 5, cost: 1 };
      const counted = async () =>
        (await store.peekRateLimits({ buckets: [{ bucket: "org:o:jobs", windowMs: MINUTE }], now: T0 }))[0]!
          .hits;
      const { batch: b } = await batch("rq", ["a", "b", "c"]);
      await store.claimJobs({ workerId: "w1", limit: 3, leaseMs: LEASE, now: T0 });
      const reprocess = (countJobs: typeof hit) =>
        store.reprocessBatch({
          orgId: org.id,
          batchPk: b.pk,
          selection: "all",
          refresh: false,
          attributes: null,
          now: T0 + 1,
          countJobs,
        });
      // 3 of 5: re-queued and counted at the number re-queued (its cost is the store's count).
      expect(await reprocess(hit)).toBe(3);
      expect(await counted()).toBe(3);
      await store.claimJobs({ workerId: "w1", limit: 3, leaseMs: LEASE, now: T0 + 2 });
      // 3 more would pass 5: refused with that cost; the jobs stay in progress, the count is unchanged.
      const refused = await reprocess(hit).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(RateLimitRefusedError);
      expect((refused as RateLimitRefusedError).costs).toEqual([3]);
      expect((refused as RateLimitRefusedError).states[0]).toMatchObject({ allowed: false, hits: 3 });
      expect(await store.listBatchJobStatuses(b.pk)).toEqual([
        ["a", "in_progress"],
        ["b", "in_progress"],
        ["c", "in_progress"],
      ]);
      const byPlace = (placeIds: string[]) =>
        store.reprocessPlaces({
          orgId: org.id,
          placeIds,
          refresh: false,
          attributes: null,
          now: T0 + 3,
          countJobs: hit,
        });
      await expect(byPlace(["a", "b", "c", "nope"])).rejects.toBeInstanceOf(RateLimitRefusedError);
      expect((await store.listBatchJobStatuses(b.pk)).map(([, s]) => s)).toEqual([
        "in_progress",
        "in_progress",
        "in_progress",
      ]);
      expect(await counted()).toBe(3);
      // Two fit: re-queued and counted.
      expect((await byPlace(["a", "b", "nope"])).requeued).toEqual(["a", "b"]);
      expect(await counted()).toBe(5);
      expect((await store.listBatchJobStatuses(b.pk)).map(([, s]) => s)).toEqual([
        "queued",
        "queued",
        "in_progress",
      ]);
      // Jobs still waiting (pending, queued) were counted when submitted: queued again, they cost
      // nothing more, even with the hour used up (break-it trial: a pending batch cost twice).
      // c is in progress: re-queuing all three would cost 1 (a and b are queued), past the hour.
      await expect(reprocess(hit)).rejects.toBeInstanceOf(RateLimitRefusedError);
      expect(await counted()).toBe(5);
      const { batch: waiting } = await store.createOrAppendBatch({
        orgId: org.id,
        batchId: "later",
        batchName: "Later",
        jobs: [newJob("p1"), newJob("p2")],
        kickOff: false,
        now: T0 + 4,
      });
      expect(
        await store.reprocessBatch({
          orgId: org.id,
          batchPk: waiting.pk,
          selection: "all",
          refresh: false,
          attributes: null,
          now: T0 + 5,
          countJobs: { ...hit, limit: 5 },
        }),
      ).toBe(2);
      expect(await store.listBatchJobStatuses(waiting.pk)).toEqual([
        ["p1", "queued"],
        ["p2", "queued"],
      ]);
      expect(await counted()).toBe(5);
    });

    describe("batches: views, listing, rename, delete", () => {
      it("lists attribute statuses in submission order", async () => {
        const { batch: b } = await batch("b1", ["a", "b"]);
        expect(await store.listBatchAttributeStatuses(b.pk)).toEqual([
          ["a", null, WEB_PHONE],
          ["b", null, WEB_PHONE],
        ]);
        const [a] = await store.claimJobs({ workerId: "w1", limit: 1, leaseMs: LEASE, now: T0 });
        await store.completeJobs({
          workerId: "w1",
          now: T0,
          jobs: [
            {
              pk: a!.pk,
              result: storedResult("a"),
              attributeStatus: { websites: "RUN", phoneNumbers: "ERROR" },
              filledMask: 2,
            },
          ],
        });
        expect(await store.listBatchAttributeStatuses(b.pk)).toEqual([
          ["a", { websites: "RUN", phoneNumbers: "ERROR" }, WEB_PHONE],
          ["b", null, WEB_PHONE],
        ]);
        // The same as the ?enrichments= view, rendered where the rows are read: every status key,
        // a requested attribute without a status NOT_RUN, one not requested in no bucket.
        const bytes = await store.batchAttributeStatusesJson(b.pk, ["phoneNumbers", "websites", "address"]);
        expect(bytes).toBeInstanceOf(Uint8Array);
        const none = { total: 0, ids: [] };
        expect(JSON.parse(Buffer.from(bytes).toString("utf8"))).toEqual({
          phoneNumbers: {
            RUN: none,
            RUN_CONDITION_FAILED: none,
            NOT_RUN: { total: 1, ids: ["b"] },
            ERROR: { total: 1, ids: ["a"] },
          },
          websites: {
            RUN: { total: 1, ids: ["a"] },
            RUN_CONDITION_FAILED: none,
            NOT_RUN: { total: 1, ids: ["b"] },
            ERROR: none,
          },
          address: { RUN: none, RUN_CONDITION_FAILED: none, NOT_RUN: none, ERROR: none },
        });
      });

      it("computes status counts and fill numerators from completed jobs only", async () => {
        const { batch: b } = await store.createOrAppendBatch({
          orgId: org.id,
          batchId: "stats",
          batchName: "s",
          jobs: [
            newJob("j1", { attributes: ["websites", "phoneNumbers"] }),
            newJob("j2", { attributes: ["websites", "phoneNumbers"] }),
            newJob("j3", { attributes: ["websites", "names"] }),
            newJob("j4", { attributes: ["websites", "phoneNumbers", "price_tier"] }),
            newJob("j5", { attributes: ["price_tier"] }),
          ],
          kickOff: true,
          now: T0,
        });
        const empty = await store.getBatchStats(b.pk);
        expect(empty).toEqual({
          counts: { pending: 0, queued: 5, in_progress: 0, completed: 0, failed: 0 },
          attributeRequested: {},
          attributeFilled: {},
        });

        const claimed = await claimAll("w1");
        const pk = (p: string) => claimed.find((c) => c.placeId === p)!.pk;
        const mask = (keys: AttributeKey[]) => attributesToMask(keys);
        await store.completeJobs({
          workerId: "w1",
          now: T0,
          jobs: [
            {
              pk: pk("j1"),
              result: storedResult("j1"),
              attributeStatus: {},
              filledMask: mask(["websites", "phoneNumbers"]),
            },
            { pk: pk("j2"), result: storedResult("j2"), attributeStatus: {}, filledMask: mask(["websites"]) },
            { pk: pk("j3"), result: storedResult("j3"), attributeStatus: {}, filledMask: mask(["names"]) },
          ],
        });
        await store.failJobs({
          workerId: "w1",
          now: T0,
          jobs: [{ pk: pk("j4"), error: "x", retryAt: null }],
        });

        const stats = await store.getBatchStats(b.pk);
        expect(stats.counts).toEqual({ pending: 0, queued: 0, in_progress: 1, completed: 3, failed: 1 });
        // j4 failed and j5 is still in progress: neither counts; price_tier was requested by neither completed job.
        expect(stats.attributeRequested).toEqual({ websites: 3, phoneNumbers: 2, names: 1 });
        expect(stats.attributeFilled).toEqual({ websites: 2, phoneNumbers: 1, names: 1 });
      });

      it("lists batches newest first with total, paging and status counts", async () => {
        const b1 = (await batch("b1", ["a", "b"], { now: T0, name: "Alpha" })).batch;
        const b2 = (await batch("b2", ["a"], { now: T0 + SECOND, name: "Beta", kickOff: false })).batch;
        const b3 = (await batch("b3", [], { now: T0 + SECOND, name: "Gamma" })).batch;
        await batch("b4", ["x"], { orgId: other.id, now: T0 + 5 * SECOND, name: "Other org" });
        const [claimed] = await store.claimJobs({ workerId: "w1", limit: 1, leaseMs: LEASE, now: T0 });
        await complete("w1", [claimed!]);

        const all = await store.listBatches(org.id, { limit: 10, offset: 0 });
        expect(all.total).toBe(3);
        // Same created_at: the later-created batch first.
        expect(all.batches.map((s) => s.batch.id)).toEqual(["b3", "b2", "b1"]);
        expect(all.batches[0]!.batch).toEqual(b3);
        expect(all.batches[1]!.counts).toEqual({
          pending: 1,
          queued: 0,
          in_progress: 0,
          completed: 0,
          failed: 0,
        });
        expect(all.batches[2]!.counts).toEqual({
          pending: 0,
          queued: 1,
          in_progress: 0,
          completed: 1,
          failed: 0,
        });
        expect(all.batches[0]!.counts).toEqual({
          pending: 0,
          queued: 0,
          in_progress: 0,
          completed: 0,
          failed: 0,
        });

        const page = await store.listBatches(org.id, { limit: 1, offset: 1 });
        expect(page.total).toBe(3);
        expect(page.batches.map((s) => s.batch.pk)).toEqual([b2.pk]);
        expect((await store.listBatches(org.id, { limit: 5, offset: 3 })).batches).toEqual([]);
        expect(b1.pk).not.toBe(b2.pk);
      });

      it("filters batches by a case-insensitive name substring, wildcards taken literally", async () => {
        await batch("b1", ["a"], { name: "Restaurants Berlin", now: T0 });
        await batch("b2", ["a"], { name: "berlin cafés", now: T0 + 1 });
        await batch("b3", ["a"], { name: "100% done_list", now: T0 + 2 });
        await batch("b4", ["a"], { name: "1000 doneXlist", now: T0 + 3 });
        await batch("b5", ["a"], { name: "Berlin elsewhere", orgId: other.id, now: T0 + 4 });

        const berlin = await store.listBatches(org.id, { limit: 10, offset: 0, query: "BERLIN" });
        expect(berlin.total).toBe(2);
        expect(berlin.batches.map((s) => s.batch.id)).toEqual(["b2", "b1"]);
        const paged = await store.listBatches(org.id, { limit: 1, offset: 1, query: "berlin" });
        expect(paged).toMatchObject({ total: 2 });
        expect(paged.batches.map((s) => s.batch.id)).toEqual(["b1"]);

        expect(
          (await store.listBatches(org.id, { limit: 10, offset: 0, query: "0%" })).batches.map(
            (s) => s.batch.id,
          ),
        ).toEqual(["b3"]);
        expect(
          (await store.listBatches(org.id, { limit: 10, offset: 0, query: "e_l" })).batches.map(
            (s) => s.batch.id,
          ),
        ).toEqual(["b3"]);
        expect((await store.listBatches(org.id, { limit: 10, offset: 0, query: "nothing" })).total).toBe(0);
        expect((await store.listBatches(org.id, { limit: 10, offset: 0, query: "" })).total).toBe(4);
      });

      it("renames a batch and bumps updated_at", async () => {
        const { batch: b } = await batch("b1", ["a"], { name: "Old" });
        const renamed = await store.renameBatch(org.id, "b1", "New", T0 + 7);
        const { version, ...unchanged } = b;
        expect(renamed).toEqual({
          ...unchanged,
          name: "New",
          updatedAt: T0 + 7,
          // A store that keeps a version (SQLite) moves it with every change of the batch.
          ...(version !== undefined ? { version: version + 1 } : {}),
        });
        expect(await store.getBatch(org.id, "b1")).toEqual(renamed);
        expect(await store.renameBatch(other.id, "b1", "Hijack", T0 + 8)).toBeNull();
        expect(await store.renameBatch(org.id, "missing", "x", T0 + 8)).toBeNull();
        expect((await store.getBatch(org.id, "b1"))?.name).toBe("New");
      });

      it("deletes a batch with its jobs", async () => {
        const { batch: b } = await batch("b1", ["a", "b"]);
        const { batch: kept } = await batch("b2", ["a"]);
        await batch("b1", ["a"], { orgId: other.id });
        expect(await store.deleteBatch(other.id, "b2")).toBe(false);

        expect(await store.deleteBatch(org.id, "b1")).toBe(true);
        expect(await store.getBatch(org.id, "b1")).toBeNull();
        expect(await store.listBatchJobStatuses(b.pk)).toEqual([]);
        expect((await store.listJobs({ orgId: org.id, batchPk: b.pk, limit: 10, offset: 0 })).total).toBe(0);
        expect(
          (await store.listJobs({ orgId: org.id, limit: 10, offset: 0 })).jobs.map((j) => j.batchPk),
        ).toEqual([kept.pk]);
        expect(await store.getBatch(other.id, "b1")).not.toBeNull();
        expect(await store.deleteBatch(org.id, "b1")).toBe(false);
        // Only one job is left to claim in this org (b2's); the other org's job is there too.
        expect((await claimAll("w1")).map((c) => c.orgId).sort()).toEqual([org.id, other.id].sort());
      });
    });

    describe("batches: reprocess", () => {
      const cases: Array<{ selection: "failed" | "incomplete" | "unfinished" | "all"; selected: string[] }> =
        [
          { selection: "failed", selected: ["bad"] },
          { selection: "incomplete", selected: ["busy", "wait", "idle"] },
          { selection: "unfinished", selected: ["bad", "busy", "wait", "idle"] },
          { selection: "all", selected: ["done", "bad", "busy", "wait", "idle"] },
        ];
      for (const { selection, selected } of cases) {
        it(`selection ${selection} requeues ${selected.join(", ")}`, async () => {
          const b = await mixedBatch();
          const before = new Map((await batchJobs(b.pk)).map((j) => [j.placeId, j]));
          const now = T0 + 30 * SECOND;
          const n = await store.reprocessBatch({
            orgId: org.id,
            batchPk: b.pk,
            selection,
            refresh: false,
            attributes: null,
            now,
          });
          expect(n).toBe(selected.length);
          for (const job of await batchJobs(b.pk)) {
            if (selected.includes(job.placeId)) {
              expect(job, job.placeId).toMatchObject({
                status: "queued",
                attempts: 0,
                error: null,
                attributes: before.get(job.placeId)!.attributes,
                updatedAt: now,
              });
            } else {
              expect(job, job.placeId).toEqual(before.get(job.placeId));
            }
          }
          expect((await store.getBatch(org.id, "mix"))?.updatedAt).toBe(now);
          // Claimable right away, in submission order (with "wait", which was queued all along).
          const claimed = await claimAll("w2", now);
          const order = ["done", "bad", "busy", "wait", "idle"];
          expect(claimed.map((c) => c.placeId)).toEqual(
            order.filter((p) => p === "wait" || selected.includes(p)),
          );
          expect(claimed.filter((c) => selected.includes(c.placeId)).every((c) => c.attempts === 1)).toBe(
            true,
          );
        });
      }

      it("takes a reprocessed in-progress job away from its worker", async () => {
        const b = await mixedBatch();
        const busy = await jobByPlace(b.pk, "busy");
        await store.reprocessBatch({
          orgId: org.id,
          batchPk: b.pk,
          selection: "incomplete",
          refresh: false,
          attributes: null,
          now: T0 + 1,
        });
        expect(
          await store.completeJobs({
            workerId: "w-busy",
            now: T0 + 2,
            jobs: [{ pk: busy.pk, result: storedResult("late"), attributeStatus: {}, filledMask: 0 }],
          }),
        ).toBe(0);
        expect((await jobByPlace(b.pk, "busy")).status).toBe("queued");
      });

      it("sets refresh and replaces attributes when given", async () => {
        const { batch: b } = await batch("b1", ["a", "b"], { kickOff: false });
        const n = await store.reprocessBatch({
          orgId: org.id,
          batchPk: b.pk,
          selection: "all",
          refresh: true,
          attributes: ["names", "address"],
          now: T0 + 1,
        });
        expect(n).toBe(2);
        for (const job of await batchJobs(b.pk)) {
          expect(job).toMatchObject({ status: "queued", refresh: true, attributes: ["names", "address"] });
        }
        const claimed = await claimAll("w1", T0 + 1);
        expect(claimed.map((c) => [c.refresh, c.attributes])).toEqual([
          [true, ["names", "address"]],
          [true, ["names", "address"]],
        ]);
        // The requested mask follows the new attributes.
        await complete("w1", claimed, T0 + 2, attributesToMask(["names"]));
        const stats = await store.getBatchStats(b.pk);
        expect(stats.attributeRequested).toEqual({ names: 2, address: 2 });
        expect(stats.attributeFilled).toEqual({ names: 2, address: 0 });

        // refresh: false resets the flag.
        await store.reprocessBatch({
          orgId: org.id,
          batchPk: b.pk,
          selection: "all",
          refresh: false,
          attributes: null,
          now: T0 + 3,
        });
        expect((await batchJobs(b.pk)).map((j) => [j.refresh, j.attributes])).toEqual([
          [false, ["names", "address"]],
          [false, ["names", "address"]],
        ]);
      });

      it("returns 0 and leaves the batch untouched when nothing is selected", async () => {
        const { batch: b } = await batch("b1", ["a"]);
        expect(
          await store.reprocessBatch({
            orgId: org.id,
            batchPk: b.pk,
            selection: "failed",
            refresh: false,
            attributes: null,
            now: T0 + 9,
          }),
        ).toBe(0);
        expect(await store.getBatch(org.id, "b1")).toEqual(b);
      });
    });

    describe("jobs: reprocess by place_id", () => {
      it("re-queues the latest job of each place_id with a fresh start and lists unknown ids", async () => {
        const { batch: b1 } = await batch("b1", ["x", "y", "z"]);
        const claimed = await claimAll("w1");
        await complete("w1", claimed.slice(0, 2), T0, attributesToMask(WEB_PHONE));
        await store.failJobs({
          workerId: "w1",
          now: T0,
          jobs: [
            {
              pk: claimed[2]!.pk,
              error: "boom",
              retryAt: null,
              attributeStatus: { websites: "ERROR", phoneNumbers: "ERROR" },
            },
          ],
        });
        // "x" also has a newer standalone job: that one is its latest.
        const standalone = await store.createStandaloneJob(org.id, newJob("x"), T0 + 1);
        const olderX = await jobByPlace(b1.pk, "x");

        const now = T0 + 10 * SECOND;
        const result = await store.reprocessPlaces({
          orgId: org.id,
          placeIds: ["z", "nope", "x", "y", "z"],
          refresh: true,
          attributes: null,
          now,
        });
        expect(result).toEqual({ requeued: ["z", "x", "y"], notFound: ["nope"] });
        const fresh = {
          status: "queued",
          attempts: 0,
          error: null,
          result: null,
          attributeStatus: null,
          refresh: true,
          attributes: WEB_PHONE,
          updatedAt: now,
        };
        expect(await store.getLatestJob(org.id, "x")).toMatchObject({ ...fresh, pk: standalone.pk });
        expect(await jobByPlace(b1.pk, "y")).toMatchObject(fresh);
        expect(await jobByPlace(b1.pk, "z")).toMatchObject(fresh);
        expect(await jobByPlace(b1.pk, "x")).toEqual(olderX);
        expect((await store.getBatch(org.id, "b1"))?.updatedAt).toBe(now);
        // The previous outcome no longer counts: no completed job is left in b1 but the older "x".
        expect((await store.getBatchStats(b1.pk)).attributeFilled).toEqual({ websites: 1, phoneNumbers: 1 });

        const again = await claimAll("w2", now);
        expect(again.map((c) => c.placeId)).toEqual(["y", "z", "x"]);
        expect(again.every((c) => c.refresh && c.attempts === 1)).toBe(true);
      });

      it("replaces attributes when given; the requested mask follows", async () => {
        const { batch: b } = await batch("b1", ["a"], { kickOff: false });
        const result = await store.reprocessPlaces({
          orgId: org.id,
          placeIds: ["a"],
          refresh: false,
          attributes: ["names", "menu"],
          now: T0 + 1,
        });
        expect(result).toEqual({ requeued: ["a"], notFound: [] });
        expect(await jobByPlace(b.pk, "a")).toMatchObject({
          status: "queued",
          attributes: ["names", "menu"],
        });
        const claimed = await claimAll("w1", T0 + 1);
        expect(claimed.map((c) => c.attributes)).toEqual([["names"]]);
        await complete("w1", claimed, T0 + 2, attributesToMask(["names"]));
        const stats = await store.getBatchStats(b.pk);
        expect(stats.attributeRequested).toEqual({ names: 1 });
        expect(stats.attributeFilled).toEqual({ names: 1 });
      });

      it("never touches another organization's jobs", async () => {
        const { batch: theirs } = await batch("b9", ["shared", "only-theirs"], { orgId: other.id });
        const before = (await store.listJobs({ orgId: other.id, limit: 10, offset: 0 })).jobs;
        await batch("b1", ["shared"]);
        const result = await store.reprocessPlaces({
          orgId: org.id,
          placeIds: ["shared", "only-theirs"],
          refresh: true,
          attributes: ["names"],
          now: T0 + 5,
        });
        expect(result).toEqual({ requeued: ["shared"], notFound: ["only-theirs"] });
        expect((await store.listJobs({ orgId: other.id, limit: 10, offset: 0 })).jobs).toEqual(before);
        expect((await store.getBatch(other.id, "b9"))?.updatedAt).toBe(theirs.updatedAt);
        expect(
          await store.reprocessPlaces({
            orgId: org.id,
            placeIds: ["only-theirs"],
            refresh: false,
            attributes: null,
            now: T0 + 6,
          }),
        ).toEqual({ requeued: [], notFound: ["only-theirs"] });
      });

      it("takes a re-queued in-progress job away from its worker", async () => {
        await batch("b1", ["busy"]);
        const [busy] = await claimAll("w-busy");
        await store.reprocessPlaces({
          orgId: org.id,
          placeIds: ["busy"],
          refresh: false,
          attributes: null,
          now: T0 + 1,
        });
        expect(
          await store.completeJobs({
            workerId: "w-busy",
            now: T0 + 2,
            jobs: [{ pk: busy!.pk, result: storedResult("late"), attributeStatus: {}, filledMask: 0 }],
          }),
        ).toBe(0);
        expect((await store.getLatestJob(org.id, "busy"))?.status).toBe("queued");
      });
    });

    describe("jobs: prefilled data and attributes this deployment cannot enrich", () => {
      const prefilled = { phoneNumbers: { phone: "+12125550100" }, menu: { menu: ["pizza"] } };

      it("stores prefilled_data with the job and hands it to the worker; a re-submission replaces it", async () => {
        const { batch: b } = await batch("b1", ["a", "b"], { job: { prefilled } });
        expect((await claimAll("w1")).map((c) => [c.placeId, c.prefilled])).toEqual([
          ["a", prefilled],
          ["b", prefilled],
        ]);
        await batch("b1", ["a"]);
        await store.createStandaloneJob(
          org.id,
          newJob("s", { prefilled: { websites: { website: "x" } } }),
          T0,
        );
        expect((await claimAll("w2")).map((c) => [c.placeId, c.prefilled])).toEqual([
          ["a", null],
          ["s", { websites: { website: "x" } }],
        ]);
        expect((await batchJobs(b.pk)).map((j) => j.placeId)).toEqual(["a", "b"]);
      });

      it("keeps public-only attribute keys with the job, never handing them to workers or statistics", async () => {
        const attributes = ["websites", "menu", "naics"] as NewJob["attributes"];
        const { batch: b } = await batch("b1", ["a"], { job: { attributes } });
        expect((await jobByPlace(b.pk, "a")).attributes).toEqual(attributes);
        expect(await store.listBatchAttributeStatuses(b.pk)).toEqual([["a", null, attributes]]);
        const claimed = await claimAll("w1");
        expect(claimed.map((c) => c.attributes)).toEqual([["websites"]]);
        // The view of the completed job lists them all: the claim carries the whole list for it.
        expect(claimed.map((c) => c.requestedAttributes)).toEqual([attributes]);
        await complete("w1", claimed, T0, attributesToMask(["websites"]));
        const stats = await store.getBatchStats(b.pk);
        expect(stats.attributeRequested).toEqual({ websites: 1 });
        expect(stats.attributeFilled).toEqual({ websites: 1 });
      });
    });

    describe("jobs", () => {
      it("lists a batch's jobs in submission order with paging and total", async () => {
        const { batch: b } = await batch("b1", range(25));
        await batch("b2", range(3, "q"));
        const page = await store.listJobs({ orgId: org.id, batchPk: b.pk, limit: 10, offset: 10 });
        expect(page.total).toBe(25);
        expect(page.jobs.map((j) => j.placeId)).toEqual(range(25).slice(10, 20));
        const last = await store.listJobs({ orgId: org.id, batchPk: b.pk, limit: 10, offset: 20 });
        expect(last.jobs.map((j) => j.placeId)).toEqual(range(25).slice(20));
        const pks = (await batchJobs(b.pk)).map((j) => j.pk);
        expect([...pks].sort((x, y) => x - y)).toEqual(pks);
        expect((await store.listJobs({ orgId: org.id, batchPk: b.pk, limit: 10, offset: 30 })).jobs).toEqual(
          [],
        );
      });

      it("renders a page as the GET /jobs body: the listJobs page, each job rendered, as UTF-8 bytes", async () => {
        const { batch: b } = await batch("b1", ["a", "b", "c", "é→東京"]);
        const [claimed] = await claimAll("w1");
        await complete("w1", [claimed!]);
        const query = { orgId: org.id, batchPk: b.pk, limit: 3, offset: 1 };
        const bytes = await store.jobsPageJson(query);
        expect(bytes).toBeInstanceOf(Uint8Array);
        const page = await store.listJobs(query);
        expect(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes))).toEqual({
          jobs: page.jobs.map(renderJob),
          total: 4,
          limit: 3,
          offset: 1,
        });
        // Another org's batch renders as an empty page.
        const theirs = await store.jobsPageJson({ ...query, orgId: other.id });
        expect(JSON.parse(new TextDecoder().decode(theirs))).toEqual({
          jobs: [],
          total: 0,
          limit: 3,
          offset: 1,
        });
      });

      it("stores a view the worker rendered from its claim as the view the store renders from the result", async () => {
        const attributes = ["websites", "phone", "menu"] as NewJob["attributes"];
        const { batch: b } = await batch("b1", ["by-store", "by-worker"], { job: { attributes } });
        const claimed = await claimAll("w1");
        const [byStore, byWorker] = claimed;
        const result = storedResult("same");
        const attributeStatus = { websites: "RUN", phoneNumbers: "RUN" } as const;
        const view = JSON.stringify(
          renderCompletedJob({
            placeId: byWorker!.placeId,
            attributes: byWorker!.requestedAttributes,
            attempts: byWorker!.attempts,
            result,
            attributeStatus,
          }),
        );
        expect(
          await store.completeJobs({
            workerId: "w1",
            now: T0,
            jobs: [
              { pk: byStore!.pk, result, attributeStatus, filledMask: 1 },
              { pk: byWorker!.pk, view, attributeStatus, filledMask: 1 },
            ],
          }),
        ).toBe(2);
        const page = Buffer.from(
          await store.jobsPageJson({ orgId: org.id, batchPk: b.pk, limit: 2, offset: 0 }),
        ).toString("utf8");
        const [fromStore, fromWorker] = (JSON.parse(page) as { jobs: unknown[] }).jobs.map((j) =>
          JSON.stringify(j),
        );
        expect(fromWorker).toBe(fromStore!.replace('"place_id":"by-store"', '"place_id":"by-worker"'));
        expect(page).toContain(view);
        // A job no longer owned keeps what it had: a view, like a result, is written under the lease.
        expect(
          await store.completeJobs({
            workerId: "w2",
            now: T0,
            jobs: [{ pk: byWorker!.pk, view: "{}", attributeStatus, filledMask: 0 }],
          }),
        ).toBe(0);
        expect(
          Buffer.from(
            await store.jobsPageJson({ orgId: org.id, batchPk: b.pk, limit: 2, offset: 0 }),
          ).toString("utf8"),
        ).toBe(page);
      });

      it("writes completed jobs' views and unfinished jobs side by side, byte for byte as rendered", async () => {
        const ids = ["a", "é→東京", "b\u2028", '😀"q\\', "c", "d"];
        const { batch: b } = await batch("b1", ids);
        const claimed = await claimAll("w1", T0, 4);
        // Completed: the 1st, 2nd and 4th (non-ASCII in their views); in progress: the 3rd; queued: the rest.
        await complete("w1", [claimed[0]!, claimed[1]!, claimed[3]!]);
        for (const [offset, limit] of [
          [0, 6],
          [1, 1],
          [1, 3],
          [4, 2],
        ] as const) {
          const query = { orgId: org.id, batchPk: b.pk, limit, offset };
          const page = await store.listJobs(query);
          const expected = `{"jobs":[${page.jobs.map((job) => JSON.stringify(renderJob(job))).join(",")}],"total":6,"limit":${limit},"offset":${offset}}`;
          expect(Buffer.from(await store.jobsPageJson(query)).toString("utf8")).toBe(expected);
        }
        const all = await store.listJobs({ orgId: org.id, batchPk: b.pk, limit: 6, offset: 0 });
        expect(all.jobs.map((job) => job.status)).toEqual([
          "completed",
          "completed",
          "in_progress",
          "completed",
          "queued",
          "queued",
        ]);
      });

      it("lists every job of the org, or only those outside batches", async () => {
        await batch("b1", ["a", "b"]);
        const s1 = await store.createStandaloneJob(org.id, newJob("s1"), T0 + 1);
        await batch("b2", ["c"], { now: T0 + 2 });
        const s2 = await store.createStandaloneJob(org.id, newJob("s2"), T0 + 3);
        await store.createStandaloneJob(other.id, newJob("s3"), T0 + 3);
        await batch("b9", ["z"], { orgId: other.id });

        const all = await store.listJobs({ orgId: org.id, limit: 100, offset: 0 });
        expect(all.total).toBe(5);
        expect(all.jobs.map((j) => j.placeId)).toEqual(["a", "b", "s1", "c", "s2"]);
        const paged = await store.listJobs({ orgId: org.id, limit: 2, offset: 2 });
        expect(paged.total).toBe(5);
        expect(paged.jobs.map((j) => j.placeId)).toEqual(["s1", "c"]);

        const standalone = await store.listJobs({
          orgId: org.id,
          excludeBatches: true,
          limit: 100,
          offset: 0,
        });
        expect(standalone.total).toBe(2);
        expect(standalone.jobs).toEqual([s1, s2]);
        expect(
          (await store.listJobs({ orgId: org.id, excludeBatches: true, limit: 1, offset: 1 })).jobs,
        ).toEqual([s2]);
      });

      it("creates a standalone job, replacing an earlier standalone job with the same place_id", async () => {
        const first = await store.createStandaloneJob(org.id, newJob("s"), T0);
        expect(first).toMatchObject({
          orgId: org.id,
          batchPk: null,
          placeId: "s",
          status: "queued",
          inputs: inputs("s"),
          attributes: WEB_PHONE,
          refresh: false,
          attempts: 0,
          result: null,
          attributeStatus: null,
          error: null,
          createdAt: T0,
          updatedAt: T0,
        });
        const { batch: b } = await batch("b1", ["s"]);
        const theirs = await store.createStandaloneJob(other.id, newJob("s"), T0);

        const second = await store.createStandaloneJob(
          org.id,
          { placeId: "s", inputs: inputs("s", { name: "Second" }), attributes: ["names"], refresh: true },
          T0 + 5,
        );
        expect(second.pk).toBeGreaterThan(first.pk);
        expect(second).toMatchObject({
          inputs: inputs("s", { name: "Second" }),
          attributes: ["names"],
          refresh: true,
          status: "queued",
        });
        const standalone = await store.listJobs({
          orgId: org.id,
          excludeBatches: true,
          limit: 10,
          offset: 0,
        });
        expect(standalone.jobs).toEqual([second]);
        // The batch job with that place_id and the other org's standalone job are untouched.
        expect(await store.listBatchJobStatuses(b.pk)).toEqual([["s", "queued"]]);
        expect((await store.listJobs({ orgId: other.id, limit: 10, offset: 0 })).jobs).toEqual([theirs]);
        // Claimable like any queued job.
        const claimed = await claimAll("w1", T0 + 5);
        expect(claimed.filter((c) => c.orgId === org.id).map((c) => c.pk)).toContain(second.pk);
      });

      it("gets and deletes the latest job of a place_id, batch or not", async () => {
        await batch("b1", ["x"], { now: T0 });
        const standalone = await store.createStandaloneJob(org.id, newJob("x"), T0 + 1);
        const { batch: b2 } = await batch("b2", ["x"], {
          now: T0 + 2,
          job: { inputs: inputs("x", { name: "newest" }) },
        });
        await store.createStandaloneJob(other.id, newJob("x"), T0 + 3);

        const latest = await store.getLatestJob(org.id, "x");
        expect(latest).toMatchObject({
          batchPk: b2.pk,
          inputs: inputs("x", { name: "newest" }),
          orgId: org.id,
        });
        expect(await store.getLatestJob(org.id, "nope")).toBeNull();

        const b2Before = (await store.getBatch(org.id, "b2"))!.updatedAt;
        expect(await store.deleteLatestJob(org.id, "x", T0 + 50 * SECOND)).toBe(true);
        expect(await store.getLatestJob(org.id, "x")).toEqual(standalone);
        expect(await store.listBatchJobStatuses(b2.pk)).toEqual([]);
        // Its batch was changed: updated_at moved (and never goes back).
        expect(b2Before).toBeLessThan(T0 + 50 * SECOND);
        expect((await store.getBatch(org.id, "b2"))!.updatedAt).toBe(T0 + 50 * SECOND);
        expect(await store.deleteLatestJob(org.id, "x", T0 + 51 * SECOND)).toBe(true);
        expect((await store.getLatestJob(org.id, "x"))?.batchPk).not.toBeNull();
        expect(await store.deleteLatestJob(org.id, "x", T0 + 52 * SECOND)).toBe(true);
        expect(await store.getLatestJob(org.id, "x")).toBeNull();
        expect(await store.deleteLatestJob(org.id, "x", T0 + 53 * SECOND)).toBe(false);
        expect((await store.getBatch(org.id, "b2"))!.updatedAt).toBe(T0 + 50 * SECOND);
        // The other org's job was never visible nor touched.
        expect((await store.getLatestJob(other.id, "x"))?.orgId).toBe(other.id);
      });
    });

    describe("worker side", () => {
      it("claims only due queued jobs, oldest first, up to the limit", async () => {
        const { batch: b } = await batch("b1", ["a", "b", "c", "d"]);
        await batch("b2", ["p"], { kickOff: false });
        const first = await store.claimJobs({ workerId: "w1", limit: 3, leaseMs: LEASE, now: T0 + 1 });
        expect(first.map((c) => c.placeId)).toEqual(["a", "b", "c"]);
        expect(first[0]).toEqual({
          pk: (await jobByPlace(b.pk, "a")).pk,
          orgId: org.id,
          placeId: "a",
          inputs: inputs("a"),
          attributes: WEB_PHONE,
          requestedAttributes: WEB_PHONE,
          refresh: false,
          attempts: 1,
          prefilled: null,
          batchPk: b.pk,
        });
        const a = await jobByPlace(b.pk, "a");
        expect(a).toMatchObject({ status: "in_progress", attempts: 1, updatedAt: T0 + 1 });

        const second = await store.claimJobs({ workerId: "w2", limit: 10, leaseMs: LEASE, now: T0 + 1 });
        expect(second.map((c) => c.placeId)).toEqual(["d"]);
        expect(await store.claimJobs({ workerId: "w2", limit: 10, leaseMs: LEASE, now: T0 + 1 })).toEqual([]);
        expect(await store.claimJobs({ workerId: "w2", limit: 0, leaseMs: LEASE, now: T0 + 1 })).toEqual([]);
      });

      it("reports the queue across organizations: queued, in progress, and when the head became due", async () => {
        expect(await store.queueStats(T0)).toEqual({ queued: 0, inProgress: 0, headDueAt: null });
        await batch("b1", ["a", "b", "c"], { now: T0 + 2 * SECOND });
        await batch("b2", ["p"], { orgId: other.id, now: T0 + SECOND });
        await batch("b3", ["x"], { kickOff: false });
        // Nothing is due before T0+1s; then the head is b1's "a" (lowest pk among due jobs), due at T0+2s.
        expect(await store.queueStats(T0)).toEqual({ queued: 4, inProgress: 0, headDueAt: null });
        expect(await store.queueStats(T0 + 5 * SECOND)).toEqual({
          queued: 4,
          inProgress: 0,
          headDueAt: T0 + 2 * SECOND,
        });
        await store.claimJobs({ workerId: "w1", limit: 2, leaseMs: LEASE, now: T0 + 5 * SECOND });
        expect(await store.queueStats(T0 + 5 * SECOND)).toEqual({
          queued: 2,
          inProgress: 2,
          headDueAt: T0 + 2 * SECOND,
        });
      });

      it("does not claim jobs whose run time has not come", async () => {
        await batch("b1", ["a"], { now: T0 + 10 * SECOND });
        expect(await claimAll("w1", T0)).toEqual([]);
        expect(await claimAll("w1", T0 + 10 * SECOND)).toHaveLength(1);
      });

      it("never hands the same job to two concurrent claimers", async () => {
        await batch("b1", range(200));
        await batch("b2", range(100), { orgId: other.id });
        const claims = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            store.claimJobs({ workerId: `w${i}`, limit: 9, leaseMs: LEASE, now: T0 }),
          ),
        );
        const rest = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            store.claimJobs({ workerId: `v${i}`, limit: 1000, leaseMs: LEASE, now: T0 }),
          ),
        );
        const pks = [...claims, ...rest].flat().map((c) => c.pk);
        expect(pks).toHaveLength(300);
        expect(new Set(pks).size).toBe(300);
      });

      it("never hands the same job to claimers on two connections", async ({ skip }) => {
        if (!sut.openAnother) return skip();
        await batch("b1", range(300));
        const second = await sut.openAnother();
        try {
          const stores = [store, second];
          const claimed: number[] = [];
          const loops = Array.from({ length: 6 }, async (_, i) => {
            const s = stores[i % 2]!;
            for (;;) {
              const got = await s.claimJobs({ workerId: `w${i}`, limit: 7, leaseMs: LEASE, now: T0 });
              if (got.length === 0) return;
              claimed.push(...got.map((c) => c.pk));
              await new Promise((r) => setTimeout(r, 0));
            }
          });
          await Promise.all(loops);
          expect(claimed).toHaveLength(300);
          expect(new Set(claimed).size).toBe(300);
        } finally {
          await second.close();
        }
      });

      it("renews only the leases the worker still holds", async () => {
        await batch("b1", ["a", "b", "c"]);
        const [a, b] = await store.claimJobs({ workerId: "w1", limit: 2, leaseMs: LEASE, now: T0 });
        const [c] = await store.claimJobs({ workerId: "w2", limit: 1, leaseMs: LEASE, now: T0 });
        await complete("w1", [b!]);
        const renewed = await store.renewLeases({
          workerId: "w1",
          pks: [a!.pk, b!.pk, c!.pk],
          leaseMs: LEASE,
          now: T0 + 50 * SECOND,
        });
        expect(renewed).toEqual([a!.pk]);
        expect(await store.renewLeases({ workerId: "w1", pks: [], leaseMs: LEASE, now: T0 })).toEqual([]);
        // a's lease now runs to T0+110s; c's still expires at T0+60s.
        const reaped = await store.reapExpiredLeases({ now: T0 + 90 * SECOND, maxAttempts: 3 });
        expect(reaped).toEqual({ requeued: 1, failed: 0, batchPks: [] });
        expect(
          await store.renewLeases({ workerId: "w2", pks: [c!.pk], leaseMs: LEASE, now: T0 + 90 * SECOND }),
        ).toEqual([]);
        expect(
          await store.renewLeases({ workerId: "w1", pks: [a!.pk], leaseMs: LEASE, now: T0 + 90 * SECOND }),
        ).toEqual([a!.pk]);
      });

      it("completes only jobs the worker still owns", async () => {
        const { batch: b } = await batch("b1", ["a", "b"]);
        const [a, bb] = await claimAll("w1");
        expect(
          await store.completeJobs({
            workerId: "intruder",
            now: T0,
            jobs: [{ pk: a!.pk, result: storedResult("x"), attributeStatus: {}, filledMask: 0 }],
          }),
        ).toBe(0);
        expect(
          await store.completeJobs({
            workerId: "w1",
            now: T0 + 3,
            jobs: [
              {
                pk: a!.pk,
                result: storedResult("a"),
                attributeStatus: { websites: "RUN", phoneNumbers: "RUN_CONDITION_FAILED" },
                filledMask: 2,
              },
              {
                pk: bb!.pk,
                result: storedResult("b"),
                attributeStatus: { websites: "RUN", phoneNumbers: "RUN" },
                filledMask: 6,
              },
            ],
          }),
        ).toBe(2);
        const ja = await jobByPlace(b.pk, "a");
        expect(ja).toMatchObject({
          status: "completed",
          attributeStatus: { websites: "RUN", phoneNumbers: "RUN_CONDITION_FAILED" },
          error: null,
          attempts: 1,
          updatedAt: T0 + 3,
        });
        // The stored result shows as the rendered job (SQLite keeps the rendering, not the result).
        expect(renderJob(ja)).toMatchObject(completedView("a", 1));
        expect(renderJob(ja).job_metadata.attribute_status).toEqual({
          websites: "RUN",
          phoneNumbers: "RUN_CONDITION_FAILED",
        });
        const jb = await store.getLatestJob(org.id, "b");
        expect(jb?.status).toBe("completed");
        expect(renderJob(jb!)).toMatchObject(completedView("b", 1));
        // Completing again (no longer in progress) changes nothing.
        expect(await complete("w1", [a!], T0 + 4)).toBe(0);
        expect((await jobByPlace(b.pk, "a")).updatedAt).toBe(T0 + 3);
        expect(await store.completeJobs({ workerId: "w1", now: T0, jobs: [] })).toBe(0);
      });

      it("a worker whose lease was reaped cannot overwrite the new owner's work", async () => {
        const { batch: b } = await batch("b1", ["a"]);
        const [first] = await claimAll("w1", T0);
        expect(await store.reapExpiredLeases({ now: T0 + LEASE + 1, maxAttempts: 5 })).toEqual({
          requeued: 1,
          failed: 0,
          batchPks: [],
        });
        const [again] = await claimAll("w2", T0 + LEASE + 1);
        expect(again).toMatchObject({ pk: first!.pk, attempts: 2 });

        expect(await complete("w1", [first!], T0 + LEASE + 2)).toBe(0);
        expect(
          await store.failJobs({
            workerId: "w1",
            now: T0 + LEASE + 2,
            jobs: [{ pk: first!.pk, error: "late", retryAt: null }],
          }),
        ).toBe(0);
        expect(await store.releaseJobs({ workerId: "w1", pks: [first!.pk], now: T0 + LEASE + 2 })).toBe(0);
        expect((await jobByPlace(b.pk, "a")).status).toBe("in_progress");

        expect(await complete("w2", [again!], T0 + LEASE + 3)).toBe(1);
        const ja = await jobByPlace(b.pk, "a");
        expect(ja).toMatchObject({ status: "completed", attempts: 2 });
        expect(renderJob(ja)).toMatchObject(completedView("a", 2));
      });

      it("requeues a failed attempt for a retry at retryAt", async () => {
        const { batch: b } = await batch("b1", ["a"]);
        const [a] = await claimAll("w1");
        const retryAt = T0 + 30 * SECOND;
        expect(
          await store.failJobs({
            workerId: "w1",
            now: T0 + 1,
            jobs: [{ pk: a!.pk, error: "timeout", retryAt }],
          }),
        ).toBe(1);
        expect(await jobByPlace(b.pk, "a")).toMatchObject({
          status: "queued",
          error: "timeout",
          attempts: 1,
          updatedAt: T0 + 1,
        });
        // The lease is gone.
        expect(
          await store.renewLeases({ workerId: "w1", pks: [a!.pk], leaseMs: LEASE, now: T0 + 2 }),
        ).toEqual([]);
        expect(await claimAll("w2", retryAt - 1)).toEqual([]);
        const [retried] = await claimAll("w2", retryAt);
        expect(retried).toMatchObject({ pk: a!.pk, attempts: 2 });
      });

      it("fails a job finally with its error and attribute statuses", async () => {
        const { batch: b } = await batch("b1", ["a", "b"]);
        const [a, bb] = await claimAll("w1");
        expect(
          await store.failJobs({
            workerId: "w1",
            now: T0 + 1,
            jobs: [
              {
                pk: a!.pk,
                error: "pipeline error",
                retryAt: null,
                attributeStatus: { websites: "ERROR", phoneNumbers: "NOT_RUN" },
              },
              { pk: bb!.pk, error: "other error", retryAt: null },
            ],
          }),
        ).toBe(2);
        expect(await jobByPlace(b.pk, "a")).toMatchObject({
          status: "failed",
          error: "pipeline error",
          attributeStatus: { websites: "ERROR", phoneNumbers: "NOT_RUN" },
          result: null,
        });
        expect(await jobByPlace(b.pk, "b")).toMatchObject({ status: "failed", error: "other error" });
        expect(await claimAll("w2", T0 + 1_000_000)).toEqual([]);
        expect(
          await store.failJobs({
            workerId: "intruder",
            now: T0,
            jobs: [{ pk: a!.pk, error: "x", retryAt: T0 }],
          }),
        ).toBe(0);
        expect(await store.failJobs({ workerId: "w1", now: T0, jobs: [] })).toBe(0);
      });

      it("releases claimed jobs without counting the attempt", async () => {
        const { batch: b } = await batch("b1", ["a", "b"]);
        const claimed = await claimAll("w1");
        expect(
          await store.releaseJobs({ workerId: "intruder", pks: claimed.map((c) => c.pk), now: T0 }),
        ).toBe(0);
        expect(await store.releaseJobs({ workerId: "w1", pks: claimed.map((c) => c.pk), now: T0 + 1 })).toBe(
          2,
        );
        expect(await jobByPlace(b.pk, "a")).toMatchObject({ status: "queued", attempts: 0 });
        expect(
          await store.renewLeases({
            workerId: "w1",
            pks: claimed.map((c) => c.pk),
            leaseMs: LEASE,
            now: T0 + 1,
          }),
        ).toEqual([]);
        const again = await claimAll("w2", T0 + 1);
        expect(again.map((c) => [c.placeId, c.attempts])).toEqual([
          ["a", 1],
          ["b", 1],
        ]);
        expect(await store.releaseJobs({ workerId: "w2", pks: [], now: T0 })).toBe(0);
      });

      it("reaps expired leases: requeues, or fails at max attempts", async () => {
        const { batch: b } = await batch("b1", ["a", "b", "c"]);
        // a: attempt 1; b: attempt 2 (retried once); c: claimed later, lease still valid.
        const [a, bb] = await store.claimJobs({ workerId: "w1", limit: 2, leaseMs: LEASE, now: T0 });
        await store.failJobs({
          workerId: "w1",
          now: T0,
          jobs: [{ pk: bb!.pk, error: "flaky", retryAt: T0 }],
        });
        const [b2] = await store.claimJobs({ workerId: "w1", limit: 1, leaseMs: LEASE, now: T0 });
        expect(b2).toMatchObject({ pk: bb!.pk, attempts: 2 });
        await store.claimJobs({ workerId: "w2", limit: 1, leaseMs: LEASE, now: T0 + 30 * SECOND });

        // Exactly at expiry nothing is reaped yet.
        expect(await store.reapExpiredLeases({ now: T0 + LEASE, maxAttempts: 2 })).toEqual({
          requeued: 0,
          failed: 0,
          batchPks: [],
        });

        const now = T0 + LEASE + 1;
        expect(await store.reapExpiredLeases({ now, maxAttempts: 2 })).toEqual({
          requeued: 1,
          failed: 1,
          batchPks: [b.pk],
        });
        expect(await jobByPlace(b.pk, "a")).toMatchObject({ status: "queued", attempts: 1 });
        expect(await jobByPlace(b.pk, "b")).toMatchObject({
          status: "failed",
          attempts: 2,
          error: "lease expired after 2 attempts",
        });
        expect((await jobByPlace(b.pk, "c")).status).toBe("in_progress");
        expect(await store.reapExpiredLeases({ now, maxAttempts: 2 })).toEqual({
          requeued: 0,
          failed: 0,
          batchPks: [],
        });

        // The requeued job is claimable at once.
        const [again] = await claimAll("w3", now);
        expect(again).toMatchObject({ pk: a!.pk, attempts: 2 });
      });
    });

    describe("batch bookkeeping by job changes", () => {
      async function updatedAt(batchId: string): Promise<number> {
        return (await store.getBatch(org.id, batchId))!.updatedAt;
      }

      it("claims carry the job's batch (null outside batches)", async () => {
        const { batch: b } = await batch("b1", ["a"]);
        await store.createStandaloneJob(org.id, newJob("solo"), T0);
        const claimed = await claimAll("w1");
        expect(claimed.map((c) => [c.placeId, c.batchPk])).toEqual([
          ["a", b.pk],
          ["solo", null],
        ]);
      });

      it("moves the batch's updated_at whenever one of its jobs changes state", async () => {
        await batch("b1", ["a", "b", "c"]);
        await batch("b2", ["z"], { now: T0 });
        expect(await updatedAt("b1")).toBe(T0);
        const [a, b] = await store.claimJobs({ workerId: "w1", limit: 2, leaseMs: LEASE, now: T0 + 1 });
        expect(await updatedAt("b1")).toBe(T0 + 1);
        await complete("w1", [a!], T0 + 2);
        expect(await updatedAt("b1")).toBe(T0 + 2);
        await store.failJobs({
          workerId: "w1",
          now: T0 + 3,
          jobs: [{ pk: b!.pk, error: "x", retryAt: T0 + 3 }],
        });
        expect(await updatedAt("b1")).toBe(T0 + 3);
        const [again] = await store.claimJobs({ workerId: "w1", limit: 1, leaseMs: LEASE, now: T0 + 4 });
        await store.releaseJobs({ workerId: "w1", pks: [again!.pk], now: T0 + 5 });
        expect(await updatedAt("b1")).toBe(T0 + 5);
        await claimAll("w2", T0 + 6);
        await store.reapExpiredLeases({ now: T0 + 6 + LEASE + 1, maxAttempts: 5 });
        expect(await updatedAt("b1")).toBe(T0 + 6 + LEASE + 1);
        // A write with an older clock (a completion stamped before another worker's claim was written)
        // still moves it, 1 ms on, never back; another batch's jobs never move it.
        const reaped = T0 + 6 + LEASE + 1;
        const [late] = await store.claimJobs({ workerId: "w3", limit: 1, leaseMs: LEASE, now: reaped });
        expect(await updatedAt("b1")).toBe(reaped + 1);
        await complete("w3", [late!], T0);
        expect(await updatedAt("b1")).toBe(reaped + 2);
        await complete("w2", [], T0);
        expect(await updatedAt("b1")).toBe(reaped + 2);
        expect(await updatedAt("b2")).toBe(reaped); // b2's job "z" was claimed and reaped too
      });

      it("reports a batch finished once, when its last job ends, and again after new work ended", async () => {
        const { batch: b } = await batch("b1", ["a", "b"]);
        const { batch: pendingOnly } = await batch("p1", ["x"], { kickOff: false });
        const [a, bb] = await claimAll("w1", T0 + 1);
        await complete("w1", [a!], T0 + 2);
        expect(await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 2 })).toEqual([]);
        await store.failJobs({
          workerId: "w1",
          now: T0 + 3,
          jobs: [{ pk: bb!.pk, error: "bad", retryAt: null }],
        });
        const finished = await store.markFinishedBatches({ batchPks: [b.pk, pendingOnly.pk], now: T0 + 3 });
        expect(finished).toEqual([
          {
            pk: b.pk,
            id: "b1",
            orgId: org.id,
            counts: { pending: 0, queued: 0, in_progress: 0, completed: 1, failed: 1 },
            createdAt: T0,
            finishedAt: T0 + 3,
          },
        ]);
        // Another worker (or a second call) does not get it again.
        expect(await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 4 })).toEqual([]);
        // Reprocessing queues work again: finished once more when that work ends.
        expect(
          await store.reprocessBatch({
            orgId: org.id,
            batchPk: b.pk,
            selection: "failed",
            refresh: false,
            attributes: null,
            now: T0 + 5,
          }),
        ).toBe(1);
        expect(await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 5 })).toEqual([]);
        await complete("w1", await claimAll("w1", T0 + 6), T0 + 7);
        expect(
          (await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 8 })).map((f) => f.counts.completed),
        ).toEqual([2]);
        // Reprocessing place_ids does the same.
        expect(
          (
            await store.reprocessPlaces({
              orgId: org.id,
              placeIds: ["a"],
              refresh: false,
              attributes: null,
              now: T0 + 8,
            })
          ).requeued,
        ).toEqual(["a"]);
        expect(await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 8 })).toEqual([]);
        await complete("w1", await claimAll("w1", T0 + 8), T0 + 8);
        expect(await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 8 })).toHaveLength(1);
        // An append does the same.
        await batch("b1", ["c"], { now: T0 + 9 });
        expect(await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 9 })).toEqual([]);
        await complete("w1", await claimAll("w1", T0 + 10), T0 + 10);
        expect(await store.markFinishedBatches({ batchPks: [b.pk], now: T0 + 11 })).toHaveLength(1);
        expect(await store.markFinishedBatches({ batchPks: [], now: T0 })).toEqual([]);
      });
    });

    describeWebhookContract(() => ({
      store,
      org,
      other,
      ...(sut.openAnother ? { openAnother: sut.openAnother } : {}),
    }));

    describe("request limits", () => {
      const MINUTE = 60 * SECOND;
      const windowEnd = (now: number) => (Math.floor(now / MINUTE) + 1) * MINUTE;
      const hit = (bucket: string, limit: number, cost = 1) => ({ bucket, windowMs: MINUTE, limit, cost });

      it("counts hits per bucket up to the limit; a refused hit is not counted", async () => {
        const states = [];
        for (let i = 0; i < 4; i++) {
          states.push(...(await store.consumeRateLimits({ hits: [hit("key:a", 3)], now: T0 + i })));
        }
        expect(states.map((s) => [s.allowed, s.hits])).toEqual([
          [true, 1],
          [true, 2],
          [true, 3],
          [false, 3],
        ]);
        expect(states.every((s) => s.bucket === "key:a" && s.resetAt === windowEnd(T0))).toBe(true);
        const peeked = await store.peekRateLimits({
          buckets: [
            { bucket: "key:a", windowMs: MINUTE },
            { bucket: "key:never", windowMs: MINUTE },
          ],
          now: T0 + 10,
        });
        expect(peeked).toEqual([
          { bucket: "key:a", hits: 3, resetAt: windowEnd(T0) },
          { bucket: "key:never", hits: 0, resetAt: windowEnd(T0) },
        ]);
      });

      it("handles several buckets in one call, all or nothing; costs above 1", async () => {
        const [org1, key1, jobs1] = await store.consumeRateLimits({
          hits: [hit("org:o", 10), hit("key:k", 1), hit("org:o:jobs", 100, 60)],
          now: T0,
        });
        expect([org1!.allowed, key1!.allowed, jobs1!.allowed]).toEqual([true, true, true]);
        expect(jobs1!.hits).toBe(60);
        const [org2, key2, jobs2] = await store.consumeRateLimits({
          hits: [hit("org:o", 10), hit("key:k", 1), hit("org:o:jobs", 100, 50)],
          now: T0 + 1,
        });
        // The key's limit and 60 + 50 > 100 refuse the request: it counts against none of its
        // buckets, the org's included (which it would fit).
        expect(org2).toMatchObject({ allowed: true, hits: 1 });
        expect(key2).toMatchObject({ allowed: false, hits: 1 });
        expect(jobs2).toMatchObject({ allowed: false, hits: 60 });
        const [org3, jobs3] = await store.consumeRateLimits({
          hits: [hit("org:o", 10), hit("org:o:jobs", 100, 40)],
          now: T0 + 2,
        });
        expect(org3).toMatchObject({ allowed: true, hits: 2 });
        expect(jobs3).toMatchObject({ allowed: true, hits: 100 });
        // A cost larger than the limit is never allowed, even in an empty window.
        const [huge] = await store.consumeRateLimits({ hits: [hit("org:p:jobs", 10, 11)], now: T0 });
        expect(huge).toEqual({ bucket: "org:p:jobs", allowed: false, hits: 0, resetAt: windowEnd(T0) });
        await expect(
          store.consumeRateLimits({ hits: [hit("same", 5), hit("same", 5)], now: T0 }),
        ).rejects.toThrow(/twice/);
        expect(await store.consumeRateLimits({ hits: [], now: T0 })).toEqual([]);
      });

      it("starts over in the next window", async () => {
        await store.consumeRateLimits({ hits: [hit("key:a", 2, 2)], now: T0 });
        const [refused] = await store.consumeRateLimits({ hits: [hit("key:a", 2)], now: T0 });
        expect(refused!.allowed).toBe(false);
        const next = windowEnd(T0);
        const [fresh] = await store.consumeRateLimits({ hits: [hit("key:a", 2)], now: next });
        expect(fresh).toEqual({ bucket: "key:a", allowed: true, hits: 1, resetAt: next + MINUTE });
      });

      it("lets no more hits through than the limit when connections race", async ({ skip }) => {
        if (!sut.openAnother) return skip();
        const second = await sut.openAnother();
        try {
          await second.migrate();
          const attempts = Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? second : store).consumeRateLimits({ hits: [hit("shared", 25)], now: T0 + i }),
          );
          const allowed = (await Promise.all(attempts)).filter(([s]) => s!.allowed).length;
          expect(allowed).toBe(25);
          const [peek] = await second.peekRateLimits({
            buckets: [{ bucket: "shared", windowMs: MINUTE }],
            now: T0 + 50,
          });
          expect(peek!.hits).toBe(25);
        } finally {
          await second.close();
        }
      });

      it("prunes counters whose window ended, at most limit at a time", async () => {
        await store.consumeRateLimits({ hits: [hit("old1", 5), hit("old2", 5)], now: T0 });
        await store.consumeRateLimits({ hits: [hit("current", 5)], now: windowEnd(T0) });
        const later = windowEnd(T0) + 1;
        expect(await store.pruneRequestState({ now: later, limit: 1 })).toBe(1);
        expect(await store.pruneRequestState({ now: later, limit: 10 })).toBe(1);
        expect(await store.pruneRequestState({ now: later, limit: 10 })).toBe(0);
        const [current] = await store.peekRateLimits({
          buckets: [{ bucket: "current", windowMs: MINUTE }],
          now: later,
        });
        expect(current!.hits).toBe(1);
      });

      it("keys by their prefix, with hash and org limits; limit overrides per org", async () => {
        const created = await store.createApiKey({
          orgId: org.id,
          keyHash: "hash-p",
          prefix: "pe_shared",
          label: null,
          now: T0,
        });
        await store.createApiKey({
          orgId: other.id,
          keyHash: "hash-q",
          prefix: "pe_shared",
          label: null,
          now: T0,
        });
        const none = {
          requestsPerMinute: null,
          keyRequestsPerMinute: null,
          pollsPerMinute: null,
          jobsPerHour: null,
          searchesPerDay: null,
          modelRequestsPerDay: null,
          modelTokensPerDay: null,
        };
        const found = await store.findApiKeysByPrefix("pe_shared");
        expect(found.map((k) => k.keyHash).sort()).toEqual(["hash-p", "hash-q"]);
        expect(found.find((k) => k.keyHash === "hash-p")).toEqual({
          ...created,
          keyHash: "hash-p",
          orgLimits: none,
        });
        expect(await store.findApiKeysByPrefix("pe_other")).toEqual([]);

        expect(await store.setOrgLimits(org.id, { requestsPerMinute: 10, jobsPerHour: 5000 })).toEqual({
          ...none,
          requestsPerMinute: 10,
          jobsPerHour: 5000,
        });
        // Absent fields are kept, null returns to the default, {} reads.
        expect(await store.setOrgLimits(org.id, { pollsPerMinute: 99, requestsPerMinute: null })).toEqual({
          ...none,
          pollsPerMinute: 99,
          jobsPerHour: 5000,
        });
        expect(await store.setOrgLimits(org.id, {})).toEqual({
          ...none,
          pollsPerMinute: 99,
          jobsPerHour: 5000,
        });
        expect(await store.setOrgLimits(other.id, {})).toEqual(none);
        expect(await store.setOrgLimits("no-such-org", { jobsPerHour: 1 })).toBeNull();
        const [mine] = (await store.findApiKeysByPrefix("pe_shared")).filter((k) => k.orgId === org.id);
        expect(mine!.orgLimits).toEqual({ ...none, pollsPerMinute: 99, jobsPerHour: 5000 });
      });
    });

    describe("usage of limited services (per org, per UTC day)", () => {
      const DAY = 86_400_000;
      // 2026-11-30T23:59:00Z: the next minute is another UTC day.
      const LATE = Date.UTC(2026, 10, 30, 23, 59);
      const spend = (searches: number, modelRequests: number, modelTokens: number) => ({
        searches,
        modelRequests,
        modelTokens,
      });

      it("adds a chunk's spend in one call, summed per org and day, and lists recent days newest first", async () => {
        await store.addOrgUsage({
          entries: [
            { orgId: org.id, usage: spend(1, 2, 300) },
            { orgId: org.id, usage: spend(0, 1, 150) },
            { orgId: other.id, usage: spend(5, 0, 0) },
            { orgId: other.id, usage: spend(0, 0, 0) },
          ],
          now: LATE,
        });
        await store.addOrgUsage({ entries: [{ orgId: org.id, usage: spend(2, 0, 0) }], now: LATE });
        await store.addOrgUsage({
          entries: [{ orgId: org.id, usage: spend(0, 4, 1000) }],
          now: LATE + 60_000,
        });
        await store.addOrgUsage({ entries: [], now: LATE });
        // A deleted org's spend is dropped, not an error.
        await store.addOrgUsage({ entries: [{ orgId: "no-such-org", usage: spend(1, 1, 1) }], now: LATE });

        expect(await store.listOrgUsage({ orgId: org.id, now: LATE + 60_000, days: 7 })).toEqual([
          { day: "2026-12-01", usage: spend(0, 4, 1000) },
          { day: "2026-11-30", usage: spend(3, 3, 450) },
        ]);
        expect(await store.listOrgUsage({ orgId: org.id, now: LATE + 60_000, days: 1 })).toEqual([
          { day: "2026-12-01", usage: spend(0, 4, 1000) },
        ]);
        expect(await store.listOrgUsage({ orgId: other.id, now: LATE, days: 7 })).toEqual([
          { day: "2026-11-30", usage: spend(5, 0, 0) },
        ]);
        expect(await store.listOrgUsage({ orgId: other.id, now: LATE + 8 * DAY, days: 7 })).toEqual([]);
      });

      it("reads today's usage and the budget overrides of several orgs in one call", async () => {
        await store.addOrgUsage({ entries: [{ orgId: org.id, usage: spend(1, 2, 30) }], now: LATE });
        await store.setOrgLimits(org.id, { modelRequestsPerDay: 10, modelTokensPerDay: 5_000_000_000 });
        const states = await store.getOrgBudgetStates({
          orgIds: [org.id, other.id, org.id, "gone"],
          now: LATE,
        });
        expect(states.sort((a, b) => a.orgId.localeCompare(b.orgId))).toEqual(
          [
            {
              orgId: org.id,
              limits: expect.objectContaining({
                modelRequestsPerDay: 10,
                modelTokensPerDay: 5_000_000_000,
                searchesPerDay: null,
              }),
              today: spend(1, 2, 30),
            },
            {
              orgId: other.id,
              limits: expect.objectContaining({ modelRequestsPerDay: null }),
              today: spend(0, 0, 0),
            },
          ].sort((a, b) => a.orgId.localeCompare(b.orgId)),
        );
        // The next UTC day starts from nothing.
        const [tomorrow] = await store.getOrgBudgetStates({ orgIds: [org.id], now: LATE + 60_000 });
        expect(tomorrow!.today).toEqual(spend(0, 0, 0));
        expect(await store.getOrgBudgetStates({ orgIds: [], now: LATE })).toEqual([]);
      });
    });

    describe("idempotency keys", () => {
      const LOCK = 60 * SECOND;
      const TTL = 24 * 3600 * SECOND;
      const begin = (over: Partial<Parameters<Store["beginIdempotentRequest"]>[0]> = {}) =>
        store.beginIdempotentRequest({
          orgId: org.id,
          key: "k1",
          requestHash: "hash-a",
          resourceId: "res-1",
          now: T0,
          lockMs: LOCK,
          ttlMs: TTL,
          ...over,
        });
      const finish = (over: Partial<Parameters<Store["finishIdempotentRequest"]>[0]> = {}) =>
        store.finishIdempotentRequest({
          orgId: org.id,
          key: "k1",
          requestHash: "hash-a",
          statusCode: 200,
          response: '{"id":"res-1"}',
          ...over,
        });

      it("the first request starts; a retry waits while it runs, then gets its response", async () => {
        expect(await begin()).toEqual({ state: "started", resourceId: "res-1" });
        expect(await begin({ resourceId: "res-2", now: T0 + 5 })).toEqual({
          state: "in_progress",
          lockedUntil: T0 + LOCK,
        });
        expect(await finish()).toBe(true);
        expect(await finish()).toBe(false); // once
        expect(await begin({ resourceId: "res-3", now: T0 + 10 })).toEqual({
          state: "completed",
          statusCode: 200,
          response: '{"id":"res-1"}',
        });
      });

      it("the same key with another request is a mismatch, running or finished", async () => {
        await begin();
        expect(await begin({ requestHash: "hash-b" })).toEqual({ state: "mismatch" });
        await finish();
        expect(await begin({ requestHash: "hash-b", now: T0 + 1 })).toEqual({ state: "mismatch" });
        expect(await finish({ requestHash: "hash-b" })).toBe(false);
      });

      it("a request whose lock ran out is taken over with its resource id", async () => {
        await begin();
        expect(await begin({ resourceId: "res-2", now: T0 + LOCK })).toEqual({
          state: "started",
          resourceId: "res-1",
        });
        expect(await begin({ resourceId: "res-3", now: T0 + LOCK + 1 })).toEqual({
          state: "in_progress",
          lockedUntil: T0 + 2 * LOCK,
        });
      });

      it("an abandoned request starts afresh; keys expire; orgs are separate", async () => {
        await begin();
        await store.abandonIdempotentRequest({ orgId: org.id, key: "k1", requestHash: "hash-a" });
        expect(await begin({ resourceId: "res-2", now: T0 + 1 })).toEqual({
          state: "started",
          resourceId: "res-2",
        });
        await finish({ response: "first" });
        // Another org may use the same key for anything.
        expect(await begin({ orgId: other.id, requestHash: "hash-z", resourceId: "res-o" })).toEqual({
          state: "started",
          resourceId: "res-o",
        });
        // Past its expiry the key is free again, even for another request.
        expect(await begin({ requestHash: "hash-b", resourceId: "res-4", now: T0 + 1 + TTL })).toEqual({
          state: "started",
          resourceId: "res-4",
        });
        // A finished record is not abandoned.
        await finish({ requestHash: "hash-b", response: "second" });
        await store.abandonIdempotentRequest({ orgId: org.id, key: "k1", requestHash: "hash-b" });
        expect(await begin({ requestHash: "hash-b", now: T0 + 2 + TTL })).toMatchObject({
          state: "completed",
          response: "second",
        });
      });

      it("prunes expired records, at most limit at a time", async () => {
        await begin({ key: "a" });
        await begin({ key: "b", now: T0 + 1 });
        await begin({ key: "c", now: T0 + 10 });
        expect(await store.pruneRequestState({ now: T0 + 1 + TTL, limit: 1 })).toBe(1);
        expect(await store.pruneRequestState({ now: T0 + 1 + TTL, limit: 10 })).toBe(1);
        expect(await store.pruneRequestState({ now: T0 + 1 + TTL, limit: 10 })).toBe(0);
        expect(await begin({ key: "c", now: T0 + 11 })).toMatchObject({ state: "in_progress" });
      });

      it("of two connections claiming one key at once, exactly one starts", async ({ skip }) => {
        if (!sut.openAnother) return skip();
        const second = await sut.openAnother();
        try {
          await second.migrate();
          const claims = await Promise.all(
            Array.from({ length: 10 }, (_, i) =>
              (i % 2 ? second : store).beginIdempotentRequest({
                orgId: org.id,
                key: "race",
                requestHash: "h",
                resourceId: `res-${i}`,
                now: T0,
                lockMs: LOCK,
                ttlMs: TTL,
              }),
            ),
          );
          expect(claims.filter((c) => c.state === "started")).toHaveLength(1);
          expect(claims.filter((c) => c.state === "in_progress")).toHaveLength(9);
        } finally {
          await second.close();
        }
      });
    });

    describe("cache", () => {
      const key = (attribute: AttributeKey, inputHash: string) => ({ attribute, inputHash });

      it("returns fresh entries for the requested keys only", async () => {
        await store.putCachedResults(
          org.id,
          [
            { ...key("websites", "h1"), value: { website: "https://a.example" } },
            { ...key("phoneNumbers", "h1"), value: { phone: "+15550100" } },
            { ...key("websites", "h2"), value: null },
          ],
          T0,
        );
        const got = await store.getCachedResults(
          org.id,
          [key("websites", "h1"), key("websites", "h2"), key("names", "h1"), key("websites", "h3")],
          T0,
        );
        const byKey = Object.fromEntries(got.map((e) => [`${e.attribute}/${e.inputHash}`, e.value]));
        expect(byKey).toEqual({ "websites/h1": { website: "https://a.example" }, "websites/h2": null });
        expect(await store.getCachedResults(org.id, [], T0)).toEqual([]);
        // A key asked twice is answered (at least) once, never with another key's value.
        const twice = await store.getCachedResults(
          org.id,
          [key("phoneNumbers", "h1"), key("phoneNumbers", "h1")],
          T0,
        );
        expect(new Set(twice.map((e) => JSON.stringify(e)))).toEqual(
          new Set([JSON.stringify({ ...key("phoneNumbers", "h1"), value: { phone: "+15550100" } })]),
        );
      });

      it("stores a value given as its JSON text as the value itself, beside values given as such", async () => {
        const value = { status: "RUN", outputs: { phone: "+15550100", note: 'é "q" \u2028' }, empty: null };
        await store.putCachedResults(
          org.id,
          [
            { ...key("phoneNumbers", "h"), json: JSON.stringify(value) },
            { ...key("websites", "h"), value: [1, null] },
          ],
          T0,
        );
        // A later text write merges into the same place's row, as a value write does.
        await store.putCachedResults(org.id, [{ ...key("address", "h"), json: "null" }], T0 + 1);
        const found = await store.getCachedResults(
          org.id,
          [key("phoneNumbers", "h"), key("websites", "h"), key("address", "h")],
          T0,
        );
        expect(found).toEqual([
          { ...key("phoneNumbers", "h"), value },
          { ...key("websites", "h"), value: [1, null] },
          { ...key("address", "h"), value: null },
        ]);
      });

      it("ignores entries older than notBefore", async () => {
        await store.putCachedResults(org.id, [{ ...key("websites", "h"), value: 1 }], T0);
        expect(await store.getCachedResults(org.id, [key("websites", "h")], T0)).toHaveLength(1);
        expect(await store.getCachedResults(org.id, [key("websites", "h")], T0 + 1)).toEqual([]);
      });

      it("upserts: a new value replaces the old one and restarts its age", async () => {
        await store.putCachedResults(org.id, [{ ...key("websites", "h"), value: "old" }], T0);
        await store.putCachedResults(org.id, [{ ...key("websites", "h"), value: "new" }], T0 + 100);
        expect(await store.getCachedResults(org.id, [key("websites", "h")], T0 + 50)).toEqual([
          { ...key("websites", "h"), value: "new" },
        ]);
      });

      it("prunes entries older than notBefore, across orgs, at most limit at a time", async () => {
        await store.putCachedResults(org.id, [{ ...key("websites", "old1"), value: 1 }], T0);
        await store.putCachedResults(other.id, [{ ...key("websites", "old2"), value: 2 }], T0 + 1);
        await store.putCachedResults(org.id, [{ ...key("websites", "fresh"), value: 3 }], T0 + 10);
        expect(await store.pruneCache({ notBefore: T0 + 10, limit: 1 })).toBe(1);
        expect(await store.pruneCache({ notBefore: T0 + 10, limit: 100 })).toBe(1);
        expect(await store.pruneCache({ notBefore: T0 + 10, limit: 100 })).toBe(0);
        expect(
          await store.getCachedResults(org.id, [key("websites", "old1"), key("websites", "fresh")], 0),
        ).toEqual([{ ...key("websites", "fresh"), value: 3 }]);
        expect(await store.getCachedResults(other.id, [key("websites", "old2")], 0)).toEqual([]);
      });

      it("purges one organization's places, whatever their age, at most limit at a time", async () => {
        const entries = (n: number, prefix: string) =>
          Array.from({ length: n }, (_, i) => ({ ...key("websites", `${prefix}${i}`), value: i }));
        await store.putCachedResults(org.id, entries(3, "a"), T0);
        await store.putCachedResults(org.id, [{ ...key("address", "a0"), value: "parsed" }], T0 + 100);
        await store.putCachedResults(other.id, entries(2, "a"), T0);
        // Counted in places: a0's website and address are one place.
        expect(await store.purgeCache({ orgId: org.id, limit: 2 })).toBe(2);
        expect(await store.purgeCache({ orgId: org.id, limit: 2 })).toBe(1);
        expect(await store.purgeCache({ orgId: org.id, limit: 2 })).toBe(0);
        expect(
          await store.getCachedResults(
            org.id,
            [...entries(3, "a"), { ...key("address", "a0"), value: 0 }],
            0,
          ),
        ).toEqual([]);
        // The other organization keeps its entries.
        expect(await store.getCachedResults(other.id, entries(2, "a"), 0)).toHaveLength(2);
      });

      it("is isolated per organization", async () => {
        await store.putCachedResults(org.id, [{ ...key("websites", "h"), value: "mine" }], T0);
        expect(await store.getCachedResults(other.id, [key("websites", "h")], 0)).toEqual([]);
        await store.putCachedResults(other.id, [{ ...key("websites", "h"), value: "theirs" }], T0);
        expect(await store.getCachedResults(org.id, [key("websites", "h")], 0)).toEqual([
          { ...key("websites", "h"), value: "mine" },
        ]);
        expect(await store.getCachedResults(other.id, [key("websites", "h")], 0)).toEqual([
          { ...key("websites", "h"), value: "theirs" },
        ]);
      });

      it("looks up many keys at once", async () => {
        const entries = range(2500, "h").map((h, i) => ({
          ...key(i % 2 ? "websites" : "names", h),
          value: { i },
        }));
        await store.putCachedResults(org.id, entries, T0);
        const wanted = [...entries.map((e) => key(e.attribute, e.inputHash)), key("websites", "missing")];
        const got = await store.getCachedResults(org.id, wanted, T0);
        expect(got).toHaveLength(2500);
        const byHash = new Map(got.map((e) => [e.inputHash, e]));
        expect(byHash.get("h7")).toEqual({ ...key("websites", "h7"), value: { i: 7 } });
        expect(byHash.get("h2498")).toEqual({ ...key("names", "h2498"), value: { i: 2498 } });
      });
    });
  });
}
