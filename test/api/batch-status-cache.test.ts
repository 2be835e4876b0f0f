/**
 * The batch status answers from the process's cache of place-id lists (src/api/batch-lists-cache.ts)
 * only while nothing changed: every job state change, made here or by another process, shows at once,
 * even when the clock does not move (updated_at stays; the version moves). Orgs never share entries.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BatchListsCache } from "../../src/api/batch-lists-cache.js";
import { openStore } from "../../src/store/open-store.js";
import type { BatchRecord, PlaceIdLists } from "../../src/store/port.js";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";

describe.each(STORE_KINDS)("batch status on %s", (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ store: kind });
  });
  afterEach(async () => t.close());

  async function status(batchId: string, org = "acme") {
    const key = org === "acme" ? t.acme.key : t.globex.key;
    return t.call("GET", `/batches/${batchId}`, { org, key });
  }

  it("shows each job state change at once, with the clock standing still", async () => {
    const created = await t.call("POST", "/batches", {
      body: { batch_name: "b", batch_id: "b1", jobs: [place("a"), place("b"), place("c")] },
    });
    expect(created.json.jobs.queued).toEqual(["a", "b", "c"]);
    expect((await status("b1")).json.jobs.queued).toEqual(["a", "b", "c"]);

    const claimed = await t.store.claimJobs({ workerId: "w", limit: 1, leaseMs: 60_000, now: t.clock.now() });
    expect(claimed.map((c) => c.placeId)).toEqual(["a"]);
    let view = (await status("b1")).json;
    expect(view.jobs).toMatchObject({ queued: ["b", "c"], in_progress: ["a"] });
    expect(view.status).toBe("in_progress");

    await t.store.failJobs({
      workerId: "w",
      now: t.clock.now(),
      jobs: [{ pk: claimed[0]!.pk, error: "boom", retryAt: null }],
    });
    view = (await status("b1")).json;
    expect(view.jobs).toMatchObject({ queued: ["b", "c"], in_progress: [], failed: ["a"] });

    // Another process (its own connection and cache) changes the batch: seen here at once too.
    const other = openStore(t.databaseUrl);
    try {
      await other.reprocessBatch({
        orgId: t.acme.org.id,
        batchPk: claimed[0]!.batchPk!,
        selection: "failed",
        refresh: false,
        attributes: null,
        now: t.clock.now(),
      });
    } finally {
      await other.close();
    }
    view = (await status("b1")).json;
    expect(view.jobs).toMatchObject({ queued: ["a", "b", "c"], failed: [] });

    await t.drain();
    expect((await status("b1")).json.jobs.completed).toEqual(["a", "b", "c"]);
  });

  it("never answers one org's batch to another org with the same batch id", async () => {
    await t.call("POST", "/batches", {
      body: { batch_name: "x", batch_id: "same", jobs: [place("acme-1")] },
    });
    expect((await status("same")).json.jobs.queued).toEqual(["acme-1"]);
    expect((await status("same", "globex")).status).toBe(404);
    await t.call("POST", "/batches", {
      org: "globex",
      key: t.globex.key,
      body: { batch_name: "y", batch_id: "same", jobs: [place("globex-1")] },
    });
    expect((await status("same", "globex")).json.jobs.queued).toEqual(["globex-1"]);
    expect((await status("same")).json.jobs.queued).toEqual(["acme-1"]);
  });

  it("a deleted batch is gone; a new one with its id shows its own jobs", async () => {
    await t.call("POST", "/batches", { body: { batch_name: "x", batch_id: "d", jobs: [place("old")] } });
    expect((await status("d")).json.jobs.queued).toEqual(["old"]);
    expect((await t.call("DELETE", "/batches/d")).status).toBe(204);
    expect((await status("d")).status).toBe(404);
    await t.call("POST", "/batches", { body: { batch_name: "x", batch_id: "d", jobs: [place("new")] } });
    expect((await status("d")).json.jobs.queued).toEqual(["new"]);
  });
});

describe("BatchListsCache", () => {
  const batch = (pk: number, version: number, orgId = "o"): BatchRecord => ({
    pk,
    id: `b${pk}`,
    orgId,
    name: "n",
    createdAt: 0,
    updatedAt: 0,
    version,
  });
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const lists = (ids: string): PlaceIdLists => ({
    pending: { count: 0, json: utf8("[]") },
    queued: { count: 1, json: utf8(ids) },
    in_progress: { count: 0, json: utf8("[]") },
    completed: { count: 0, json: utf8("[]") },
    failed: { count: 0, json: utf8("[]") },
  });

  it("answers only the same org, batch and version", () => {
    const cache = new BatchListsCache();
    cache.set(batch(1, 3), lists('["a"]'));
    expect(new TextDecoder().decode(cache.get(batch(1, 3))?.queued.json)).toBe('["a"]');
    expect(cache.get(batch(1, 3, "other"))).toBeNull();
    expect(cache.get(batch(2, 3))).toBeNull();
    expect(cache.get(batch(1, 4))).toBeNull();
    // A stale entry is dropped when seen.
    expect(cache.get(batch(1, 3))).toBeNull();
    const { version: _, ...unversioned } = batch(5, 0);
    cache.set(unversioned, lists('["x"]'));
    expect(cache.get(unversioned)).toBeNull();
  });

  it("drops the least recently used entries beyond its size, in bytes", () => {
    // Each entry: 4 empty lists (2 bytes each) + 10 bytes.
    const cache = new BatchListsCache(40);
    const ids = '["abcdef"]';
    cache.set(batch(1, 0), lists(ids));
    cache.set(batch(2, 0), lists(ids));
    expect(cache.size).toBe(36);
    expect(cache.get(batch(1, 0))).not.toBeNull(); // 1 is now the most recent
    cache.set(batch(3, 0), lists(ids));
    expect(cache.get(batch(2, 0))).toBeNull();
    expect(cache.get(batch(1, 0))).not.toBeNull();
    expect(cache.get(batch(3, 0))).not.toBeNull();
    expect(cache.size).toBe(36);
    cache.set(batch(4, 0), lists(`["${"x".repeat(60)}"]`)); // larger than the whole cache: not kept
    expect(cache.get(batch(4, 0))).toBeNull();
    expect(cache.size).toBe(36);
  });
});
