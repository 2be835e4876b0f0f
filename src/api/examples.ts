/**
 * Examples for the OpenAPI document: what /docs shows and what "Try it out" sends, instead of
 * values Swagger UI would generate from the schemas' patterns. Requests are README's Quick Start
 * place; responses are what the service answered for it (captured from a run, ids and times fixed).
 * test/api/openapi.test.ts checks that every example validates against its schema.
 */
import { ATTRIBUTE_SETS, ATTRIBUTES } from "../domain/attributes.js";

export const EXAMPLE_ORG = "demo";
export const EXAMPLE_BATCH_ID = "3f2b8c1e-5d4a-4c1b-9e7f-2a6d8b0c4e13";
const AT = "2026-01-15T10:00:00.000Z";

export const EXAMPLE_INPUTS = {
  name: "Downtown Store",
  full_address: "123 Main St, New York, NY 10001",
  latitude: 40.7128,
  longitude: -74.006,
  phone: "(212) 555-0100",
};

const ATTRIBUTES_REQUESTED = ["websites", "phoneNumbers", "categories"];

export const EXAMPLE_JOB = {
  place_id: "store_001",
  inputs: EXAMPLE_INPUTS,
  attributes: ATTRIBUTES_REQUESTED,
};

export const EXAMPLE_CREATE_BATCH = {
  batch_name: "Q1 Store Locations",
  jobs: [{ place_id: "store_001", inputs: EXAMPLE_INPUTS }],
  attributes: ATTRIBUTES_REQUESTED,
};

/** Re-runs every job of the batch; the default (`failed_only: true`) re-runs only the failed ones. */
export const EXAMPLE_REPROCESS = { failed_only: false };

export const EXAMPLE_RENAME = { batch_name: "Q1 Store Locations (reviewed)" };

/** The answer to EXAMPLE_CREATE_BATCH: the job is queued. */
export const EXAMPLE_BATCH = {
  id: EXAMPLE_BATCH_ID,
  batch_name: "Q1 Store Locations",
  status: "queued",
  jobs: { pending: [], queued: ["store_001"], in_progress: [], completed: [], failed: [] },
  // null unless `?include=metadata` (then: total_jobs, completed_jobs, status_counts, success_rate,
  // attribute_fill_rates, average_fill_rate).
  metadata: null,
  created_at: AT,
  updated_at: AT,
};

export const EXAMPLE_BATCH_LIST = {
  batches: [
    {
      id: EXAMPLE_BATCH_ID,
      batch_name: "Q1 Store Locations",
      status: "completed",
      status_counts: { pending: 0, queued: 0, in_progress: 0, completed: 1, failed: 0 },
      created_at: AT,
      metadata: { total_jobs: 1, completed_jobs: 1, success_rate: 1, updated_at: AT },
    },
  ],
  total: 1,
  limit: 10,
  offset: 0,
};

const attributeMetadata = (evidenceCount: number) => ({
  evidenceCount,
  rejectedCount: 0,
  sources: ["inputs", "nsi"],
  ms: 4.0,
  cached: false,
});

/** The Quick Start place, enriched: the phone is normalized from the input; no website or category evidence. */
export const EXAMPLE_JOB_RESULT = {
  place_id: "store_001",
  status: "completed",
  job_metadata: {
    attribute_status: { websites: "RUN", phoneNumbers: "RUN", categories: "RUN" },
    last_enriched: AT,
    country_code: "US",
    enrichment_metadata: {
      websites: attributeMetadata(0),
      phoneNumbers: attributeMetadata(1),
      categories: attributeMetadata(0),
    },
    attempts: 1,
  },
  // input_type as API.md §2.3 has it (the published Python client discriminates on it).
  inputs: { ...EXAMPLE_INPUTS, id: "store_001", country_code: "US", input_type: "place" },
  outputs: { website: null, phone: "+12125550100", phone_additional: null, categories: null },
  reasoning: {
    website: null,
    phone: "+12125550100 from input phone hint (valid US number); unverified",
    phone_additional: null,
    categories: null,
  },
  confidence_scores: { website: "NONE", phone: "MEDIUM", phone_additional: "NONE", categories: "NONE" },
};

export const EXAMPLE_JOBS_PAGE = { jobs: [EXAMPLE_JOB_RESULT], total: 1, limit: 100, offset: 0 };

export const EXAMPLE_REPROCESSED = {
  status: "success",
  message: "Reprocessing 1 job",
  job_count: 1,
  batch_id: EXAMPLE_BATCH_ID,
};

export const EXAMPLE_REPROCESS_PLACES = { place_ids: ["store_001", "store_404"], refresh: true };

export const EXAMPLE_REPROCESSED_PLACES = {
  status: "success",
  message: "Reprocessing 1 job",
  job_count: 1,
  place_ids: ["store_001"],
  not_found: ["store_404"],
};

export const EXAMPLE_ENQUEUED = { place_id: "store_001", inputs: EXAMPLE_INPUTS, status: "pending" };

export const EXAMPLE_ATTRIBUTES = {
  core: [...ATTRIBUTE_SETS.core],
  all: [...ATTRIBUTE_SETS.all],
  custom: [],
  available: ATTRIBUTES.slice(0, 2).map((a) => ({
    key: a.key,
    fields: [...a.fields],
    sets: Object.entries(ATTRIBUTE_SETS)
      .filter(([, keys]) => (keys as readonly string[]).includes(a.key))
      .map(([name]) => name),
  })),
};

/** One error body per status, as the service words it. */
export const EXAMPLE_ERRORS: Record<number, unknown> = {
  400: { detail: "No jobs found in batch" },
  401: { detail: "Missing API key: send 'Authorization: Bearer <key>'" },
  403: { detail: 'This API key does not belong to organization "demo"' },
  404: { detail: `Batch not found: ${EXAMPLE_BATCH_ID}` },
  408: {
    detail:
      "The request body stalled: nothing arrived for 10 s (BODY_IDLE_TIMEOUT_SECONDS); the connection is closed",
  },
  409: {
    detail: "A request with this Idempotency-Key is still being processed; retry shortly to get its answer",
  },
  413: {
    detail:
      "Request body is too large: the limit is 32 MiB, 33,554,432 bytes (BODY_LIMIT_MB). Split the jobs into several requests with the same batch_id, or raise BODY_LIMIT_MB on the server.",
  },
  415: { detail: 'Unsupported Content-Type "text/csv": request bodies must be application/json (UTF-8).' },
  422: {
    detail: [{ loc: ["body", "jobs", 0, "inputs", "latitude"], msg: "must be number", type: "type_error" }],
  },
  429: { detail: "Rate limit exceeded: 1200 requests per minute of this API key; retry in 12 s" },
  500: { detail: "Internal server error", request_id: "0b6e3c1a-2f4d-4e8b-9a7c-5d1e2f3a4b6c" },
  503: { detail: "Database unavailable, retry shortly" },
};
