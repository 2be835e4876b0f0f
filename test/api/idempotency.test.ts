/**
 * Idempotency-Key on the endpoints that queue work (both stores). The retry of a 50,000-job create
 * over a real connection, while the first still runs: test/e2e/idempotent-retry.test.ts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { IDEMPOTENCY_LOCK_MS } from "../../src/api/idempotency.js";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";

describe.each(STORE_KINDS)("on %s", (kind) => {
  let t: TestApp;
  afterEach(async () => t.close());

  const key = (k: string) => ({ "idempotency-key": k });
  const batchBody = (...ids: string[]) => ({ batch_name: "Retried", jobs: ids.map((id) => place(id)) });

  it("a retry with the same key and body gets the first answer, and no second batch", async () => {
    t = await createTestApp({ store: kind });
    const first = await t.call("POST", "/batches", { body: batchBody("a", "b"), headers: key("k-1") });
    expect(first.status).toBe(200);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    await t.drain(); // the jobs ran meanwhile: the replay is still the first answer
    const retry = await t.call("POST", "/batches", { body: batchBody("a", "b"), headers: key("k-1") });
    expect(retry.status).toBe(200);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.body).toBe(first.body);
    expect((await t.call("GET", "/batches")).json.total).toBe(1);
    // Without the key the same body is a new batch, as always.
    expect((await t.call("POST", "/batches", { body: batchBody("a", "b") })).json.id).not.toBe(first.json.id);
  });

  it("the same key with another body, path or query → 422 naming the header; nothing stored", async () => {
    t = await createTestApp({ store: kind });
    await t.call("POST", "/batches", { body: batchBody("a"), headers: key("k-2") });
    for (const [path, body] of [
      ["/batches", batchBody("a", "other")],
      ["/batches?include=metadata", batchBody("a")],
      ["/jobs", place("a")],
    ] as const) {
      const r = await t.call("POST", path, { body, headers: key("k-2") });
      expect(r.status, path).toBe(422);
      expect(r.json.detail).toEqual([
        {
          loc: ["header", "idempotency-key"],
          msg: expect.stringMatching(/already used with another request/),
          type: "idempotency_key_reused",
        },
      ]);
    }
    expect((await t.call("GET", "/batches")).json.total).toBe(1);
    expect((await t.call("GET", "/jobs?excludeBatches=true")).json.total).toBe(0);
    const bad = await t.call("POST", "/batches", {
      body: batchBody("a"),
      headers: key("bad key with spaces"),
    });
    expect(bad.status).toBe(422);
    expect(bad.json.detail[0].loc).toEqual(["header", "idempotency-key"]);
  });

  it("concurrent attempts: one runs, the other gets 409 with Retry-After (or the replay)", async () => {
    t = await createTestApp({ store: kind });
    const jobs = Array.from({ length: 2000 }, (_, i) => `p${i}`);
    const [a, b] = await Promise.all([
      t.call("POST", "/batches", { body: batchBody(...jobs), headers: key("k-3") }),
      t.call("POST", "/batches", { body: batchBody(...jobs), headers: key("k-3") }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect([
      [200, 409],
      [200, 200],
    ]).toContainEqual(statuses);
    const conflict = [a, b].find((r) => r.status === 409);
    if (conflict) {
      expect(conflict.json.detail).toMatch(/still being processed/);
      expect(Number(conflict.headers["retry-after"])).toBeGreaterThan(0);
    }
    expect((await t.call("GET", "/batches")).json.total).toBe(1);
    const retry = await t.call("POST", "/batches", { body: batchBody(...jobs), headers: key("k-3") });
    expect(retry.status).toBe(200);
    expect(retry.json.id).toBe((a.status === 200 ? a : b).json.id);
  });

  it("a first attempt whose process died: after its lock, a retry creates the batch id it had chosen", async () => {
    t = await createTestApp({ store: kind });
    const body = batchBody("a");
    // Claim the key as the API would (the same request hash), then "die" before answering.
    const { createHash } = await import("node:crypto");
    const requestHash = createHash("sha256")
      .update("POST /v1/acme/place_enrichment/batches\n")
      .update(createHash("sha256").update(JSON.stringify(body)).digest("hex"))
      .digest("hex");
    await t.store.beginIdempotentRequest({
      orgId: t.acme.org.id,
      key: "k-5",
      requestHash,
      resourceId: "chosen-by-the-dead-process",
      now: t.clock.now(),
      lockMs: IDEMPOTENCY_LOCK_MS,
      ttlMs: t.config.idempotencyTtlMs,
    });
    expect((await t.call("POST", "/batches", { body, headers: key("k-5") })).status).toBe(409);
    t.clock.advance(IDEMPOTENCY_LOCK_MS);
    const retry = await t.call("POST", "/batches", { body, headers: key("k-5") });
    expect(retry.status).toBe(200);
    expect(retry.json.id).toBe("chosen-by-the-dead-process");
  });

  it("an error is not kept: a retry runs again; keys expire after IDEMPOTENCY_TTL_HOURS", async () => {
    t = await createTestApp({ store: kind });
    const invalid = await t.call("POST", "/batches", {
      body: { batch_name: "x", jobs: [{ place_id: "a", inputs: { name: "No locator" } }] },
      headers: key("k-6"),
    });
    expect(invalid.status).toBe(422);
    // The key is free again, for the corrected request.
    const fixed = await t.call("POST", "/batches", { body: batchBody("a"), headers: key("k-6") });
    expect(fixed.status).toBe(200);
    expect(fixed.headers["idempotent-replayed"]).toBeUndefined();
    t.clock.advance(t.config.idempotencyTtlMs);
    const reused = await t.call("POST", "/batches", { body: batchBody("b"), headers: key("k-6") });
    expect(reused.status).toBe(200);
    expect(reused.json.id).not.toBe(fixed.json.id);
  });

  it("POST /jobs, POST /jobs/reprocess and POST /batches/{id}/reprocess replay too", async () => {
    t = await createTestApp({ store: kind });
    const job = await t.call("POST", "/jobs", { body: place("solo"), headers: key("j-1") });
    expect(job.status).toBe(202);
    const jobAgain = await t.call("POST", "/jobs", { body: place("solo"), headers: key("j-1") });
    expect([jobAgain.status, jobAgain.headers["idempotent-replayed"], jobAgain.body]).toEqual([
      202,
      "true",
      job.body,
    ]);

    const created = await t.call("POST", "/batches", { body: batchBody("a") });
    await t.drain();
    const path = `/batches/${created.json.id}/reprocess`;
    const rerun = await t.call("POST", path, { body: { failed_only: false }, headers: key("r-1") });
    expect(rerun.status).toBe(200);
    await t.drain();
    const rerunAgain = await t.call("POST", path, { body: { failed_only: false }, headers: key("r-1") });
    expect(rerunAgain.headers["idempotent-replayed"]).toBe("true");
    // Replayed, not run: the job stays completed.
    expect((await t.call("GET", "/jobs/a")).json.status).toBe("completed");

    const places = await t.call("POST", "/jobs/reprocess", {
      body: { place_ids: ["a"] },
      headers: key("r-2"),
    });
    expect(places.status).toBe(200);
    await t.drain();
    const placesAgain = await t.call("POST", "/jobs/reprocess", {
      body: { place_ids: ["a"] },
      headers: key("r-2"),
    });
    expect([placesAgain.status, placesAgain.body]).toEqual([200, places.body]);
    expect((await t.call("GET", "/jobs/a")).json.status).toBe("completed");
  });
});
