/** GET /metrics and X-Request-Id on the app (inject); the processes' view is test/e2e/metrics.test.ts. */
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { Cleanups } from "../support/cleanups.js";
import { createTestApp } from "../support/test-app.js";

const cleanups = new Cleanups();
afterEach(() => cleanups.runAll());

async function app(env: Record<string, string> = {}) {
  const t = await createTestApp({ config: { metrics: loadConfig(env).metrics } });
  cleanups.defer(t.close);
  /** A GET outside the API prefix. */
  const get = async (url: string, token?: string) => {
    const r = await t.app.inject({
      method: "GET",
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: r.statusCode, headers: r.headers, body: r.body, json: () => JSON.parse(r.body) };
  };
  return { ...t, get };
}

describe("GET /metrics", () => {
  it("counts requests by route template and reads the queue, in Prometheus text", async () => {
    const t = await app();
    const created = await t.call("POST", "/batches", {
      body: {
        batch_name: "m",
        jobs: [
          { place_id: "p1", inputs: { name: "Café Rouge", full_address: "1 Rue de Rivoli, 75001 Paris" } },
        ],
        attributes: ["names"],
        kick_off_jobs_now: true,
      },
    });
    expect(created.status, created.body).toBe(200);
    await t.call("GET", "/batches/nope");
    const scrape = await t.get("/metrics");
    expect(scrape.status).toBe(200);
    expect(scrape.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scrape.body).toContain(
      'place_enrich_http_requests_total{method="GET",route="/v1/:org_slug/place_enrichment/batches/:batch_id",status="404"} 1',
    );
    expect(scrape.body).toMatch(/^place_enrich_jobs_queued 1$/m);
    expect(scrape.body).not.toContain("nope");
  });

  it("needs the token when METRICS_TOKEN is set, and is absent when METRICS is off", async () => {
    const guarded = await app({ METRICS_TOKEN: "s3cret" });
    const refused = await guarded.get("/metrics");
    expect(refused.status).toBe(401);
    expect(refused.json().detail).toMatch(/METRICS_TOKEN/);
    expect(refused.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect((await guarded.get("/metrics", "wrong")).status).toBe(401);
    expect((await guarded.get("/metrics", "s3cret")).status).toBe(200);
    const off = await app({ METRICS: "off" });
    expect((await off.get("/metrics")).status).toBe(404);
  });
});

describe("X-Request-Id", () => {
  it("keeps a sane id, replaces anything else, and answers with it on every response", async () => {
    const t = await app();
    const kept = await t.call("GET", "/batches", { headers: { "x-request-id": "req-7_a.b:c" } });
    expect(kept.headers["x-request-id"]).toBe("req-7_a.b:c");
    for (const bad of ["x".repeat(129), "a b", "line\\nbreak", ""]) {
      const replaced = await t.call("GET", "/batches", { key: null, headers: { "x-request-id": bad } });
      expect(replaced.status).toBe(401);
      expect(replaced.headers["x-request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
    expect((await t.get("/health")).headers["x-request-id"]).toBeTruthy();
  });
});
