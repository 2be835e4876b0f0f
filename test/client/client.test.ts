/**
 * The TypeScript client against a real `place-enrich serve` process over HTTP; faults (429, 503,
 * lost answers) are injected by an HTTP front between the two (faulty-front.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Batch,
  type BatchProgress,
  PartialBatchError,
  PlaceEnrichmentApiError,
  PlaceEnrichmentClient,
  type PlaceJob,
} from "../../src/client/index.js";
import { FaultyFront } from "./faulty-front.js";
import { type RunningServer, startServer } from "./running-server.js";

let server: RunningServer;
let front: FaultyFront;
let frontUrl: string;

beforeAll(async () => {
  server = await startServer();
  front = new FaultyFront(server.url);
  frontUrl = await front.start();
}, 120_000);

afterAll(async () => {
  await front?.close();
  await server?.stop();
});

function client(options: Partial<ConstructorParameters<typeof PlaceEnrichmentClient>[0]> = {}) {
  return new PlaceEnrichmentClient({
    baseUrl: frontUrl,
    org: server.org,
    apiKey: server.apiKey,
    retry: { baseDelayMs: 50 },
    ...options,
  });
}

function places(n: number, prefix = "store"): PlaceJob[] {
  return Array.from({ length: n }, (_, i) => ({
    place_id: `${prefix}_${String(i).padStart(3, "0")}`,
    inputs: {
      name: `Downtown Store ${i}`,
      full_address: `${100 + i} Main St, New York, NY 10001`,
      latitude: 40.7128,
      longitude: -74.006,
      phone: "(212) 555-0100",
    },
  }));
}

/** Requests the front saw from `from` on, as "METHOD path". */
function seenSince(from: number): string[] {
  return front.seen.slice(from).map((r) => `${r.method} ${r.url.split("?")[0]}`);
}

async function namesLike(name: string): Promise<string[]> {
  const c = client();
  const out: string[] = [];
  for await (const b of c.listBatches({ query: name })) out.push(b.id);
  return out;
}

describe("the client's batch flow", () => {
  it("creates a batch in several requests, waits with progress, pages the results, reprocesses", async () => {
    const c = client();
    const jobs = places(7);
    const requests: number[] = [];
    const mark = front.seen.length;
    const created = await c.createBatch(
      { batch_name: "Client flow", jobs, attributes: ["websites", "phoneNumbers", "categories"] },
      { maxJobsPerRequest: 3, onRequest: (info) => requests.push(info.acceptedJobs) },
    );
    expect(requests).toEqual([3, 6, 7]);
    expect(seenSince(mark)).toEqual([
      "POST /v1/demo/place_enrichment/batches",
      "POST /v1/demo/place_enrichment/batches",
      "POST /v1/demo/place_enrichment/batches",
    ]);
    // The server saw three requests of 3, 3 and 1 jobs to one batch: created, then appended.
    const accepted = await server.logLinesWhen(
      (l) => l.msg === "batch accepted" && l.batch_id === created.id,
      3,
    );
    expect(accepted.map((l) => [l.jobs, l.action])).toEqual([
      [3, "created"],
      [3, "appended"],
      [1, "appended"],
    ]);
    // Each request carried its own Idempotency-Key.
    const keys = front.seen.slice(mark).map((r) => r.headers["idempotency-key"]);
    expect(new Set(keys).size).toBe(3);
    expect(created.metadata).toBeNull();

    const seen: BatchProgress[] = [];
    const done = await c.waitForBatch(created.id, {
      initialIntervalMs: 100,
      onProgress: (p) => seen.push(p),
    });
    expect(done.status).toBe("completed");
    expect(seen.at(-1)).toMatchObject({ total: 7, done: 7, finished: true });
    expect(seen.every((p) => p.total === 7)).toBe(true);

    const pageMark = front.seen.length;
    const results = [];
    for await (const job of c.iterateResults(created.id, { pageSize: 2 })) results.push(job);
    expect(results.map((j) => j.place_id)).toEqual(jobs.map((j) => j.place_id));
    expect(results[0]!.outputs.phone).toBe("+12125550100");
    expect(seenSince(pageMark)).toHaveLength(4);

    const withMetadata = await c.getBatch(created.id, { include: "metadata" });
    expect(withMetadata.metadata?.total_jobs).toBe(7);

    const none = await c.reprocess(created.id).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(PlaceEnrichmentApiError);
    expect(none).toMatchObject({ status: 400, code: "bad_request", detail: "No jobs found in batch" });
    const all = await c.reprocess(created.id, { failed_only: false, refresh: true });
    expect(all).toMatchObject({ status: "success", job_count: 7, batch_id: created.id });
    expect((await c.waitForBatch(created.id, { initialIntervalMs: 100 })).status).toBe("completed");
  }, 90_000);

  it("lists every batch, newest first, page after page", async () => {
    const c = client();
    const ids: string[] = [];
    for (const n of ["list-me 1", "list-me 2", "list-me 3"]) {
      ids.push((await c.createBatch({ batch_name: n, jobs: places(1), kick_off_jobs_now: false })).id);
    }
    const mark = front.seen.length;
    const listed = [];
    for await (const b of c.listBatches({ query: "LIST-ME", pageSize: 2 })) listed.push(b);
    expect(listed.map((b) => b.id)).toEqual([...ids].reverse());
    expect(listed[0]!.status_counts.pending).toBe(1);
    expect(seenSince(mark)).toHaveLength(2);
  }, 30_000);

  it("enriches one place at once", async () => {
    const result = await client().enrich({ ...places(1)[0]!, attributes: ["phoneNumbers"] });
    expect(result.status).toBe("completed");
    expect(result.outputs.phone).toBe("+12125550100");
    expect(result.confidence_scores.phone).toBeDefined();
  }, 30_000);

  it("stops waiting when aborted, and leaves the batch alone", async () => {
    const c = client();
    const batch = await c.createBatch({
      batch_name: "never started",
      jobs: places(2),
      kick_off_jobs_now: false,
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user stopped")), 300);
    const started = Date.now();
    await expect(
      c.waitForBatch(batch.id, { signal: controller.signal, initialIntervalMs: 100 }),
    ).rejects.toThrow("user stopped");
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await c.getBatch(batch.id)).status).toBe("pending");
  }, 30_000);
});

describe("the client's errors", () => {
  it("throws typed errors with status, code and detail", async () => {
    const wrongKey = client({ apiKey: "pe_nope" });
    await expect(wrongKey.getBatch("x")).rejects.toMatchObject({ status: 401, code: "unauthorized" });

    const unknown = await client()
      .getBatch("no-such-batch")
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(PlaceEnrichmentApiError);
    expect(unknown).toMatchObject({
      status: 404,
      code: "not_found",
      detail: expect.stringMatching(/not found/i),
    });

    const bad = (await client()
      .createBatch({ batch_name: "bad", jobs: [{ place_id: "a", inputs: { name: "No locator" } }] })
      .catch((e: unknown) => e)) as PlaceEnrichmentApiError;
    expect(bad.status).toBe(422);
    expect(bad.code).toBe("validation_failed");
    expect(bad.issues[0]).toMatchObject({ loc: ["body", "jobs", 0, "inputs"], type: "missing_locator" });
  }, 30_000);

  it("reports a batch that failed part-way with its id and the jobs accepted", async () => {
    front.inject("POST", { kind: "forward" });
    front.inject("POST", { kind: "status", status: 400 });
    const error = (await client()
      .createBatch(
        { batch_name: "partial", jobs: places(5), kick_off_jobs_now: false },
        { maxJobsPerRequest: 2 },
      )
      .catch((e: unknown) => e)) as PartialBatchError;
    expect(error).toBeInstanceOf(PartialBatchError);
    expect(error.acceptedJobs).toBe(2);
    expect(error.cause).toMatchObject({ status: 400 });
    expect((await client().getBatch(error.batchId)).jobs.pending).toHaveLength(2);
  }, 30_000);
});

describe("the client's retries", () => {
  it("waits Retry-After on a 429, then gets the answer", async () => {
    const c = client();
    const batch = await c.createBatch({ batch_name: "retry-429", jobs: places(1), kick_off_jobs_now: false });
    front.inject("GET", { kind: "status", status: 429, retryAfter: "1" });
    const mark = front.seen.length;
    const started = Date.now();
    expect((await c.getBatch(batch.id)).id).toBe(batch.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(front.seen.slice(mark).map((r) => r.fault)).toEqual(["429", null]);
  }, 30_000);

  it("gives up at once on a Retry-After past its bound, and after maxAttempts", async () => {
    front.inject("GET", { kind: "status", status: 503, retryAfter: "3600" });
    const started = Date.now();
    await expect(client().getBatch("x")).rejects.toMatchObject({ status: 503, retryAfterSeconds: 3600 });
    expect(Date.now() - started).toBeLessThan(2000);

    for (let i = 0; i < 3; i++) front.inject("GET", { kind: "status", status: 429, retryAfter: "0" });
    const mark = front.seen.length;
    await expect(client({ retry: { maxAttempts: 2 } }).getBatch("x")).rejects.toMatchObject({ status: 429 });
    expect(front.seen.length - mark).toBe(2);
    front.inject("GET", { kind: "forward" }); // the third, unused, is taken by this harmless request
    await client()
      .getBatch("x")
      .catch(() => undefined);
  }, 30_000);

  it("retries a create whose answer was lost: one batch, the jobs once", async () => {
    const c = client();
    front.inject("POST", { kind: "reset-after-forward" });
    front.inject("POST", { kind: "status", status: 503, retryAfter: "0" });
    const mark = front.seen.length;
    const batch: Batch = await c.createBatch({
      batch_name: "lost-answer-1",
      jobs: places(3),
      kick_off_jobs_now: false,
    });
    expect(front.seen.slice(mark).map((r) => r.fault)).toEqual(["reset-after-forward", "503", null]);
    expect(await namesLike("lost-answer-1")).toEqual([batch.id]);
    expect((await c.getBatch(batch.id)).jobs.pending).toHaveLength(3);
  }, 30_000);

  it("repeats a reprocess whose answer was lost, with the same Idempotency-Key", async () => {
    const c = client();
    const batch = await c.createBatch({
      batch_name: "reset-reprocess",
      jobs: places(1),
      kick_off_jobs_now: false,
    });
    front.inject("POST", { kind: "reset-after-forward" });
    const answer = await c.reprocess(batch.id, { failed_only: false, incomplete_only: true });
    expect(answer.job_count).toBe(1);
    const replays = front.seen.filter((r) => r.url.endsWith("/reprocess"));
    expect(replays.at(-1)!.headers["idempotency-key"]).toBe(replays.at(-2)!.headers["idempotency-key"]);
  }, 30_000);
});
