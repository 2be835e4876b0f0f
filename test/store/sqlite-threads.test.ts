/**
 * The Store contract on the SQLite store as the service runs it: the same SqliteStore behind a writer
 * and a reader thread (threaded-sqlite-store.ts). Everything crosses a thread boundary here: arguments
 * and results are structured clones, errors are re-created on this side (conflicts keep their class).
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { isStoreConflictError } from "../../src/store/errors.js";
import type { NewJob, Store } from "../../src/store/port.js";
import { ENCODE_CHUNK, encodeJobs } from "../../src/store/sqlite/encoded-jobs.js";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { openThreadedSqliteStore } from "../../src/store/sqlite/threaded-sqlite-store.js";
import { describeStoreContract } from "./store-contract.js";

describeStoreContract("sqlite (store threads)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "place-enrich-threads-"));
  const path = join(dir, "store.db");
  const opened: Store[] = [];
  const open = () => {
    const store = openThreadedSqliteStore(path);
    opened.push(store);
    return store;
  };
  return {
    store: open(),
    openAnother: async () => open(),
    cleanup: async () => {
      await Promise.all(opened.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe("threaded SQLite store", () => {
  it("keeps error classes and codes across the thread boundary, and refuses calls once closed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "place-enrich-threads-"));
    const store = openThreadedSqliteStore(join(dir, "store.db"));
    try {
      await store.migrate();
      await store.createOrg("acme", 1);
      const duplicate = await store.createOrg("acme", 2).catch((e: unknown) => e);
      expect(isStoreConflictError(duplicate, "duplicate_org_slug")).toBe(true);
      const unknown = await (store as any).noSuchMethod().catch((e: Error) => e);
      expect(unknown.message).toMatch(/no method noSuchMethod/);
      // `await store` is the store itself, not a call.
      expect(await Promise.resolve(store)).toBe(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(store.countOrgs()).rejects.toThrow(/closed/);
  });
});

describe("threaded SQLite store: a large batch in chunks (one transaction)", () => {
  const jobsOf = (prefix: string, n: number): NewJob[] =>
    Array.from({ length: n }, (_, i) => ({
      placeId: `${prefix}-${i}`,
      inputs: { name: `Place ${i}`, city: "Austin" },
      attributes: ["websites"],
      refresh: false,
    }));

  async function withStore(run: (store: Store, orgId: string) => Promise<void>): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), "place-enrich-threads-"));
    const store = openThreadedSqliteStore(join(dir, "store.db"));
    try {
      await store.migrate();
      const org = await store.createOrg("acme", 1);
      await run(store, org.id);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const batchInput = (orgId: string, batchId: string, jobs: NewJob[]) => ({
    orgId,
    batchId,
    batchName: batchId,
    jobs,
    kickOff: true,
    now: 10,
  });

  it("stores every chunk in submission order, and runs the calls that arrived meanwhile after it", async () => {
    await withStore(async (store, orgId) => {
      const jobs = jobsOf("p", 2 * ENCODE_CHUNK + 7);
      const accepted = store.createOrAppendBatch(batchInput(orgId, "b1", jobs));
      // Issued while the chunks are still being encoded and inserted: a write and a read.
      const other = store.createOrg("other", 2);
      const read = store.countOrgs();
      const { batch, created } = await accepted;
      expect(created).toBe(true);
      expect((await other).slug).toBe("other");
      expect(await read).toBeGreaterThanOrEqual(1);
      const statuses = await store.listBatchJobStatuses(batch.pk);
      expect(statuses.map(([placeId]) => placeId)).toEqual(jobs.map((j) => j.placeId));
      expect(new Set(statuses.map(([, status]) => status))).toEqual(new Set(["queued"]));
    });
  });

  it("keeps two concurrent large batches apart", async () => {
    await withStore(async (store, orgId) => {
      const [a, b] = await Promise.all([
        store.createOrAppendBatch(batchInput(orgId, "a", jobsOf("a", ENCODE_CHUNK + 1))),
        store.createOrAppendBatch(batchInput(orgId, "b", jobsOf("b", 2 * ENCODE_CHUNK + 1))),
      ]);
      const ids = async (pk: number) => (await store.listBatchJobStatuses(pk)).map(([id]) => id);
      expect(await ids(a.batch.pk)).toEqual(jobsOf("a", ENCODE_CHUNK + 1).map((j) => j.placeId));
      expect(await ids(b.batch.pk)).toEqual(jobsOf("b", 2 * ENCODE_CHUNK + 1).map((j) => j.placeId));
    });
  });

  it("stores nothing when a later chunk fails in the writer (a duplicate place_id)", async () => {
    await withStore(async (store, orgId) => {
      const jobs = jobsOf("p", 2 * ENCODE_CHUNK + 5);
      jobs[2 * ENCODE_CHUNK + 3] = { ...jobs[2 * ENCODE_CHUNK + 3]!, placeId: "p-1" };
      const accepting = store.createOrAppendBatch(batchInput(orgId, "b1", jobs)).catch((e: unknown) => e);
      // Issued during the write: must not run inside its transaction (and be rolled back with it).
      const other = store.createOrg("other", 2);
      expect(isStoreConflictError(await accepting, "duplicate_place_id")).toBe(true);
      await other;
      expect(await store.getBatch(orgId, "b1")).toBeNull();
      expect((await store.getOrgBySlug("other"))?.slug).toBe("other");
      // The writer is free again, and the batch id is still unused.
      const { created } = await store.createOrAppendBatch(batchInput(orgId, "b1", jobsOf("q", 3)));
      expect(created).toBe(true);
    });
  });

  it("stores nothing when encoding a later chunk fails on this side", async () => {
    await withStore(async (store, orgId) => {
      const before = await store.createOrAppendBatch(batchInput(orgId, "b1", jobsOf("old", 2)));
      const jobs = jobsOf("p", 2 * ENCODE_CHUNK + 5);
      // JSON.stringify throws on a BigInt: the third chunk cannot be encoded, the first two were sent.
      jobs[2 * ENCODE_CHUNK + 1] = { ...jobs[2 * ENCODE_CHUNK + 1]!, inputs: { name: 1n } as never };
      await expect(store.createOrAppendBatch(batchInput(orgId, "b1", jobs))).rejects.toThrow(/BigInt/);
      const statuses = await store.listBatchJobStatuses(before.batch.pk);
      expect(statuses.map(([id]) => id)).toEqual(["old-0", "old-1"]);
      expect((await store.getBatch(orgId, "b1"))?.updatedAt).toBe(before.batch.updatedAt);
    });
  });
});

describe("SqliteStore chunked batch write", () => {
  it("commits without the WAL checkpoint, which checkpointWal runs after", async () => {
    const dir = mkdtempSync(join(tmpdir(), "place-enrich-chunked-"));
    const path = join(dir, "store.db");
    const store = new SqliteStore(path);
    try {
      await store.migrate();
      const org = await store.createOrg("acme", 1);
      // Enough jobs for a WAL past the 1,000-page auto-checkpoint threshold.
      const jobs = Array.from({ length: 12_000 }, (_, i) => ({
        placeId: `p-${i}`,
        inputs: { name: `Place ${i} ${"x".repeat(200)}`, city: "Austin" },
        attributes: ["websites" as const],
        refresh: false,
      }));
      await store.beginBatchWrite(7, { orgId: org.id, batchId: "b", batchName: "b", kickOff: true, now: 5 });
      await store.writeBatchJobs(7, encodeJobs(jobs.slice(0, 6_000)));
      await store.writeBatchJobs(7, encodeJobs(jobs.slice(6_000)));
      const { batch } = (await store.endBatchWrite(7, true, 2))!;
      expect((await store.listBatchJobStatuses(batch.pk)).length).toBe(12_000);
      // The jobs are in the WAL only: the database file grows when they are checkpointed into it.
      const before = statSync(path).size;
      await store.checkpointWal();
      expect(statSync(path).size - before).toBeGreaterThan(4_000_000);
      // Auto-checkpoints are back on for the connection's later commits.
      const { db } = (store as unknown as { conn: { db: Database.Database } }).conn;
      expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
