/**
 * More request-limit cases from a break-it trial (both stores): an idempotent batch refused for the
 * hour; a request refused by its key's limit counts against none of its limits.
 */
import { afterEach, describe, expect, it } from "vitest";
import { issueApiKey } from "../../src/accounts/api-keys.js";
import { loadConfig, type RequestLimitsConfig } from "../../src/config.js";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";

const DEFAULTS = loadConfig({}).limits;

describe.each(STORE_KINDS)("on %s", (kind) => {
  let t: TestApp;
  afterEach(async () => t.close());
  const open = async (limits: Partial<RequestLimitsConfig>) => {
    t = await createTestApp({ store: kind, config: { limits: { ...DEFAULTS, ...limits } } });
  };

  it("an idempotent batch refused for the hour can be retried with its key; a replay is not counted again", async () => {
    await open({ jobsPerHour: 3 });
    const headers = { "idempotency-key": "K" };
    const body = { batch_name: "B", jobs: [place("a"), place("b"), place("c"), place("d")] };
    const refused = await t.call("POST", "/batches", { body, headers });
    expect(refused.status).toBe(400); // 4 > 3: no hour takes them in one request
    t.clock.advance(3_600_000);
    const ok = await t.call("POST", "/batches", { body, headers: { "idempotency-key": "K2" } });
    expect(ok.status).toBe(400);
    const small = { batch_name: "B", jobs: [place("a"), place("b")] };
    const first = await t.call("POST", "/batches", { body: small, headers });
    expect(first.status).toBe(200);
    const replay = await t.call("POST", "/batches", { body: small, headers });
    expect(replay.status).toBe(200);
    expect(replay.json.id).toBe(first.json.id);
    // The replay counted no jobs: one more job fits.
    expect((await t.call("POST", "/jobs", { body: place("z") })).status).toBe(202);
  });

  it("README: 'a refused request is not counted' — also not against the org's minute", async () => {
    await open({ keyRequestsPerMinute: 2, orgRequestsPerMinute: 5 });
    // Key 1 hammers past its own limit: 2 pass, 3 are refused by the key's limit.
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.call("GET", "/batches")).status);
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    // Another key of the same org: the org has admitted only 2 of its 5 requests this minute.
    const second = await issueApiKey(t.store, t.acme.org.id, "second", t.clock.now());
    const other = await t.call("GET", "/batches", { key: second.key });
    expect(other.status).toBe(200);
  });
});
