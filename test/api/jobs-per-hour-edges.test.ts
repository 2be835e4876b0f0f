/**
 * JOBS_PER_HOUR counted in the batch write's own transaction, at the edges (both stores).
 */
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";

const DEFAULTS = loadConfig({}).limits;
const places = (n: number, prefix = "p") => Array.from({ length: n }, (_, i) => place(`${prefix}${i}`));

describe.each(STORE_KINDS)("on %s", (kind) => {
  let t: TestApp;
  afterEach(async () => t.close());

  async function open(jobsPerHour: number) {
    t = await createTestApp({ store: kind, config: { limits: { ...DEFAULTS, jobsPerHour } } });
  }
  const jobsCounter = async () =>
    (
      await t.store.peekRateLimits({
        buckets: [{ bucket: `org:${t.acme.org.id}:jobs`, windowMs: 3_600_000 }],
        now: t.clock.now(),
      })
    )[0]!.hits;

  for (const n of [1, 2000, 2001]) {
    it(`a batch of exactly the limit (${n}) passes; one more job is the 429 with headers; nothing stored by it`, async () => {
      await open(n);
      const ok = await t.call("POST", "/batches", {
        body: { batch_name: "A", batch_id: "a", jobs: places(n) },
      });
      expect(ok.status).toBe(200);
      expect(await jobsCounter()).toBe(n);
      const over = await t.call("POST", "/batches", {
        body: { batch_name: "B", batch_id: "b", jobs: places(1, "q") },
      });
      expect(over.status).toBe(429);
      expect(over.headers["retry-after"]).toBe("3600");
      expect(over.headers).toMatchObject({ "ratelimit-limit": String(n), "ratelimit-remaining": "0" });
      expect((await t.call("GET", "/batches/b")).status).toBe(404);
      // An append over the limit leaves the batch as it was.
      const before = await t.call("GET", "/batches/a");
      const append = await t.call("POST", "/batches", {
        body: { batch_name: "A", batch_id: "a", jobs: places(1, "z") },
      });
      expect(append.status).toBe(429);
      const after = await t.call("GET", "/batches/a");
      expect(after.json).toEqual(before.json);
      expect(await jobsCounter()).toBe(n);
      // POST /jobs refused too, and counted nothing.
      const single = await t.call("POST", "/jobs", { body: place("single") });
      expect(single.status).toBe(429);
      expect(await jobsCounter()).toBe(n);
    }, 60_000);

    it(`a batch one over the limit (${n}+1) is refused whole and leaves no trace; the store still works`, async () => {
      await open(n);
      const over = await t.call("POST", "/batches", {
        body: { batch_name: "A", batch_id: "a", jobs: places(n + 1) },
      });
      // No hour would take n + 1 jobs in one request: a 400 that says to split, not a 429 to wait.
      expect(over.status).toBe(400);
      expect(over.headers["retry-after"]).toBeUndefined();
      expect(over.json.detail).toBe(
        `Too many jobs for one request: ${n + 1}, and this organization may submit ${n} jobs per hour. Split the places into requests of at most ${n} jobs (repeat the same batch_id to append), one hour apart.`,
      );
      expect((await t.call("GET", "/batches/a")).status).toBe(404);
      expect(await jobsCounter()).toBe(0);
      const list = await t.call("GET", "/batches");
      expect(list.status).toBe(200);
      const ok = await t.call("POST", "/batches", {
        body: { batch_name: "A", batch_id: "a", jobs: places(n) },
      });
      expect(ok.status).toBe(200);
      expect(await jobsCounter()).toBe(n);
    }, 60_000);
  }

  it("a batch over the whole hourly limit is the 400 before its jobs are checked or written", async () => {
    await open(10);
    // A bad job would be a 422 after the check; the count alone decides first (break-it trial: a
    // refused batch held the write lock while all its rows were written and rolled back).
    const jobs: unknown[] = places(11);
    jobs[10] = { place_id: "bad", inputs: { name: "X", latitude: "north" } };
    const over = await t.call("POST", "/batches", { body: { batch_name: "A", batch_id: "a", jobs } });
    expect(over.status).toBe(400);
    expect(over.json.detail).toMatch(
      /^Too many jobs for one request: 11, and this organization may submit 10/,
    );
    expect((await t.call("GET", "/batches/a")).status).toBe(404);
    expect(await jobsCounter()).toBe(0);
    // At the limit, the same bad job is the 422.
    const bad = await t.call("POST", "/batches", {
      body: { batch_name: "A", batch_id: "a", jobs: jobs.slice(1) },
    });
    expect(bad.status).toBe(422);
  });

  it("two concurrent batches racing for the last quota: exactly one passes", async () => {
    await open(4100);
    const first = await t.call("POST", "/batches", { body: { batch_name: "A", jobs: places(100, "x") } });
    expect(first.status).toBe(200);
    const [a, b] = await Promise.all([
      t.call("POST", "/batches", { body: { batch_name: "B", batch_id: "b", jobs: places(2001, "b") } }),
      t.call("POST", "/batches", { body: { batch_name: "C", batch_id: "c", jobs: places(2001, "c") } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 429]);
    expect(await jobsCounter()).toBe(2101);
    const stored = (await t.call("GET", "/batches")).json;
    expect(JSON.stringify(stored)).not.toBe("");
  }, 60_000);

  it("per-org override of jobs per hour applies to batches", async () => {
    await open(10);
    await t.store.setOrgLimits(t.acme.org.id, { jobsPerHour: 3000 });
    const ok = await t.call("POST", "/batches", { body: { batch_name: "A", jobs: places(2500) } });
    expect(ok.status).toBe(200);
    const over = await t.call("POST", "/batches", { body: { batch_name: "B", jobs: places(501, "o") } });
    expect(over.status).toBe(429);
    expect(over.headers["ratelimit-limit"]).toBe("3000");
  }, 60_000);

  it("a batch failing on a duplicate place_id in its last chunk counts nothing, and the next one passes", async () => {
    await open(4000);
    const jobs = places(2500);
    jobs[2400] = place("p3");
    const dup = await t.call("POST", "/batches", { body: { batch_name: "A", batch_id: "a", jobs } });
    expect(dup.status).toBeGreaterThanOrEqual(400);
    expect(dup.status).toBeLessThan(500);
    expect(await jobsCounter()).toBe(0);
    expect((await t.call("GET", "/batches/a")).status).toBe(404);
    const ok = await t.call("POST", "/batches", {
      body: { batch_name: "A", batch_id: "a", jobs: places(4000) },
    });
    expect(ok.status).toBe(200);
  }, 60_000);
});
