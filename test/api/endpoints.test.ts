/** Endpoints beyond the guide, operational endpoints, the cache and the failure path. */
import { afterEach, describe, expect, it } from "vitest";
import { testEnricherModule } from "../support/enrichment.js";
import { createTestApp, place, STORE_KINDS, type TestApp, type TestAppOptions } from "../support/test-app.js";

describe.each(STORE_KINDS)("on %s", (kind) => {
  let t: TestApp;
  // Every app a test opens is closed (and its database dropped) after it, whatever the outcome.
  const opened: TestApp[] = [];
  afterEach(async () => {
    const closed = await Promise.allSettled(opened.splice(0).map((app) => app.close()));
    for (const c of closed) if (c.status === "rejected") throw c.reason;
  });
  async function open(options: TestAppOptions): Promise<TestApp> {
    const app = await createTestApp(options);
    opened.push(app);
    return app;
  }

  describe("single jobs and synchronous enrichment", () => {
    it("POST /enrich returns a PlaceJobResult at once, storing no job", async () => {
      t = await open({ store: kind });
      const r = await t.call("POST", "/enrich", {
        body: {
          place_id: "sync-1",
          inputs: { name: "Corner Cafe", phone: "(212) 555-0123", latitude: 40.75, longitude: -73.99 },
          attributes: ["phoneNumbers", "names"],
        },
      });
      expect(r.status).toBe(200);
      expect(r.json.status).toBe("completed");
      expect(r.json.outputs.phone).toBe("+12125550123");
      expect(r.json.confidence_scores.phone).toBe("MEDIUM");
      expect(r.json.reasoning.phone).toMatch(/input/i);
      expect(r.json.outputs.name).toBe("Corner Cafe");
      expect((await t.call("GET", "/jobs")).json.total).toBe(0);
    });

    it("POST /enrich validates like batches", async () => {
      t = await open({ store: kind });
      const r = await t.call("POST", "/enrich", { body: { place_id: "x", inputs: { name: "No locator" } } });
      expect(r.status).toBe(422);
      expect(r.json.detail[0].loc).toEqual(["body", "inputs"]);
    });

    it("POST /jobs enqueues outside batches; GET and DELETE /jobs/{place_id}", async () => {
      t = await open({ store: kind });
      const r = await t.call("POST", "/jobs", { body: place("solo", { phone: "+44 20 7946 0958" }) });
      expect(r.status).toBe(202);
      expect(r.json).toMatchObject({ place_id: "solo", status: "pending" });
      await t.call("POST", "/batches", { body: { batch_name: "B", jobs: [place("in-batch")] } });
      await t.drain();
      const got = await t.call("GET", "/jobs/solo");
      expect(got.json.status).toBe("completed");
      expect(got.json.outputs.phone).toBe("+442079460958");
      const outside = await t.call("GET", "/jobs?excludeBatches=true");
      expect(outside.json.jobs.map((j: { place_id: string }) => j.place_id)).toEqual(["solo"]);
      expect((await t.call("GET", "/jobs")).json.total).toBe(2);
      expect((await t.call("DELETE", "/jobs/solo")).status).toBe(204);
      expect((await t.call("GET", "/jobs/solo")).status).toBe(404);
      expect((await t.call("DELETE", "/jobs/solo")).status).toBe(404);
    });

    it("GET /attributes lists the sets and every attribute", async () => {
      t = await open({ store: kind });
      const r = await t.call("GET", "/attributes");
      expect(r.json.core).toEqual([
        "closed_permanently",
        "websites",
        "phoneNumbers",
        "openingHours",
        "names",
        "address",
        "categories",
      ]);
      expect(r.json.all).toEqual(r.json.core);
      expect(r.json.custom).toEqual([]);
      expect(r.json.available).toHaveLength(16);
      // The reference-data attributes are listed, in no set.
      const listed = r.json.available as Array<{ key: string; sets: string[] }>;
      for (const key of ["overture_place", "foursquare_place", "reference_match"])
        expect(listed.find((a) => a.key === key)?.sets).toEqual([]);
    });
  });

  describe("operational endpoints", () => {
    it("/health and /ready answer without a key", async () => {
      t = await open({ store: kind });
      expect((await t.app.inject({ url: "/health" })).json()).toEqual({ status: "ok" });
      const ready = await t.app.inject({ url: "/ready" });
      expect(ready.statusCode).toBe(200);
    });

    it("/ready is 503 when the database is closed", async () => {
      t = await open({ store: kind });
      await t.store.close();
      const ready = await t.app.inject({ url: "/ready" });
      expect(ready.statusCode).toBe(503);
    });

    it("an unexpected failure is a 500 with a request id and no stack trace", async () => {
      t = await open({ store: kind });
      await t.store.close();
      const r = await t.call("GET", "/batches");
      expect(r.status).toBe(500);
      expect(r.json.detail).toBe("Internal server error");
      expect(r.json.request_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.body).not.toMatch(/\bat \S+\.(ts|js):\d+/);
    });

    it("/openapi.json is OpenAPI 3.1 with every endpoint; /docs renders it", async () => {
      t = await open({ store: kind });
      const doc = (await t.app.inject({ url: "/openapi.json" })).json();
      expect(doc.openapi).toBe("3.1.0");
      const paths = Object.keys(doc.paths);
      for (const p of [
        "/v1/{org_slug}/place_enrichment/batches",
        "/v1/{org_slug}/place_enrichment/batches/{batch_id}",
        "/v1/{org_slug}/place_enrichment/batches/{batch_id}/reprocess",
        "/v1/{org_slug}/place_enrichment/jobs",
        "/v1/{org_slug}/place_enrichment/jobs/{place_id}",
        "/v1/{org_slug}/place_enrichment/enrich",
        "/v1/{org_slug}/place_enrichment/attributes",
        "/health",
        "/ready",
      ]) {
        expect(paths).toContain(p);
      }
      const docs = await t.app.inject({ url: "/docs/" });
      expect(docs.statusCode).toBe(200);
      expect(docs.body).toMatch(/swagger/i);
    });
  });

  describe("cache", () => {
    it("reuses a result for the same normalized inputs within the TTL; refresh bypasses it", async () => {
      t = await open({ store: kind, config: { cacheTtlMs: 60_000 } });
      const body = (id: string, extra: Record<string, unknown> = {}) => ({
        batch_name: id,
        attributes: ["phoneNumbers"],
        jobs: [{ ...place("p", { name: "Same  Place", phone: "212-555-0100" }), ...extra }],
      });
      const first = await t.call("POST", "/batches", { body: body("first") });
      await t.drain();
      const second = await t.call("POST", "/batches", { body: body("second") });
      await t.drain();
      const meta = async (id: string) =>
        (await t.call("GET", `/jobs?batchId=${id}`)).json.jobs[0].job_metadata.enrichment_metadata
          .phoneNumbers;
      expect((await meta(first.json.id)).cached).toBe(false);
      expect((await meta(second.json.id)).cached).toBe(true);
      const refreshed = await t.call("POST", "/batches", { body: body("third", { refresh: true }) });
      await t.drain();
      expect((await meta(refreshed.json.id)).cached).toBe(false);
      t.clock.advance(61_000);
      const expired = await t.call("POST", "/batches", { body: body("fourth") });
      await t.drain();
      expect((await meta(expired.json.id)).cached).toBe(false);
      // Another organization never reads acme's cache.
      const other = await t.call("POST", "/batches", {
        org: "globex",
        key: t.globex.key,
        body: body("globex"),
      });
      await t.drain();
      const otherMeta = (
        await t.call("GET", `/jobs?batchId=${other.json.id}`, { org: "globex", key: t.globex.key })
      ).json.jobs[0].job_metadata.enrichment_metadata.phoneNumbers;
      expect(otherMeta.cached).toBe(false);
    });
  });

  describe("failures and retries", () => {
    it("retries with backoff, then marks the job failed with its error; the batch fails past the threshold", async () => {
      t = await open({
        store: kind,
        enricher: { enricherModule: testEnricherModule("broken-source.ts") },
        config: { maxAttempts: 3 },
      });
      const created = await t.call("POST", "/batches", {
        body: {
          batch_name: "Failing",
          attributes: ["names"],
          jobs: [place("ok"), place("bad1", { name: "Broken one" }), place("bad2", { name: "Broken two" })],
        },
      });
      await t.pool.runOnce();
      let status = await t.call("GET", `/batches/${created.json.id}`);
      // First attempt failed: back to queued with a backoff, not yet failed.
      expect(status.json.jobs.queued).toEqual(["bad1", "bad2"]);
      expect(status.json.jobs.completed).toEqual(["ok"]);
      expect(status.json.status).toBe("in_progress");
      expect(await t.pool.runOnce()).toBe(false); // backoff not over
      await t.drain({ skipBackoff: true });
      status = await t.call("GET", `/batches/${created.json.id}?include=metadata`);
      expect(status.json.jobs.failed).toEqual(["bad1", "bad2"]);
      expect(status.json.status).toBe("failed");
      expect(status.json.metadata.success_rate).toBeCloseTo(1 / 3);
      const bad = (await t.call("GET", "/jobs/bad1")).json;
      expect(bad.status).toBe("failed");
      expect(bad.job_metadata.error).toMatch(/fail|unavailable/);
      expect(bad.job_metadata.attribute_status.names).toBe("ERROR");
      const reprocess = await t.call("POST", `/batches/${created.json.id}/reprocess`, { body: {} });
      expect(reprocess.json.job_count).toBe(2);
    });
  });
});
