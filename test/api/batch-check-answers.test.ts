/**
 * POST /batches checks its jobs in the handler, chunk by chunk (batch-job-chunks.ts), yet answers as
 * when fastify validated the whole body first: a job against the schema wins over problems of the
 * query string, the headers and the Idempotency-Key; a bad job wins over the jobs-per-hour limit;
 * and a request being checked holds none of the hour's jobs (they are counted with the write).
 * Found by a break-it trial, each expectation what the whole-body check answered.
 */
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";

const DEFAULTS = loadConfig({}).limits;

function places(count: number, prefix = "p"): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => place(`${prefix}${i}`));
}
const schemaBad = (id: string) => place(id, { latitude: "40.7" });
const ruleBad = (id: string) => ({ place_id: id, inputs: { name: "Nowhere" } });
const SCHEMA_422 = (index: number) => ({
  detail: [{ loc: ["body", "jobs", index, "inputs", "latitude"], msg: "must be number", type: "type_error" }],
});

describe.each(STORE_KINDS)("on %s", (kind) => {
  let t: TestApp;
  afterEach(async () => t.close());

  it("a job against the schema wins over a bad query string (body is validated first)", async () => {
    t = await createTestApp({ store: kind });
    const jobs = places(3);
    jobs[1] = schemaBad("s");
    const r = await t.call("POST", `/batches?include=${"m".repeat(101)}`, {
      body: { batch_name: "B", jobs },
    });
    expect(r.status).toBe(422);
    expect(r.json).toEqual(SCHEMA_422(1));
  });

  it("a job against the schema wins over a bad Idempotency-Key header", async () => {
    t = await createTestApp({ store: kind });
    const jobs = places(3);
    jobs[1] = schemaBad("s");
    const r = await t.call("POST", "/batches", {
      body: { batch_name: "B", jobs },
      headers: { "idempotency-key": "k".repeat(256) },
    });
    expect(r.status).toBe(422);
    expect(r.json).toEqual(SCHEMA_422(1));
  });

  it("a job against the schema with an Idempotency-Key used before: the schema's 422, not the key's", async () => {
    t = await createTestApp({ store: kind });
    const headers = { "idempotency-key": "K1" };
    const ok = await t.call("POST", "/batches", { body: { batch_name: "B", jobs: places(3) }, headers });
    expect(ok.status).toBe(200);
    const jobs = places(3);
    jobs[1] = schemaBad("s");
    const r = await t.call("POST", "/batches", { body: { batch_name: "B", jobs }, headers });
    expect(r.status).toBe(422);
    expect(r.json).toEqual(SCHEMA_422(1));
  });

  it("an invalid job past the first chunk of a request over the hour's limit: the 422, not a 429", async () => {
    // Over what is left of the hour, not over the whole limit (that is a 400 before any check).
    t = await createTestApp({ store: kind, config: { limits: { ...DEFAULTS, jobsPerHour: 5000 } } });
    const first = await t.call("POST", "/batches", { body: { batch_name: "A", jobs: places(1500, "a") } });
    expect(first.status).toBe(200);
    const jobs = places(4001);
    jobs[3500] = ruleBad("r");
    const r = await t.call("POST", "/batches", { body: { batch_name: "B", jobs } });
    expect(r.status).toBe(422);
    expect(r.json.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([["body", "jobs", 3500, "inputs"]]);
  });

  it("a valid request that comes in while an invalid 50,000-job request is checked is not refused for its jobs", async () => {
    t = await createTestApp({ store: kind, config: { limits: { ...DEFAULTS, jobsPerHour: 50_000 } } });
    const jobs = places(50_000);
    jobs[49_999] = ruleBad("r");
    // The small request runs when the big one hands its jobs to the store (its first chunk checked,
    // its last not yet): deterministic stand-in for a request arriving during the ~100 ms check.
    const store = t.store as unknown as {
      createOrAppendBatch: (input: { jobs: unknown }) => Promise<unknown>;
    };
    const original = store.createOrAppendBatch.bind(store);
    let small: { status: number; body: string } | null = null;
    store.createOrAppendBatch = async (input) => {
      if (!Array.isArray(input.jobs) && small === null) {
        small = await t.call("POST", "/batches", { body: { batch_name: "B", jobs: [place("b0")] } });
      }
      return original(input);
    };
    const big = await t.call("POST", "/batches", { body: { batch_name: "A", jobs } });
    expect(big.status).toBe(422);
    // 92a1119 refuses the big request before it reaches the store: the small one comes after it.
    small ??= await t.call("POST", "/batches", { body: { batch_name: "B", jobs: [place("b0")] } });
    // 92a1119 never counted the refused request's jobs: the 1-job request fits in the hour.
    expect(small).toMatchObject({ status: 200 });
  });
});
