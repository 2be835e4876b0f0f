/** Endpoints beyond the guide, operational endpoints, the cache and the failure path. */
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { importReference } from "../../src/reference/importer.js";
import { PostgresReferenceStore } from "../../src/reference/store/postgres/postgres-reference-store.js";
import { SqliteReferenceStore } from "../../src/reference/store/sqlite/sqlite-reference-store.js";
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

    it("does not reuse a reference attribute's result cached before a source was removed or re-imported", async () => {
      t = await open({ store: kind, reference: true, config: { cacheTtlMs: 7 * 86_400_000 } });
      const reference = t.referenceStore();
      const importM = () =>
        importReference(reference, {
          file: fileURLToPath(new URL("../fixtures/reference/fsq-sample.parquet", import.meta.url)),
          source: "m",
          format: "fsq",
          now: t.clock.now(),
        });
      // Joe's Pizza of the fsq sample, found by its name and address; price_tier is no reference attribute.
      const pizza = {
        place_id: "joes",
        inputs: { name: "Joes Pizza", full_address: "7 Carmine St, New York, NY 10014", country_code: "US" },
      };
      let n = 0;
      const run = async () => {
        t.clock.advance(1000);
        const created = await t.call("POST", "/batches", {
          body: {
            batch_name: `run ${++n}`,
            attributes: ["phoneNumbers", "reference_match", "price_tier"],
            jobs: [pizza],
          },
        });
        await t.drain();
        const job = (await t.call("GET", `/jobs?batchId=${created.json.id}`)).json.jobs[0];
        const meta = job.job_metadata.enrichment_metadata;
        return {
          reference_id: job.outputs.reference_id,
          reference_source: job.outputs.reference_source,
          phone: job.outputs.phone,
          cached: [meta.phoneNumbers.cached, meta.reference_match.cached, meta.price_tier.cached],
        };
      };
      const matched = {
        reference_id: "4b0586a3f964a52055ce22e3",
        reference_source: "m",
        phone: "+12123661182",
      };
      const unmatched = { reference_id: null, reference_source: null, phone: null };

      await importM();
      expect(await run()).toEqual({ ...matched, cached: [false, false, false] });
      expect(await run()).toEqual({ ...matched, cached: [true, true, true] });
      // `place-enrich sources remove m`: the reference attributes are computed again, the others reused.
      t.clock.advance(1000);
      expect(await reference.removeSource("m", t.clock.now())).toBe(true);
      expect(await run()).toEqual({ ...unmatched, cached: [false, false, true] });
      // Results cached after the change are reused.
      expect(await run()).toEqual({ ...unmatched, cached: [true, true, true] });
      // A re-import is a change too.
      t.clock.advance(1000);
      await importM();
      expect(await run()).toEqual({ ...matched, cached: [false, false, true] });
      expect(await run()).toEqual({ ...matched, cached: [true, true, true] });
      // POST /enrich reads the cache by the same rule.
      const enrich = async () => {
        const r = await t.call("POST", "/enrich", {
          body: { ...pizza, attributes: ["phoneNumbers", "reference_match"] },
        });
        return [r.json.outputs.reference_id, r.json.job_metadata.enrichment_metadata.reference_match.cached];
      };
      expect(await enrich()).toEqual(["4b0586a3f964a52055ce22e3", true]);
      t.clock.advance(1000);
      expect(await reference.removeSource("m", t.clock.now())).toBe(true);
      t.clock.advance(1000);
      expect(await enrich()).toEqual([null, false]);
    }, 60_000);

    it("reads when the reference changed once per claimed chunk, and the cache at most twice per org", async () => {
      t = await open({ store: kind, reference: true, config: { cacheTtlMs: 7 * 86_400_000 } });
      const reference = t.referenceStore();
      await importReference(reference, {
        file: fileURLToPath(new URL("../fixtures/reference/fsq-sample.parquet", import.meta.url)),
        source: "m",
        format: "fsq",
        now: t.clock.now(),
      });
      const storeKind = kind === "sqlite" ? SqliteReferenceStore : PostgresReferenceStore;
      const changedAt = vi.spyOn(storeKind.prototype, "changedAt");
      const cacheReads = vi.spyOn(t.store, "getCachedResults");
      try {
        const submit = async (attributes: string[]) => {
          t.clock.advance(1000);
          for (const [org, key] of [
            ["acme", t.acme.key],
            ["globex", t.globex.key],
          ] as const)
            await t.call("POST", "/batches", {
              org,
              key,
              body: { batch_name: "b", attributes, jobs: ["a", "b", "c"].map((id) => place(id)) },
            });
          changedAt.mockClear();
          cacheReads.mockClear();
          await t.drain();
        };
        // One chunk of 6 jobs of two orgs; the reference changed after nothing was cached: one read
        // of changedAt, one cache read per org and kind of attribute.
        await submit(["phoneNumbers", "price_tier"]);
        expect(changedAt).toHaveBeenCalledTimes(1);
        expect(cacheReads).toHaveBeenCalledTimes(4);
        // No reference attribute asked for: no read of changedAt, one cache read per org.
        await submit(["price_tier"]);
        expect(changedAt).toHaveBeenCalledTimes(0);
        expect(cacheReads).toHaveBeenCalledTimes(2);
      } finally {
        changedAt.mockRestore();
        cacheReads.mockRestore();
      }
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
