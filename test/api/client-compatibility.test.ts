/**
 * Contract tests for the published Python client (`reprompt` 0.0.9–0.0.12), which must work against
 * this service unchanged (API.md, sections marked "client compatibility"). The client cannot run here,
 * so what it expects is written down as JSON Schemas — from API.md, not from our own response schemas,
 * so that the two can disagree — and real responses of the API are validated against them, on both
 * stores. The client builds its models from a response's keys (`SubmittedPlaceBatchResponse(**body)`,
 * `BatchJob(**item)`, `PlaceJobResult(**body)`), so top-level keys beyond the documented ones are a
 * failure too.
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testEnricherModule } from "../support/enrichment.js";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";

// ---- what the client expects (API.md §2.3–2.5, §3) ----

const JOB_STATUS = { enum: ["pending", "queued", "in_progress", "completed", "failed"] };
const ATTRIBUTE_STATUS = ["RUN", "ERROR", "NOT_RUN", "RUN_CONDITION_FAILED"];
const CONFIDENCE = { enum: ["VERY_HIGH", "HIGH", "MEDIUM", "LOW", "NONE"] };
const TIMESTAMP = { type: "string", format: "date-time", pattern: "Z$" };
const PLACE_IDS = { type: "array", items: { type: "string" } };

/** `metadata`: the client's batch models accept only null there. */
const NULL_METADATA = { type: "null" };

const STATUS_BUCKET = {
  type: "object",
  required: ["total", "ids"],
  additionalProperties: false,
  properties: { total: { type: "integer", minimum: 0 }, ids: PLACE_IDS },
};

/** `?enrichments=`: every status key always present, zero totals included (AttributeStatusEnum). */
const ATTRIBUTE_STATUSES = {
  type: "object",
  additionalProperties: {
    type: "object",
    required: ATTRIBUTE_STATUS,
    additionalProperties: false,
    properties: Object.fromEntries(ATTRIBUTE_STATUS.map((s) => [s, STATUS_BUCKET])),
  },
};

/** SubmittedPlaceBatchResponse (POST /batches) and the batch status (GET, PUT /batches/{id}). */
const BATCH = {
  type: "object",
  required: ["id", "batch_name", "status", "jobs", "metadata", "created_at", "updated_at"],
  additionalProperties: false,
  properties: {
    id: { type: "string" },
    batch_name: { type: "string" },
    status: JOB_STATUS,
    jobs: {
      type: "object",
      required: ["pending", "queued", "in_progress", "completed", "failed"],
      additionalProperties: false,
      properties: {
        pending: PLACE_IDS,
        queued: PLACE_IDS,
        in_progress: PLACE_IDS,
        completed: PLACE_IDS,
        failed: PLACE_IDS,
      },
    },
    metadata: NULL_METADATA,
    attribute_statuses: ATTRIBUTE_STATUSES,
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
  },
};

/** BatchJob: one item of GET /batches. */
const BATCH_LIST = {
  type: "object",
  required: ["batches", "total", "limit", "offset"],
  properties: {
    batches: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "batch_name", "status", "status_counts", "created_at", "metadata"],
        additionalProperties: false,
        properties: {
          id: { type: "string" },
          batch_name: { type: "string" },
          status: JOB_STATUS,
          status_counts: { type: "object", additionalProperties: { type: "integer", minimum: 0 } },
          created_at: TIMESTAMP,
          metadata: NULL_METADATA,
        },
      },
    },
    total: { type: "integer" },
    limit: { type: "integer" },
    offset: { type: "integer" },
  },
};

/** PlaceJobResult (GET /jobs pages, GET /jobs/{place_id}, POST /enrich). */
const PLACE_JOB_RESULT = {
  type: "object",
  required: ["place_id", "status", "job_metadata", "inputs", "outputs", "reasoning", "confidence_scores"],
  additionalProperties: false,
  properties: {
    place_id: { type: "string" },
    status: JOB_STATUS,
    job_metadata: {
      type: "object",
      required: ["attribute_status", "last_enriched", "country_code", "enrichment_metadata"],
      properties: {
        attribute_status: { type: "object", additionalProperties: { enum: ATTRIBUTE_STATUS } },
        last_enriched: { anyOf: [TIMESTAMP, { type: "null" }] },
        country_code: { type: ["string", "null"] },
        enrichment_metadata: { type: "object", additionalProperties: { type: "object" } },
      },
    },
    // The client discriminates `inputs` on input_type and rejects a result without "place".
    inputs: {
      type: "object",
      required: ["input_type", "name"],
      properties: { input_type: { const: "place" }, name: { type: "string" } },
    },
    outputs: { type: "object" },
    reasoning: { type: "object", additionalProperties: { type: ["string", "null"] } },
    confidence_scores: { type: "object", additionalProperties: CONFIDENCE },
  },
};

const JOBS_PAGE = {
  type: "object",
  required: ["jobs", "total", "limit", "offset"],
  properties: {
    jobs: { type: "array", items: PLACE_JOB_RESULT },
    total: { type: "integer" },
    limit: { type: "integer" },
    offset: { type: "integer" },
  },
};

/** A PlaceJobResult of a job that requested `chain`: the client reads confidence_scores.chain. */
const WITH_CHAIN_CONFIDENCE = {
  type: "object",
  required: ["confidence_scores"],
  properties: {
    confidence_scores: { type: "object", required: ["chain"], properties: { chain: CONFIDENCE } },
  },
};

/** POST /jobs/reprocess: the batch reprocess response, with the re-queued and the unknown place_ids. */
const REPROCESS_PLACES = {
  type: "object",
  required: ["status", "message", "job_count", "place_ids", "not_found"],
  additionalProperties: false,
  properties: {
    status: { const: "success" },
    message: { type: "string", minLength: 1 },
    job_count: { type: "integer", minimum: 1 },
    place_ids: PLACE_IDS,
    not_found: PLACE_IDS,
  },
};

/** What `?include=metadata` returns instead of null (our own tools read it). */
const BATCH_STATISTICS = {
  type: "object",
  required: [
    "total_jobs",
    "completed_jobs",
    "status_counts",
    "success_rate",
    "attribute_fill_rates",
    "average_fill_rate",
  ],
  properties: {
    total_jobs: { type: "integer" },
    completed_jobs: { type: "integer" },
    status_counts: { type: "object", additionalProperties: { type: "integer" } },
    success_rate: { type: ["number", "null"] },
    attribute_fill_rates: { type: "object", additionalProperties: { type: "number" } },
    average_fill_rate: { type: ["number", "null"] },
  },
};

const ajv = new Ajv.default({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
const schemas = {
  batch: ajv.compile(BATCH),
  batchList: ajv.compile(BATCH_LIST),
  placeJobResult: ajv.compile(PLACE_JOB_RESULT),
  jobsPage: ajv.compile(JOBS_PAGE),
  withChainConfidence: ajv.compile(WITH_CHAIN_CONFIDENCE),
  reprocessPlaces: ajv.compile(REPROCESS_PLACES),
  batchStatistics: ajv.compile(BATCH_STATISTICS),
};

/** Asserts `body` satisfies the schema, showing Ajv's errors (path and message) when it does not. */
function expectValid(validate: ValidateFunction, body: unknown): void {
  const ok = validate(body);
  expect(
    ok
      ? []
      : (validate.errors ?? []).map(
          (e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`,
        ),
  ).toEqual([]);
}

describe("the schemas", () => {
  it("reject what the client rejects", () => {
    // Guards against schemas too loose to fail: each rejects the response shape the issue reported.
    expect(
      schemas.batch({
        id: "b",
        batch_name: "n",
        status: "queued",
        jobs: { pending: [], queued: [], in_progress: [], completed: [], failed: [] },
        metadata: { total_jobs: 1 },
        created_at: "2024-01-01T00:00:00.000Z",
        updated_at: "2024-01-01T00:00:00.000Z",
      }),
    ).toBe(false);
    expect(
      schemas.placeJobResult({
        place_id: "p",
        status: "completed",
        job_metadata: {
          attribute_status: {},
          last_enriched: null,
          country_code: null,
          enrichment_metadata: {},
        },
        inputs: { name: "x" },
        outputs: {},
        reasoning: {},
        confidence_scores: {},
      }),
    ).toBe(false);
    expect(schemas.batch.errors?.length ?? 0).toBeGreaterThan(0);
  });
});

describe.each(STORE_KINDS)("published Python client compatibility on %s", (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({
      store: kind,
      // A source that throws for places named "Broken…", to reach failed jobs.
      enricher: { enricherModule: testEnricherModule("broken-source.ts") },
      config: { maxAttempts: 1 },
    });
  });
  afterEach(async () => t.close());

  describe("batch metadata is null unless ?include=metadata", () => {
    it("in POST /batches, GET and PUT /batches/{id} and every GET /batches item", async () => {
      const created = await t.call("POST", "/batches", {
        body: { batch_name: "Stores", jobs: [place("a"), place("b")] },
      });
      expect(created.status).toBe(200);
      expectValid(schemas.batch, created.json);
      const id = created.json.id;
      expectValid(schemas.batch, (await t.call("GET", `/batches/${id}`)).json);
      await t.drain();
      const status = await t.call("GET", `/batches/${id}`);
      expectValid(schemas.batch, status.json);
      expect(status.json.status).toBe("completed");
      expectValid(
        schemas.batch,
        (await t.call("PUT", `/batches/${id}`, { body: { batch_name: "Renamed" } })).json,
      );
      const list = await t.call("GET", "/batches?limit=10&offset=0");
      expectValid(schemas.batchList, list.json);
      expect(list.json.batches[0].status_counts).toMatchObject({ completed: 2 });
    });

    it("?include=metadata returns the statistics on all four", async () => {
      const created = await t.call("POST", "/batches?include=metadata", {
        body: { batch_name: "Stores", jobs: [place("a")], attributes: ["websites"] },
      });
      expectValid(schemas.batchStatistics, created.json.metadata);
      await t.drain();
      const id = created.json.id;
      const status = await t.call("GET", `/batches/${id}?include=metadata`);
      expectValid(schemas.batchStatistics, status.json.metadata);
      expect(status.json.metadata).toMatchObject({ total_jobs: 1, completed_jobs: 1, success_rate: 1 });
      const renamed = await t.call("PUT", `/batches/${id}?include=metadata`, { body: { batch_name: "R" } });
      expectValid(schemas.batchStatistics, renamed.json.metadata);
      const list = await t.call("GET", "/batches?include=metadata");
      expect(list.json.batches[0].metadata).toMatchObject({
        total_jobs: 1,
        completed_jobs: 1,
        success_rate: 1,
      });
      const bad = await t.call("GET", `/batches/${id}?include=everything`);
      expect(bad.status).toBe(422);
      expect(bad.json.detail[0].loc).toEqual(["query", "include"]);
    });

    it("is documented in the OpenAPI document", async () => {
      const doc = (await t.app.inject({ url: "/openapi.json" })).json();
      const base = "/v1/{org_slug}/place_enrichment";
      for (const [path, method] of [
        ["/batches", "post"],
        ["/batches", "get"],
        ["/batches/{batch_id}", "get"],
        ["/batches/{batch_id}", "put"],
      ] as const) {
        const include = doc.paths[`${base}${path}`][method].parameters.find(
          (p: { name: string; in: string }) => p.name === "include" && p.in === "query",
        );
        expect(include?.description ?? include?.schema?.description, `${method} ${path}`).toMatch(/metadata/);
      }
    });
  });

  describe("job results carry input_type: place", () => {
    it("pending, completed, failed, synchronous, and whatever input_type the client sent", async () => {
      const created = await t.call("POST", "/batches", {
        body: {
          batch_name: "Results",
          kick_off_jobs_now: false,
          jobs: [place("ok", { input_type: "address" }), place("bad", { name: "Broken place" })],
        },
      });
      const pending = await t.call("GET", `/jobs?batchId=${created.json.id}`);
      expectValid(schemas.jobsPage, pending.json);
      expect(pending.json.jobs.map((j: { status: string }) => j.status)).toEqual(["pending", "pending"]);
      await t.call("POST", `/batches/${created.json.id}/reprocess`, { body: { failed_only: false } });
      await t.drain({ skipBackoff: true });
      const done = await t.call("GET", `/jobs?batchId=${created.json.id}&limit=1000&offset=0`);
      expectValid(schemas.jobsPage, done.json);
      expect(done.json.jobs.map((j: { status: string }) => j.status)).toEqual(["completed", "failed"]);
      expectValid(schemas.placeJobResult, (await t.call("GET", "/jobs/ok")).json);
      expectValid(schemas.placeJobResult, (await t.call("GET", "/jobs/bad")).json);
      const sync = await t.call("POST", "/enrich", { body: place("sync") });
      expect(sync.status).toBe(200);
      expectValid(schemas.placeJobResult, sync.json);
    });
  });

  describe("?enrichments= attribute_statuses", () => {
    it("always has RUN, ERROR, NOT_RUN and RUN_CONDITION_FAILED, each {total, ids}", async () => {
      const created = await t.call("POST", "/batches", {
        body: {
          batch_name: "Statuses",
          attributes: ["websites", "coordinates", "menu"],
          jobs: [
            place("a"),
            { place_id: "b", inputs: { name: "No coordinates", full_address: "1 Main St, Springfield" } },
          ],
        },
      });
      const id = created.json.id;
      const before = await t.call("GET", `/batches/${id}?enrichments=websites,menu`);
      expectValid(schemas.batch, before.json);
      expect(before.json.attribute_statuses.websites).toEqual({
        RUN: { total: 0, ids: [] },
        ERROR: { total: 0, ids: [] },
        NOT_RUN: { total: 2, ids: ["a", "b"] },
        RUN_CONDITION_FAILED: { total: 0, ids: [] },
      });
      await t.drain();
      const after = await t.call("GET", `/batches/${id}?enrichments=websites,coordinates,menu,chain`);
      expectValid(schemas.batch, after.json);
      const statuses = after.json.attribute_statuses;
      expect(statuses.websites.RUN).toEqual({ total: 2, ids: ["a", "b"] });
      expect(statuses.coordinates.RUN).toEqual({ total: 1, ids: ["a"] });
      expect(statuses.coordinates.RUN_CONDITION_FAILED).toEqual({ total: 1, ids: ["b"] });
      expect(statuses.menu.NOT_RUN).toEqual({ total: 2, ids: ["a", "b"] });
      expect(statuses.menu.RUN.total).toBe(0);
      // Nobody asked for chain: present, all four empty.
      expect(Object.values(statuses.chain).map((b) => (b as { total: number }).total)).toEqual([0, 0, 0, 0]);
      expect((await t.call("GET", `/batches/${id}?enrichments=websites,bogus`)).status).toBe(422);
    });
  });

  describe("confidence_scores carries the attribute-level key chain", () => {
    it("for jobs that requested chain, pending or completed", async () => {
      const created = await t.call("POST", "/batches", {
        body: {
          batch_name: "Chains",
          attributes: ["chain", "websites"],
          jobs: [place("sb", { name: "Starbucks" }), place("indie", { name: "Corner Bakery of Nowhere" })],
        },
      });
      const pending = (await t.call("GET", `/jobs?batchId=${created.json.id}`)).json.jobs;
      for (const job of pending) expectValid(schemas.withChainConfidence, job);
      await t.drain();
      const [sb, indie] = (await t.call("GET", `/jobs?batchId=${created.json.id}`)).json.jobs;
      for (const job of [sb, indie]) {
        expectValid(schemas.placeJobResult, job);
        expectValid(schemas.withChainConfidence, job);
      }
      expect(sb.outputs.chain_name).toBe("Starbucks");
      expect(sb.confidence_scores.chain).toBe(sb.confidence_scores.chain_name);
      expect(sb.confidence_scores.chain).not.toBe("NONE");
      expect(indie.confidence_scores.chain).toBe("NONE");
      const noChain = await t.call("POST", "/enrich", { body: { ...place("x"), attributes: ["websites"] } });
      expect(noChain.json.confidence_scores).not.toHaveProperty("chain");
    });
  });

  describe("POST /jobs/reprocess", () => {
    it("re-queues the org's latest job of each place_id and lists unknown ids", async () => {
      const created = await t.call("POST", "/batches", {
        body: { batch_name: "B", jobs: [place("a"), place("b")], attributes: ["websites"] },
      });
      await t.call("POST", "/jobs", { body: place("solo") });
      await t.drain();
      const r = await t.call("POST", "/jobs/reprocess", {
        body: { place_ids: ["a", "solo", "ghost"], attributes: ["names", "menu"], refresh: true },
      });
      expect(r.status).toBe(200);
      expectValid(schemas.reprocessPlaces, r.json);
      expect(r.json).toMatchObject({ job_count: 2, place_ids: ["a", "solo"], not_found: ["ghost"] });
      const status = await t.call("GET", `/batches/${created.json.id}`);
      expect(status.json.jobs).toMatchObject({ queued: ["a"], completed: ["b"] });
      await t.drain();
      for (const id of ["a", "solo"]) {
        const job = (await t.call("GET", `/jobs/${id}`)).json;
        expectValid(schemas.placeJobResult, job);
        expect(job.status).toBe("completed");
        expect(job.job_metadata.attribute_status).toEqual({ names: "RUN", menu: "NOT_RUN" });
      }
      expect((await t.call("GET", "/jobs/b")).json.job_metadata.attribute_status).toEqual({
        websites: "RUN",
      });
    });

    it("400 when no place_id has a job, including another org's; 422 without place_ids", async () => {
      await t.call("POST", "/batches", { body: { batch_name: "B", jobs: [place("a")] } });
      await t.drain();
      const none = await t.call("POST", "/jobs/reprocess", { body: { place_ids: ["ghost"] } });
      expect(none.status).toBe(400);
      expect(typeof none.json.detail).toBe("string");
      const theirs = await t.call("POST", "/jobs/reprocess", {
        org: "globex",
        key: t.globex.key,
        body: { place_ids: ["a"] },
      });
      expect(theirs.status).toBe(400);
      expect((await t.call("GET", "/jobs/a")).json.status).toBe("completed");
      expect((await t.call("POST", "/jobs/reprocess", { body: { place_ids: [] } })).status).toBe(422);
      expect((await t.call("POST", "/jobs/reprocess", { body: {} })).status).toBe(422);
    });
  });

  describe("prefilled_data and eval", () => {
    it("prefilled values are client-supplied evidence, cited and capped like input hints", async () => {
      const created = await t.call("POST", "/batches", {
        body: {
          batch_name: "Prefilled",
          eval: true,
          attributes: ["phoneNumbers", "websites"],
          jobs: [
            {
              ...place("a"),
              prefilled_data: {
                phoneNumbers: { phone: "(212) 555-0100" },
                websites: { website: "https://a-store.example.com/" },
                menu: { menu: ["pizza"] },
              },
            },
          ],
        },
      });
      expect(created.status).toBe(200);
      await t.drain();
      const job = (await t.call("GET", "/jobs/a")).json;
      expectValid(schemas.placeJobResult, job);
      expect(job.outputs.phone).toBe("+12125550100");
      expect(job.confidence_scores.phone).toBe("MEDIUM");
      expect(job.reasoning.phone).toMatch(/client-prefilled value/);
      expect(job.reasoning.phone).toMatch(/unverified/);
      const sync = await t.call("POST", "/enrich", {
        body: {
          ...place("s"),
          attributes: ["phoneNumbers"],
          prefilled_data: { phoneNumbers: { phone: "+12125550199" } },
        },
      });
      expect(sync.json.outputs.phone).toBe("+12125550199");
    });

    it("an unknown attribute key or a non-object value is a 422 at its place; nothing is stored", async () => {
      const unknown = await t.call("POST", "/batches", {
        body: {
          batch_name: "Bad",
          jobs: [place("a"), { ...place("b"), prefilled_data: { bogus: { x: 1 } } }],
        },
      });
      expect(unknown.status).toBe(422);
      expect(unknown.json.detail).toEqual([
        expect.objectContaining({ loc: ["body", "jobs", 1, "prefilled_data", "bogus"] }),
      ]);
      const notObject = await t.call("POST", "/batches", {
        body: {
          batch_name: "Bad",
          jobs: [{ ...place("a"), prefilled_data: { websites: "https://x.example" } }],
        },
      });
      expect(notObject.status).toBe(422);
      expect(notObject.json.detail).toContainEqual(
        expect.objectContaining({ loc: ["body", "jobs", 0, "prefilled_data", "websites"] }),
      );
      const single = await t.call("POST", "/jobs", {
        body: { ...place("s"), prefilled_data: { bogus: {} } },
      });
      expect(single.status).toBe(422);
      expect(single.json.detail[0].loc).toEqual(["body", "prefilled_data", "bogus"]);
      expect((await t.call("GET", "/jobs")).json.total).toBe(0);
    });
  });

  describe("attribute keys the public API defines but this deployment cannot enrich", () => {
    it("are accepted, reported NOT_RUN with a reason, absent from GET /attributes and fill rates", async () => {
      const created = await t.call("POST", "/batches?include=metadata", {
        body: {
          batch_name: "Public keys",
          attributes: ["websites", "menu", "naics", "place_existence", "placekey", "user_reviews"],
          jobs: [place("a")],
        },
      });
      expect(created.status).toBe(200);
      await t.drain();
      const job = (await t.call("GET", "/jobs/a")).json;
      expectValid(schemas.placeJobResult, job);
      expect(job.job_metadata.attribute_status).toEqual({
        websites: "RUN",
        place_existence: "NOT_RUN",
        naics: "NOT_RUN",
        placekey: "NOT_RUN",
        user_reviews: "NOT_RUN",
        menu: "NOT_RUN",
      });
      expect(job.job_metadata.enrichment_metadata.menu.reason).toMatch(/not enriched by this deployment/);
      expect(Object.keys(job.outputs)).toEqual(["website"]);
      const status = await t.call("GET", `/batches/${created.json.id}?include=metadata`);
      expect(Object.keys(status.json.metadata.attribute_fill_rates)).toEqual(["websites"]);
      const attributes = (await t.call("GET", "/attributes")).json;
      const listed = [
        ...attributes.core,
        ...attributes.all,
        ...attributes.custom,
        ...attributes.available.map((a: { key: string }) => a.key),
      ];
      for (const key of ["menu", "naics", "place_existence", "placekey", "user_reviews"]) {
        expect(listed).not.toContain(key);
      }
    });

    it("a key nobody defines stays a 422 pointing at it", async () => {
      const r = await t.call("POST", "/batches", {
        body: { batch_name: "Bad", attributes: ["websites", "menus"], jobs: [place("a")] },
      });
      expect(r.status).toBe(422);
      expect(r.json.detail[0].loc).toEqual(["body", "attributes", 1]);
      expect((await t.call("GET", "/batches")).json.total).toBe(0);
    });
  });
});
