/** The guide's flow through inject(): create → poll → results → reprocess → list, and its rules. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CORE_ATTRIBUTES } from "../../src/domain/attributes.js";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";

describe.each(STORE_KINDS)("on %s", (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ store: kind });
  });
  afterEach(async () => t.close());

  const quickStart = {
    batch_name: "Q1 Store Locations",
    jobs: [
      {
        place_id: "store_001",
        inputs: {
          name: "Downtown Store",
          full_address: "123 Main St, New York, NY 10001",
          latitude: 40.7128,
          longitude: -74.006,
        },
      },
    ],
    attributes: ["websites", "phoneNumbers", "categories"],
  };

  describe("create batch", () => {
    it("returns the batch with all five job arrays, queued jobs and timestamps", async () => {
      const r = await t.call("POST", "/batches", { body: quickStart });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        id: "batch-1",
        batch_name: "Q1 Store Locations",
        status: "queued",
        jobs: { pending: [], queued: ["store_001"], in_progress: [], completed: [], failed: [] },
        metadata: null,
      });
      expect(r.json.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const withMetadata = await t.call("POST", "/batches?include=metadata", {
        body: { ...quickStart, batch_name: "With statistics" },
      });
      expect(withMetadata.json.metadata).toMatchObject({
        total_jobs: 1,
        completed_jobs: 0,
        success_rate: null,
      });
    });

    it("kick_off_jobs_now=false keeps jobs pending until a reprocess", async () => {
      const r = await t.call("POST", "/batches", { body: { ...quickStart, kick_off_jobs_now: false } });
      expect(r.json.status).toBe("pending");
      expect(r.json.jobs.pending).toEqual(["store_001"]);
      expect(await t.pool.runOnce()).toBe(false);
      const re = await t.call("POST", `/batches/${r.json.id}/reprocess`, { body: { failed_only: false } });
      expect(re.status).toBe(200);
      expect(re.json).toEqual({
        status: "success",
        message: "Reprocessing 1 job",
        job_count: 1,
        batch_id: r.json.id,
      });
      await t.drain();
      const status = await t.call("GET", `/batches/${r.json.id}`);
      expect(status.json.status).toBe("completed");
    });

    it("a given new batch_id creates the batch with that id; the same id appends", async () => {
      const first = await t.call("POST", "/batches", {
        body: { batch_name: "Stores", batch_id: "my-batch", jobs: [place("a"), place("b")] },
      });
      expect(first.json.id).toBe("my-batch");
      await t.drain();
      const second = await t.call("POST", "/batches", {
        body: {
          batch_name: "Ignored name",
          batch_id: "my-batch",
          jobs: [place("b", { name: "B renamed" }), place("c")],
        },
      });
      expect(second.status).toBe(200);
      expect(second.json.batch_name).toBe("Stores");
      expect(second.json.jobs.completed).toEqual(["a"]);
      expect(second.json.jobs.queued).toEqual(["b", "c"]);
      const results = await t.call("GET", "/jobs?batchId=my-batch");
      expect(results.json.jobs.map((j: { place_id: string }) => j.place_id)).toEqual(["a", "b", "c"]);
      expect(results.json.jobs[1].inputs.name).toBe("B renamed");
    });

    it("another org may use the same batch_id without seeing the first", async () => {
      await t.call("POST", "/batches", { body: { batch_name: "A", batch_id: "shared", jobs: [place("a")] } });
      const b = await t.call("POST", "/batches", {
        org: "globex",
        key: t.globex.key,
        body: { batch_name: "B", batch_id: "shared", jobs: [place("x")] },
      });
      expect(b.status).toBe(200);
      expect(b.json.batch_name).toBe("B");
      expect(b.json.jobs.queued).toEqual(["x"]);
    });

    it("attributes: job-level wins, batch-level is the default, neither means core", async () => {
      const r = await t.call("POST", "/batches", {
        body: {
          batch_name: "Attrs",
          attributes: ["websites"],
          jobs: [place("batch-level"), { ...place("job-level"), attribute_set: "open_closed" }],
        },
      });
      const none = await t.call("POST", "/batches", { body: { batch_name: "Core", jobs: [place("core")] } });
      await t.drain();
      const jobs = (await t.call("GET", `/jobs?batchId=${r.json.id}`)).json.jobs;
      expect(Object.keys(jobs[0].job_metadata.attribute_status)).toEqual(["websites"]);
      expect(Object.keys(jobs[1].job_metadata.attribute_status)).toEqual(["closed_permanently"]);
      const core = (await t.call("GET", `/jobs?batchId=${none.json.id}`)).json.jobs[0];
      expect(Object.keys(core.job_metadata.attribute_status)).toEqual([...CORE_ATTRIBUTES]);
    });
  });

  describe("status, results and reprocess", () => {
    it("runs the whole flow and renders results per API.md §2.3", async () => {
      const created = await t.call("POST", "/batches", { body: quickStart });
      await t.drain();
      const status = await t.call("GET", `/batches/${created.json.id}?include=metadata`);
      expect(status.json).toMatchObject({
        status: "completed",
        jobs: { completed: ["store_001"], pending: [], queued: [], in_progress: [], failed: [] },
        metadata: { total_jobs: 1, completed_jobs: 1, success_rate: 1 },
      });
      expect(Object.keys(status.json.metadata.attribute_fill_rates).sort()).toEqual(
        ["categories", "phoneNumbers", "websites"].sort(),
      );
      const results = await t.call("GET", `/jobs?batchId=${created.json.id}&limit=10&offset=0`);
      expect(results.json).toMatchObject({ total: 1, limit: 10, offset: 0 });
      const job = results.json.jobs[0];
      expect(job.status).toBe("completed");
      expect(job.job_metadata.attribute_status).toEqual({
        websites: "RUN",
        phoneNumbers: "RUN",
        categories: "RUN",
      });
      expect(job.job_metadata.country_code).toBe("US");
      expect(job.job_metadata.last_enriched).toMatch(/Z$/);
      expect(Object.keys(job.outputs).sort()).toEqual(["categories", "phone", "phone_additional", "website"]);
      // No phone or website hint: nothing invented.
      expect(job.outputs.phone).toBeNull();
      expect(job.outputs.website).toBeNull();
      expect(job.confidence_scores.phone).toBe("NONE");
      expect(job.inputs).toMatchObject({ name: "Downtown Store", id: "store_001", country_code: "US" });
    });

    it("pages results in submission order, stable across pages", async () => {
      const ids = Array.from({ length: 25 }, (_, i) => `p${String(24 - i).padStart(2, "0")}`);
      const created = await t.call("POST", "/batches", {
        body: { batch_name: "Paging", jobs: ids.map((id) => place(id)) },
      });
      const seen: string[] = [];
      for (let offset = 0; ; offset += 10) {
        const page = await t.call("GET", `/jobs?batchId=${created.json.id}&limit=10&offset=${offset}`);
        expect(page.json.total).toBe(25);
        seen.push(...page.json.jobs.map((j: { place_id: string }) => j.place_id));
        if (offset + page.json.jobs.length >= page.json.total) break;
      }
      expect(seen).toEqual(ids);
      const defaults = await t.call("GET", `/jobs?batchId=${created.json.id}`);
      expect(defaults.json.limit).toBe(10_000);
      expect(defaults.json.offset).toBe(0);
    });

    it("unprocessed jobs show every requested field as null with NONE and NOT_RUN", async () => {
      const created = await t.call("POST", "/batches", { body: { ...quickStart, kick_off_jobs_now: false } });
      const job = (await t.call("GET", `/jobs?batchId=${created.json.id}`)).json.jobs[0];
      expect(job.status).toBe("pending");
      expect(job.outputs).toEqual({ website: null, phone: null, phone_additional: null, categories: null });
      expect(job.confidence_scores.website).toBe("NONE");
      expect(job.job_metadata.attribute_status.websites).toBe("NOT_RUN");
    });

    it("reprocess defaults to failed jobs only: none failed → 400 No jobs found in batch", async () => {
      const created = await t.call("POST", "/batches", { body: quickStart });
      await t.drain();
      const r = await t.call("POST", `/batches/${created.json.id}/reprocess`, { body: {} });
      expect(r.status).toBe(400);
      expect(r.json.detail).toBe("No jobs found in batch");
    });

    it("reprocess incomplete_only picks pending/queued jobs; both false picks all; attributes override", async () => {
      const created = await t.call("POST", "/batches", {
        body: { batch_name: "R", jobs: [place("a"), place("b")], kick_off_jobs_now: false },
      });
      const incomplete = await t.call("POST", `/batches/${created.json.id}/reprocess`, {
        body: { incomplete_only: true },
      });
      expect(incomplete.json.job_count).toBe(2);
      await t.drain();
      const all = await t.call("POST", `/batches/${created.json.id}/reprocess`, {
        body: { failed_only: false, incomplete_only: false, attributes: ["names"] },
      });
      expect(all.json.job_count).toBe(2);
      expect((await t.call("GET", `/batches/${created.json.id}`)).json.status).toBe("queued");
      await t.drain();
      const jobs = (await t.call("GET", `/jobs?batchId=${created.json.id}`)).json.jobs;
      expect(Object.keys(jobs[0].job_metadata.attribute_status)).toEqual(["names"]);
      expect(jobs[0].outputs.name).toBe("Place a");
      // An empty list names no attribute: each job keeps its previous ones (not the core set).
      const empty = await t.call("POST", `/batches/${created.json.id}/reprocess`, {
        body: { failed_only: false, attributes: [] },
      });
      expect(empty.json.job_count).toBe(2);
      await t.drain();
      const after = (await t.call("GET", `/jobs?batchId=${created.json.id}`)).json.jobs;
      expect(Object.keys(after[0].job_metadata.attribute_status)).toEqual(["names"]);
      const byPlace = await t.call("POST", "/jobs/reprocess", { body: { place_ids: ["a"], attributes: [] } });
      expect(byPlace.status).toBe(200);
      await t.drain();
      const a = (await t.call("GET", "/jobs/a")).json;
      expect(Object.keys(a.job_metadata.attribute_status)).toEqual(["names"]);
    });

    it("?enrichments= adds attribute_statuses with ids per status", async () => {
      const created = await t.call("POST", "/batches", {
        body: { batch_name: "E", jobs: [place("a"), place("b")], attributes: ["websites", "coordinates"] },
      });
      await t.drain();
      const r = await t.call("GET", `/batches/${created.json.id}?enrichments=websites,coordinates`);
      expect(r.json.attribute_statuses.websites.RUN).toEqual({ total: 2, ids: ["a", "b"] });
      expect(r.json.attribute_statuses.coordinates.RUN.total).toBe(2);
      const bad = await t.call("GET", `/batches/${created.json.id}?enrichments=bogus`);
      expect(bad.status).toBe(422);
      expect(bad.json.detail[0].msg).toBe('Unknown attribute "bogus"');
      // An output field's name, or a key in other case: the 422 says which key was meant.
      const meant = await t.call("GET", `/batches/${created.json.id}?enrichments=website,PhoneNumbers,phone`);
      expect(meant.status).toBe(422);
      expect(meant.json.detail.map((d: { msg: string }) => d.msg.split("?")[0])).toEqual([
        'Unknown attribute "website": did you mean "websites"',
        'Unknown attribute "PhoneNumbers": did you mean "phoneNumbers"',
        'Unknown attribute "phone": did you mean "phoneNumbers"',
      ]);
      expect(meant.json.detail[0].msg).toContain("its output fields are website");
      const cased = await t.call("GET", `/batches/${created.json.id}?enrichments=Menu`);
      expect(cased.json.detail[0].msg).toBe(
        'Unknown attribute "Menu": did you mean "menu"? (the attribute key)',
      );
    });
  });

  describe("list, rename, delete", () => {
    it("lists newest first with paging, counts and a case-insensitive query", async () => {
      for (const name of ["Alpha stores", "Beta depots", "ALPHA outlets"]) {
        await t.call("POST", "/batches", { body: { batch_name: name, jobs: [place("a")] } });
        t.clock.advance(1000);
      }
      const all = await t.call("GET", "/batches");
      expect(all.json).toMatchObject({ total: 3, limit: 10, offset: 0 });
      expect(all.json.batches.map((b: { batch_name: string }) => b.batch_name)).toEqual([
        "ALPHA outlets",
        "Beta depots",
        "Alpha stores",
      ]);
      expect(all.json.batches[0]).toMatchObject({
        status: "queued",
        status_counts: { queued: 1, pending: 0, in_progress: 0, completed: 0, failed: 0 },
      });
      const alpha = await t.call("GET", "/batches?query=alpha&limit=1&offset=1");
      expect(alpha.json.total).toBe(2);
      expect(alpha.json.batches.map((b: { batch_name: string }) => b.batch_name)).toEqual(["Alpha stores"]);
      const none = await t.call("GET", "/batches", { org: "globex", key: t.globex.key });
      expect(none.json.total).toBe(0);
    });

    it("renames and deletes a batch with its jobs", async () => {
      const created = await t.call("POST", "/batches", { body: quickStart });
      const renamed = await t.call("PUT", `/batches/${created.json.id}`, { body: { batch_name: "Renamed" } });
      expect(renamed.json.batch_name).toBe("Renamed");
      const deleted = await t.call("DELETE", `/batches/${created.json.id}`);
      expect(deleted.status).toBe(204);
      expect((await t.call("GET", `/batches/${created.json.id}`)).status).toBe(404);
      expect((await t.call("GET", "/jobs")).json.total).toBe(0);
    });
  });

  describe("organization isolation", () => {
    it("another org cannot read, reprocess, rename or delete a batch, nor see its jobs", async () => {
      const created = await t.call("POST", "/batches", { body: quickStart });
      const id = created.json.id;
      const as = { org: "globex", key: t.globex.key };
      expect((await t.call("GET", `/batches/${id}`, as)).status).toBe(404);
      expect((await t.call("GET", `/jobs?batchId=${id}`, as)).status).toBe(404);
      expect(
        (await t.call("POST", `/batches/${id}/reprocess`, { ...as, body: { failed_only: false } })).status,
      ).toBe(404);
      expect((await t.call("PUT", `/batches/${id}`, { ...as, body: { batch_name: "x" } })).status).toBe(404);
      expect((await t.call("DELETE", `/batches/${id}`, as)).status).toBe(404);
      expect((await t.call("GET", "/jobs", as)).json.total).toBe(0);
      expect((await t.call("GET", "/jobs/store_001", as)).status).toBe(404);
      expect((await t.call("GET", `/batches/${id}`)).status).toBe(200);
    });
  });
});
