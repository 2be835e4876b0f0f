/**
 * POST /batches checks a large request's jobs chunk by chunk while the store writes the first ones
 * (src/api/batch-job-chunks.ts). These tests put the problems past the first chunk (2,000 jobs),
 * where the store has begun writing: the answer must be the one a check of the whole request gives,
 * nothing may be stored, and the jobs must not count against the org's jobs per hour.
 */
import { afterEach, describe, expect, it } from "vitest";
import { JOB_CHUNK } from "../../src/api/batch-job-chunks.js";
import { loadConfig } from "../../src/config.js";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";

const DEFAULTS = loadConfig({}).limits;
const SIZE = 2 * JOB_CHUNK + 500;

function places(count: number) {
  return Array.from({ length: count }, (_, i) => place(`p${i}`));
}

describe.each(STORE_KINDS)("on %s", (kind) => {
  let t: TestApp;
  afterEach(async () => t.close());

  /** The org may accept SIZE jobs an hour: a request counted and not given back leaves no room. */
  async function open() {
    t = await createTestApp({ store: kind, config: { limits: { ...DEFAULTS, jobsPerHour: SIZE } } });
  }

  /** A valid SIZE-job batch goes through: the hour's count holds none of the refused requests. */
  async function expectNothingCounted() {
    const ok = await t.call("POST", "/batches", { body: { batch_name: "ok", jobs: places(SIZE) } });
    expect(ok.status).toBe(200);
    expect(ok.json.jobs.queued).toHaveLength(SIZE);
  }

  it("problems in later chunks: a 422 with every issue in job order; nothing stored or counted", async () => {
    await open();
    const jobs = places(SIZE);
    jobs[JOB_CHUNK + 7] = { place_id: "no-locator", inputs: { name: "Nowhere" } } as never;
    jobs[2 * JOB_CHUNK + 100] = place("p3"); // duplicates job 3
    jobs[2 * JOB_CHUNK + 200] = place("late", { latitude: 40.7, longitude: undefined });
    const later = [
      ["body", "jobs", JOB_CHUNK + 7, "inputs"],
      ["body", "jobs", 2 * JOB_CHUNK + 100, "place_id"],
      ["body", "jobs", 2 * JOB_CHUNK + 200, "inputs", "longitude"],
    ];
    // The first chunk is clean: the store has begun writing when the problems turn up.
    const refused = await t.call("POST", "/batches", {
      body: { batch_name: "B", batch_id: "refused", jobs },
    });
    expect(refused.status).toBe(422);
    expect(refused.json.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual(later);
    expect(refused.json.detail[1].msg).toBe('Duplicate place_id "p3" (first at index 3)');
    expect((await t.call("GET", "/batches/refused")).status).toBe(404);
    expect((await t.call("GET", "/batches")).json.total).toBe(0);
    // With a bad webhook URL as well (found before the jobs): it comes first.
    const withUrl = await t.call("POST", "/batches", {
      body: { batch_name: "B", batch_id: "refused", jobs, webhook_url: "ftp://example.com/hook" },
    });
    expect(withUrl.status).toBe(422);
    expect(withUrl.json.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
      ["body", "webhook_url"],
      ...later,
    ]);
    await expectNothingCounted();
  });

  it("a job against the schema in a later chunk: the whole body's schema errors, and only those", async () => {
    await open();
    const jobs = places(SIZE) as Array<Record<string, unknown>>;
    jobs[JOB_CHUNK + 1] = place("text-latitude", { latitude: "40.7" });
    jobs[2 * JOB_CHUNK + 400] = { inputs: place("x").inputs };
    const schemaErrors = [
      expect.objectContaining({ loc: ["body", "jobs", JOB_CHUNK + 1, "inputs", "latitude"] }),
      { loc: ["body", "jobs", 2 * JOB_CHUNK + 400, "place_id"], msg: "Field required", type: "missing" },
    ];
    const refused = await t.call("POST", "/batches", { body: { batch_name: "B", batch_id: "bad", jobs } });
    expect(refused.status).toBe(422);
    expect(refused.json.detail).toEqual(schemaErrors);
    // A rule's issue (no locator) in the first chunk is not reported when the schema fails, as when
    // fastify validated the whole body before the handler ran.
    jobs[5] = { place_id: "no-locator", inputs: { name: "Nowhere" } };
    const again = await t.call("POST", "/batches", { body: { batch_name: "B", batch_id: "bad", jobs } });
    expect(again.json.detail).toEqual(schemaErrors);
    expect((await t.call("GET", "/batches/bad")).status).toBe(404);
    await expectNothingCounted();
  });

  it("a bad envelope lists the jobs' schema errors too, wherever they are", async () => {
    await open();
    const jobs = places(SIZE) as Array<Record<string, unknown>>;
    jobs[2 * JOB_CHUNK + 3] = { place_id: 42, inputs: place("x").inputs };
    const refused = await t.call("POST", "/batches", {
      body: { batch_name: "", kick_off_jobs_now: "yes", jobs },
    });
    expect(refused.status).toBe(422);
    expect(refused.json.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
      ["body", "batch_name"],
      ["body", "jobs", 2 * JOB_CHUNK + 3, "place_id"],
      ["body", "kick_off_jobs_now"],
    ]);
    await expectNothingCounted();
  });

  it("an append whose later chunk fails leaves the batch as it was", async () => {
    await open();
    const first = await t.call("POST", "/batches", {
      body: { batch_name: "B", batch_id: "kept", jobs: places(3), kick_off_jobs_now: false },
    });
    expect(first.status).toBe(200);
    const jobs = places(SIZE - 3);
    jobs[JOB_CHUNK + 50] = place("p0"); // the duplicate of an earlier job of this request
    const refused = await t.call("POST", "/batches", { body: { batch_name: "B", batch_id: "kept", jobs } });
    expect(refused.status).toBe(422);
    const kept = await t.call("GET", "/batches/kept");
    expect(kept.json.jobs).toMatchObject({ pending: ["p0", "p1", "p2"], queued: [] });
    // 3 of SIZE counted: SIZE - 3 more fit in the hour, one more does not.
    const rest = await t.call("POST", "/batches", {
      body: { batch_name: "B", batch_id: "kept", jobs: places(SIZE - 2) },
    });
    expect(rest.status).toBe(429);
    const fits = await t.call("POST", "/batches", {
      body: { batch_name: "B", batch_id: "kept", jobs: places(SIZE - 3) },
    });
    expect(fits.status).toBe(200);
  });
});
