/**
 * Request limits through the API (both stores): per key, status polls apart, per org, jobs per hour,
 * per-org overrides, and failed authentication per client address. The clock is the test's: windows
 * end when it is moved. (Two real API processes sharing PostgreSQL: test/e2e/shared-limits.test.ts.)
 */
import { afterEach, describe, expect, it } from "vitest";
import { issueApiKey } from "../../src/accounts/api-keys.js";
import { loadConfig, type RequestLimitsConfig } from "../../src/config.js";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";

const DEFAULTS = loadConfig({}).limits;

describe.each(STORE_KINDS)("on %s", (kind) => {
  let t: TestApp;
  afterEach(async () => t.close());

  async function open(limits: Partial<RequestLimitsConfig>) {
    t = await createTestApp({ store: kind, config: { limits: { ...DEFAULTS, ...limits } } });
    // The manual clock starts on a minute: a window ends 60 s after the first request.
    expect(t.clock.now() % 60_000).toBe(0);
    return t;
  }

  it("per key: 429 with Retry-After and RateLimit-* past the limit; a refused request is not counted", async () => {
    await open({ keyRequestsPerMinute: 3 });
    const first = await t.call("GET", "/batches");
    expect(first.status).toBe(200);
    expect(first.headers).toMatchObject({
      "ratelimit-limit": "3",
      "ratelimit-remaining": "2",
      "ratelimit-reset": "60",
    });
    await t.call("GET", "/batches");
    await t.call("GET", "/batches");
    t.clock.advance(15_000);
    const limited = await t.call("GET", "/batches");
    expect(limited.status).toBe(429);
    expect(limited.json.detail).toMatch(
      /Rate limit exceeded: 3 requests per minute of this API key; retry in 45 s/,
    );
    expect(limited.headers).toMatchObject({
      "retry-after": "45",
      "ratelimit-limit": "3",
      "ratelimit-remaining": "0",
    });
    // Another org's key, and the unauthenticated endpoints, are not affected.
    expect((await t.call("GET", "/batches", { org: "globex", key: t.globex.key })).status).toBe(200);
    expect((await t.app.inject({ url: "/health" })).statusCode).toBe(200);
    // The next window: 3 more, since the refused ones were not counted against it either.
    t.clock.advance(45_000);
    for (let i = 0; i < 3; i++) expect((await t.call("GET", "/batches")).status).toBe(200);
    expect((await t.call("GET", "/batches")).status).toBe(429);
  });

  it("status polls have their own, higher limit", async () => {
    await open({ keyRequestsPerMinute: 2, pollsPerMinute: 5 });
    const created = await t.call("POST", "/batches", { body: { batch_name: "B", jobs: [place("a")] } });
    expect((await t.call("GET", "/jobs")).status).toBe(200);
    expect((await t.call("GET", "/jobs")).status).toBe(429);
    for (let i = 0; i < 4; i++) expect((await t.call("GET", `/batches/${created.json.id}`)).status).toBe(200);
    expect((await t.call("GET", "/jobs/a")).status).toBe(200);
    const poll = await t.call("GET", `/batches/${created.json.id}`);
    expect(poll.status).toBe(429);
    expect(poll.json.detail).toMatch(/5 status polls per minute/);
  });

  it("per org: every key of the org counts; per-org overrides win, 0 lifts a limit", async () => {
    await open({ keyRequestsPerMinute: 100, orgRequestsPerMinute: 3 });
    const second = await issueApiKey(t.store, t.acme.org.id, "second", t.clock.now());
    for (const key of [t.acme.key, second.key, t.acme.key]) {
      expect((await t.call("GET", "/batches", { key })).status).toBe(200);
    }
    const refused = await t.call("GET", "/batches", { key: second.key });
    expect(refused.status).toBe(429);
    expect(refused.json.detail).toMatch(/3 requests per minute of this organization/);
    expect(
      await t.store.setOrgLimits(t.acme.org.id, { requestsPerMinute: 0, keyRequestsPerMinute: 1 }),
    ).toMatchObject({
      requestsPerMinute: 0,
      keyRequestsPerMinute: 1,
    });
    t.clock.advance(60_000);
    expect((await t.call("GET", "/batches")).status).toBe(200);
    expect((await t.call("GET", "/batches")).status).toBe(429);
    expect((await t.call("GET", "/batches", { key: second.key })).status).toBe(200);
    // globex keeps the defaults.
    for (let i = 0; i < 3; i++) {
      expect((await t.call("GET", "/batches", { org: "globex", key: t.globex.key })).status).toBe(200);
    }
  });

  it("jobs per hour: a batch that would pass it is refused whole and stores nothing", async () => {
    await open({ jobsPerHour: 5 });
    const first = await t.call("POST", "/batches", {
      body: { batch_name: "B", jobs: [place("a"), place("b"), place("c")] },
    });
    expect(first.status).toBe(200);
    const tooMany = await t.call("POST", "/batches", {
      body: { batch_name: "C", jobs: [place("d"), place("e"), place("f")] },
    });
    expect(tooMany.status).toBe(429);
    expect(tooMany.json.detail).toMatch(/5 jobs per hour of this organization \(2 left this hour\)/);
    expect(Number(tooMany.headers["retry-after"])).toBeGreaterThan(60);
    expect((await t.call("GET", "/batches")).json.total).toBe(1);
    expect((await t.call("POST", "/jobs", { body: place("solo") })).status).toBe(202);
    // A reprocess counts its jobs with the re-queue (break-it trial: it was counted after the fact,
    // never refused): 4 + 3 would pass 5, so it is refused and re-queues nothing.
    await t.drain();
    const statusBefore = (await t.call("GET", `/batches/${first.json.id}`)).json;
    const again = await t.call("POST", `/batches/${first.json.id}/reprocess`, {
      body: { failed_only: false },
    });
    expect(again.status).toBe(429);
    expect(again.json.detail).toMatch(/3 more jobs would pass the 5 jobs per hour .*\(1 left this hour\)/);
    expect(Number(again.headers["retry-after"])).toBeGreaterThan(60);
    expect((await t.call("GET", `/batches/${first.json.id}`)).json).toEqual(statusBefore);
    const byPlace = await t.call("POST", "/jobs/reprocess", { body: { place_ids: ["a", "b", "solo"] } });
    expect(byPlace.status).toBe(429);
    expect((await t.call("GET", `/batches/${first.json.id}`)).json).toEqual(statusBefore);
    // One job fits the hour's last one.
    expect((await t.call("POST", "/jobs/reprocess", { body: { place_ids: ["solo", "nope"] } })).status).toBe(
      200,
    );
    expect((await t.call("POST", "/jobs", { body: place("late") })).status).toBe(429);
    // The next hour: the reprocess passes and counts 3 of its 5.
    t.clock.advance(3_600_000);
    await t.drain();
    expect(
      (await t.call("POST", `/batches/${first.json.id}/reprocess`, { body: { failed_only: false } })).status,
    ).toBe(200);
    expect((await t.call("POST", "/jobs", { body: place("late") })).status).toBe(202);
    expect((await t.call("POST", "/jobs", { body: place("later") })).status).toBe(202);
    expect((await t.call("POST", "/jobs", { body: place("last") })).status).toBe(429);
    // A synchronous /enrich is a job too.
    expect((await t.call("POST", "/enrich", { body: place("sync") })).status).toBe(429);
    // More jobs than the whole hour: a 400 that says how to reprocess fewer, not a 429 to wait.
    t.clock.advance(3_600_000);
    const many = await t.call("POST", "/batches", {
      body: { batch_name: "M", jobs: [1, 2, 3, 4, 5].map((i) => place(`m${i}`)) },
    });
    expect(many.status).toBe(200);
    t.clock.advance(3_600_000);
    await t.drain();
    const all = await t.call("POST", "/jobs/reprocess", {
      body: { place_ids: ["a", "b", "c", "m1", "m2", "m3"] },
    });
    expect(all.status).toBe(400);
    expect(all.json.detail).toMatch(/^Too many jobs for one request: 6, .* Reprocess at most 5 jobs an hour/);
  });

  it("failed authentication is limited per client address, before any key is looked up", async () => {
    await open({ authFailuresPerMinute: 3 });
    const from = (remoteAddress: string, key: string | null) =>
      t.app.inject({
        url: "/v1/acme/place_enrichment/batches",
        remoteAddress,
        headers: key ? { authorization: `Bearer ${key}` } : {},
      });
    // A wrong key with the right prefix is as wrong as any other (hashes compared in constant time).
    const lookalike = `${t.acme.key.slice(0, 10)}${"A".repeat(t.acme.key.length - 10)}`;
    for (const key of ["pe_wrong", lookalike, null]) {
      expect((await from("10.0.0.1", key)).statusCode).toBe(401);
    }
    const locked = await from("10.0.0.1", "pe_wrong");
    expect(locked.statusCode).toBe(429);
    expect(locked.json().detail).toMatch(/Too many failed authentications from this address/);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
    // Locked out: even the right key is not looked up from that address.
    expect((await from("10.0.0.1", t.acme.key)).statusCode).toBe(429);
    // Other addresses are not affected.
    expect((await from("10.0.0.2", t.acme.key)).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await from("10.0.0.1", t.acme.key)).statusCode).toBe(200);
  });

  it("the lockout is read from the store: another API process on it refuses the address too", async () => {
    await open({ authFailuresPerMinute: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await t.app.inject({ url: "/v1/acme/place_enrichment/batches", remoteAddress: "10.9.9.9" });
      expect(r.statusCode).toBe(401);
    }
    const { buildApp } = await import("../../src/api/app.js");
    const { testEnrichmentPool } = await import("../support/enrichment.js");
    const otherProcess = await buildApp({
      store: t.store,
      config: t.config,
      clock: t.clock,
      enrichment: testEnrichmentPool(),
    });
    try {
      const r = await otherProcess.inject({
        url: "/v1/acme/place_enrichment/batches",
        remoteAddress: "10.9.9.9",
        headers: { authorization: `Bearer ${t.acme.key}` },
      });
      expect(r.statusCode).toBe(429);
    } finally {
      await otherProcess.close();
    }
  });
});
