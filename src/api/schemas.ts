/**
 * TypeBox schemas of the wire format (API.md §2). They validate requests, serialize responses and
 * generate the OpenAPI document, so the three can't drift apart.
 */
import { type TSchema, type TUnsafe, Type } from "typebox";
import {
  ATTRIBUTE_SET_NAMES,
  ATTRIBUTE_STATUSES,
  CONFIDENCE_LEVELS,
  REQUESTABLE_ATTRIBUTE_KEYS,
} from "../domain/attributes.js";
import { JOB_STATUSES } from "../domain/job-status.js";
import { INPUT_LIMITS } from "../domain/place.js";
import {
  EXAMPLE_ATTRIBUTES,
  EXAMPLE_BATCH,
  EXAMPLE_BATCH_ID,
  EXAMPLE_BATCH_LIST,
  EXAMPLE_CREATE_BATCH,
  EXAMPLE_ENQUEUED,
  EXAMPLE_ERRORS,
  EXAMPLE_JOB,
  EXAMPLE_JOB_RESULT,
  EXAMPLE_JOBS_PAGE,
  EXAMPLE_ORG,
  EXAMPLE_RENAME,
  EXAMPLE_REPROCESS,
  EXAMPLE_REPROCESS_PLACES,
  EXAMPLE_REPROCESSED,
  EXAMPLE_REPROCESSED_PLACES,
} from "./examples.js";
import { MAX_WEBHOOK_URL_LENGTH } from "./webhook-url.js";

export const MAX_JOBS_PER_REQUEST = 50_000;

/** Identifiers and names are stored as plain text columns, where PostgreSQL rejects NUL characters. */
const NO_NUL = "^[^\\u0000]*$";

/** A string enum, rendered as `{"type":"string","enum":[...]}` in OpenAPI. */
function literalUnion<T extends string>(values: readonly T[], description?: string): TUnsafe<T> {
  return Type.Unsafe<T>({ type: "string", enum: [...values], ...(description ? { description } : {}) });
}

/** Optional field that clients may also send as null (the reference API accepts both). */
function Nullable<T extends TSchema>(schema: T) {
  return Type.Optional(Type.Union([schema, Type.Null()]));
}

/** A string of at most `maxLength` characters; longer is a 422, never cut (INPUT_LIMITS). */
function Text(maxLength: number, description?: string) {
  return Type.String({ maxLength, ...(description ? { description } : {}) });
}

const CategoryHints = Type.Union([
  Text(INPUT_LIMITS.category),
  Type.Array(Text(INPUT_LIMITS.category), { maxItems: INPUT_LIMITS.categoryItems }),
]);

const AddressPart = (description = "Address part") => Nullable(Text(INPUT_LIMITS.addressPart, description));

export const PlaceInputsSchema = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: INPUT_LIMITS.name,
      pattern: "\\S",
      description: "Place name (required, non-empty)",
    }),
    full_address: Nullable(Text(INPUT_LIMITS.full_address, "Full address; improves accuracy")),
    latitude: Nullable(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Nullable(Type.Number({ minimum: -180, maximum: 180 })),
    country_code: Nullable(
      Type.String({
        pattern: "^[A-Z]{2}$",
        description: "ISO 3166-1 alpha-2; inferred from coordinates when absent",
      }),
    ),
    category: Nullable(CategoryHints),
    type: Nullable(CategoryHints),
    types: Nullable(CategoryHints),
    categories: Nullable(CategoryHints),
    website: Nullable(Text(INPUT_LIMITS.website, "Website hint, verified before use")),
    phone: Nullable(Text(INPUT_LIMITS.phone, "Phone hint")),
    id: Nullable(Text(INPUT_LIMITS.id)),
    wkt_geometry: Nullable(
      Text(INPUT_LIMITS.wkt_geometry, "POINT(lon lat), alternative to latitude/longitude"),
    ),
    street: AddressPart(),
    house: AddressPart(),
    city: AddressPart(),
    state: AddressPart(),
    postalCode: AddressPart(),
    country: AddressPart(),
    unit_number: AddressPart("Unit, suite or apartment"),
    suburb: AddressPart(),
    neighborhood: AddressPart(),
    opening_hours: Nullable(
      Type.Union([
        Text(INPUT_LIMITS.opening_hours, "Opening hours hint as text"),
        Type.Object({}, { additionalProperties: true }),
      ]),
    ),
    source: Nullable(Text(INPUT_LIMITS.source)),
  },
  { additionalProperties: true, description: "Place inputs; unknown extra keys are kept and echoed" },
);

export const AttributeKeySchema = literalUnion(
  REQUESTABLE_ATTRIBUTE_KEYS,
  "Attribute key of the public API (or `reference_match`, this service's own). Keys this deployment cannot enrich (not listed by GET /attributes) are accepted and reported NOT_RUN, with the reason in job_metadata.enrichment_metadata[attribute].",
);
export const AttributeSetSchema = literalUnion(ATTRIBUTE_SET_NAMES, "Predefined attribute set");

/** Object keys and their 422s are checked in job-input.ts, where `loc` can name the offending key. */
export const PrefilledDataSchema = Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()), {
  description:
    'Values the client already has, {attribute key: {output field: value}}, e.g. {"phoneNumbers": {"phone": "+12125550100"}}: used as client-supplied evidence, cited as "client-prefilled value" and never above MEDIUM. Fields an attribute does not have are ignored.',
});

export const PlaceJobSchema = Type.Object(
  {
    place_id: Type.String({ minLength: 1, maxLength: 256, pattern: NO_NUL }),
    inputs: PlaceInputsSchema,
    attributes: Type.Optional(Type.Array(AttributeKeySchema)),
    attribute_set: Type.Optional(AttributeSetSchema),
    refresh: Type.Optional(Type.Boolean({ default: false })),
    prefilled_data: Nullable(PrefilledDataSchema),
  },
  { additionalProperties: true },
);

export const CreateBatchBodySchema = Type.Object({
  batch_name: Type.String({ minLength: 1, maxLength: 1000, pattern: NO_NUL }),
  jobs: Type.Array(PlaceJobSchema, {
    minItems: 1,
    description: `1..${MAX_JOBS_PER_REQUEST} jobs; more than ${MAX_JOBS_PER_REQUEST} is a 400`,
  }),
  batch_id: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 256,
      pattern: NO_NUL,
      description: "Existing id appends; new id creates",
    }),
  ),
  attributes: Type.Optional(Type.Array(AttributeKeySchema)),
  attribute_set: Type.Optional(AttributeSetSchema),
  kick_off_jobs_now: Type.Optional(Type.Boolean({ default: true })),
  refresh: Type.Optional(Type.Boolean({ default: false })),
  eval: Type.Optional(
    Type.Unknown({ description: "Accepted for compatibility with the public API; ignored" }),
  ),
  webhook_url: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: MAX_WEBHOOK_URL_LENGTH,
      description:
        "This service's extension (docs/webhooks.md): an absolute http(s) URL without credentials, POSTed a signed batch summary when the batch reaches a terminal status; on an append it replaces the batch's URL",
    }),
  ),
});

/**
 * CreateBatchBodySchema with its jobs as any values: what POST /batches validates before its handler,
 * which checks the jobs against PlaceJobSchema chunk by chunk while the first ones are being stored
 * (batch-job-chunks.ts).
 */
export const CreateBatchEnvelopeSchema = Type.Object({
  ...CreateBatchBodySchema.properties,
  jobs: Type.Array(Type.Unknown(), { minItems: 1 }),
});

/** A reprocess's attributes: none given (absent or []) keeps each job's own (domain/attributes.ts). */
const ReprocessAttributesSchema = Type.Optional(
  Type.Array(AttributeKeySchema, {
    description:
      "The attributes to run this time. Absent or empty, with no attribute_set: each job keeps the attributes it had",
  }),
);

export const ReprocessBodySchema = Type.Object({
  failed_only: Type.Optional(
    Type.Boolean({
      default: true,
      description:
        "true: only failed jobs (a 400 when none failed). failed_only=false with incomplete_only=false re-runs every job",
    }),
  ),
  incomplete_only: Type.Optional(Type.Boolean({ default: false })),
  refresh: Type.Optional(Type.Boolean({ default: false })),
  attributes: ReprocessAttributesSchema,
  attribute_set: Type.Optional(AttributeSetSchema),
});

export const ReprocessPlacesBodySchema = Type.Object({
  place_ids: Type.Array(Type.String({ minLength: 1, maxLength: 256, pattern: NO_NUL }), {
    minItems: 1,
    maxItems: MAX_JOBS_PER_REQUEST,
    description: "The org's most recent job of each place_id is queued again (batch or standalone)",
  }),
  attributes: ReprocessAttributesSchema,
  attribute_set: Type.Optional(AttributeSetSchema),
  refresh: Type.Optional(Type.Boolean({ default: false })),
});

/** Rename only: any other key (say `jobs`, to append) is a 422 rather than silently ignored. */
export const RenameBatchBodySchema = Type.Object(
  { batch_name: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, pattern: NO_NUL })) },
  {
    additionalProperties: false,
    description: "Renames the batch. To add jobs, POST /batches with this batch_id.",
  },
);

export const OrgParamsSchema = Type.Object({
  org_slug: Type.String({
    minLength: 2,
    maxLength: 50,
    pattern: "^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$",
    examples: [EXAMPLE_ORG],
  }),
});

const OrgSlugSchema = OrgParamsSchema.properties.org_slug;

/** The header of the endpoints that queue work (see src/api/idempotency.ts). */
export const IdempotencyHeadersSchema = Type.Object({
  "idempotency-key": Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: "^[\\x21-\\x7e]+$",
      description:
        "Optional, 1–255 visible ASCII characters (a UUID, say). A retry with the same key and body gets the first 2xx answer again (`Idempotent-Replayed: true`) instead of queuing the work twice; 409 while the first request still runs; 422 when the key was used with another request. Kept IDEMPOTENCY_TTL_HOURS (24 h).",
    }),
  ),
});

export const BatchParamsSchema = Type.Object({
  org_slug: OrgSlugSchema,
  // No id holds a NUL (creation refuses it), and PostgreSQL refuses one in a query parameter.
  batch_id: Type.String({ minLength: 1, maxLength: 256, pattern: NO_NUL, examples: [EXAMPLE_BATCH_ID] }),
});

export const PlaceParamsSchema = Type.Object({
  org_slug: OrgSlugSchema,
  place_id: Type.String({ minLength: 1, maxLength: 256, pattern: NO_NUL, examples: [EXAMPLE_JOB.place_id] }),
});

/**
 * Largest `offset`: paging past a billion jobs is no real request, and a larger number (1e20, 1e300)
 * is no integer the databases take (SQLite answered "datatype mismatch", a 500).
 */
export const MAX_OFFSET = 1_000_000_000;

const IncludeSchema = Type.Optional(
  Type.String({
    maxLength: 100,
    description:
      "`metadata`: return the batch statistics in `metadata` (null by default, as the published Python client 0.0.9–0.0.12 expects)",
  }),
);

/** `?include=metadata` of POST /batches and PUT /batches/{id}. */
export const IncludeQuerySchema = Type.Object({ include: IncludeSchema });

export const BatchStatusQuerySchema = Type.Object({
  enrichments: Type.Optional(
    Type.String({ maxLength: 2000, description: "Comma-separated attribute keys: adds attribute_statuses" }),
  ),
  include: IncludeSchema,
});

export const JobsQuerySchema = Type.Object({
  batchId: Type.Optional(Type.String({ minLength: 1, maxLength: 256, pattern: NO_NUL })),
  limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 10_000 }),
  offset: Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 }),
  excludeBatches: Type.Optional(Type.Boolean({ default: false })),
});

export const ListBatchesQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 10 }),
  offset: Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 }),
  query: Type.Optional(Type.String({ maxLength: 1000, pattern: NO_NUL })),
  include: IncludeSchema,
});

// ---- responses ----

const JobStatusSchema = literalUnion(JOB_STATUSES);
const PlaceIdList = Type.Array(Type.String());

export const StatusCountsSchema = Type.Object({
  pending: Type.Integer(),
  queued: Type.Integer(),
  in_progress: Type.Integer(),
  completed: Type.Integer(),
  failed: Type.Integer(),
});

/** `metadata.webhook` of a batch with a webhook_url (our extension, docs/webhooks.md). */
export const BatchWebhookSchema = Type.Object(
  {
    url: Type.String(),
    state: Type.Union([
      Type.Literal("waiting"),
      Type.Literal("pending"),
      Type.Literal("delivered"),
      Type.Literal("failed"),
    ]),
    event_id: Type.Union([Type.String(), Type.Null()]),
    deliveries: Type.Array(
      Type.Object({
        attempt: Type.Integer(),
        at: Type.String({ format: "date-time" }),
        status_code: Type.Union([Type.Integer(), Type.Null()]),
        error: Type.Union([Type.String(), Type.Null()]),
        duration_ms: Type.Integer(),
      }),
    ),
  },
  {
    description:
      "Only for a batch created with webhook_url: the latest terminal event's delivery (waiting while the batch runs)",
  },
);

export const BatchMetadataSchema = Type.Object({
  total_jobs: Type.Integer(),
  completed_jobs: Type.Integer(),
  status_counts: StatusCountsSchema,
  success_rate: Type.Union([Type.Number(), Type.Null()]),
  attribute_fill_rates: Type.Record(Type.String(), Type.Number()),
  average_fill_rate: Type.Union([Type.Number(), Type.Null()]),
  webhook: Type.Optional(BatchWebhookSchema),
});

const METADATA_DEFAULT_NULL =
  "null unless the request asked for ?include=metadata (the published Python client 0.0.9–0.0.12 accepts only null here)";

const AttributeStatusBucket = Type.Object({ total: Type.Integer(), ids: PlaceIdList });

export const BatchResponseSchema = Type.Object({
  id: Type.String(),
  batch_name: Type.String(),
  status: JobStatusSchema,
  jobs: Type.Object({
    pending: PlaceIdList,
    queued: PlaceIdList,
    in_progress: PlaceIdList,
    completed: PlaceIdList,
    failed: PlaceIdList,
  }),
  metadata: Type.Union([BatchMetadataSchema, Type.Null()], { description: METADATA_DEFAULT_NULL }),
  attribute_statuses: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Object(Object.fromEntries(ATTRIBUTE_STATUSES.map((status) => [status, AttributeStatusBucket])), {
        description: "Every status always present (zero totals included)",
      }),
      { description: "With ?enrichments=: per asked attribute, the place_ids per attribute status" },
    ),
  ),
  created_at: Type.String({ format: "date-time" }),
  updated_at: Type.String({ format: "date-time" }),
});

export const BatchListItemSchema = Type.Object({
  id: Type.String(),
  batch_name: Type.String(),
  status: JobStatusSchema,
  status_counts: StatusCountsSchema,
  created_at: Type.String({ format: "date-time" }),
  metadata: Type.Union(
    [
      Type.Object({
        total_jobs: Type.Integer(),
        completed_jobs: Type.Integer(),
        success_rate: Type.Union([Type.Number(), Type.Null()]),
        updated_at: Type.String({ format: "date-time" }),
        webhook: Type.Optional(BatchWebhookSchema),
      }),
      Type.Null(),
    ],
    { description: METADATA_DEFAULT_NULL },
  ),
});

export const BatchListResponseSchema = Type.Object({
  batches: Type.Array(BatchListItemSchema),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

const AnyObject = Type.Object({}, { additionalProperties: true });

export const PlaceJobResultSchema = Type.Object({
  place_id: Type.String(),
  status: JobStatusSchema,
  job_metadata: Type.Object(
    {
      attribute_status: Type.Record(Type.String(), literalUnion(ATTRIBUTE_STATUSES)),
      last_enriched: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
      country_code: Type.Union([Type.String(), Type.Null()]),
      enrichment_metadata: AnyObject,
      attempts: Type.Integer({ description: "Processing attempts so far" }),
      error: Type.Optional(Type.String()),
    },
    { additionalProperties: true },
  ),
  inputs: Type.Object(
    {},
    {
      additionalProperties: true,
      description:
        'As submitted, plus id (= place_id), the resolved country_code and "input_type": "place" (the published Python client discriminates on it)',
    },
  ),
  outputs: AnyObject,
  reasoning: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
  confidence_scores: Type.Record(Type.String(), literalUnion(CONFIDENCE_LEVELS), {
    description:
      "Per output field; also `chain`, the chain attribute's level as a whole (the best of its fields), when chain was requested",
  }),
});

export const JobsPageResponseSchema = Type.Object({
  jobs: Type.Array(PlaceJobResultSchema),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

export const ReprocessResponseSchema = Type.Object({
  status: Type.Literal("success"),
  message: Type.String(),
  job_count: Type.Integer(),
  batch_id: Type.String(),
});

export const ReprocessPlacesResponseSchema = Type.Object({
  status: Type.Literal("success"),
  message: Type.String(),
  job_count: Type.Integer({ description: "Jobs queued again" }),
  place_ids: Type.Array(Type.String(), { description: "The place_ids whose job was queued again" }),
  not_found: Type.Array(Type.String(), { description: "The place_ids without any job in the organization" }),
});

export const EnqueuedJobResponseSchema = Type.Object({
  place_id: Type.String(),
  inputs: AnyObject,
  status: JobStatusSchema,
});

export const AttributesResponseSchema = Type.Object({
  core: Type.Array(Type.String()),
  all: Type.Array(Type.String()),
  custom: Type.Array(Type.String()),
  available: Type.Array(
    Type.Object({ key: Type.String(), fields: Type.Array(Type.String()), sets: Type.Array(Type.String()) }),
  ),
});

export const ErrorResponseSchema = Type.Object({
  detail: Type.Union([
    Type.String(),
    Type.Array(
      Type.Object({
        loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
        msg: Type.String(),
        type: Type.String(),
      }),
    ),
  ]),
  request_id: Type.Optional(Type.String()),
});

export const NoContentSchema = Type.Null({ description: "Deleted; no body" });

/** ErrorResponseSchema with the example of one status (/docs shows it under that status). */
function errorResponse(status: number): typeof ErrorResponseSchema {
  return Object.assign({ ...ErrorResponseSchema }, { examples: [EXAMPLE_ERRORS[status]] });
}

/** The error statuses every authenticated endpoint may answer with (API.md §1). */
export const ERROR_RESPONSES = {
  400: errorResponse(400),
  401: errorResponse(401),
  403: errorResponse(403),
  404: errorResponse(404),
  408: errorResponse(408),
  409: errorResponse(409),
  413: errorResponse(413),
  415: errorResponse(415),
  422: errorResponse(422),
  429: errorResponse(429),
  500: errorResponse(500),
  503: errorResponse(503),
};

// ---- examples ----

/**
 * Request and response examples (src/api/examples.ts), in one place so that the schemas above read
 * as the wire format only. /docs shows them and "Try it out" sends them; without one, Swagger UI
 * would generate a value from each pattern.
 */
export const SCHEMA_EXAMPLES: ReadonlyArray<readonly [TSchema, unknown]> = [
  [PlaceJobSchema, EXAMPLE_JOB],
  [CreateBatchBodySchema, EXAMPLE_CREATE_BATCH],
  [ReprocessBodySchema, EXAMPLE_REPROCESS],
  [RenameBatchBodySchema, EXAMPLE_RENAME],
  [BatchResponseSchema, EXAMPLE_BATCH],
  [BatchListResponseSchema, EXAMPLE_BATCH_LIST],
  [PlaceJobResultSchema, EXAMPLE_JOB_RESULT],
  [JobsPageResponseSchema, EXAMPLE_JOBS_PAGE],
  [ReprocessResponseSchema, EXAMPLE_REPROCESSED],
  [ReprocessPlacesBodySchema, EXAMPLE_REPROCESS_PLACES],
  [ReprocessPlacesResponseSchema, EXAMPLE_REPROCESSED_PLACES],
  [EnqueuedJobResponseSchema, EXAMPLE_ENQUEUED],
  [AttributesResponseSchema, EXAMPLE_ATTRIBUTES],
];
for (const [schema, example] of SCHEMA_EXAMPLES) Object.assign(schema, { examples: [example] });
