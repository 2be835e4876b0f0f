/**
 * TypeBox schemas of the wire format (API.md §2). They validate requests, serialize responses and
 * generate the OpenAPI document, so the three can't drift apart.
 */
import { type TSchema, type TUnsafe, Type } from "typebox";
import {
  ATTRIBUTE_KEYS,
  ATTRIBUTE_SET_NAMES,
  ATTRIBUTE_STATUSES,
  CONFIDENCE_LEVELS,
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
  EXAMPLE_REPROCESSED,
} from "./examples.js";

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

export const AttributeKeySchema = literalUnion(ATTRIBUTE_KEYS, "Attribute key");
export const AttributeSetSchema = literalUnion(ATTRIBUTE_SET_NAMES, "Predefined attribute set");

export const PlaceJobSchema = Type.Object(
  {
    place_id: Type.String({ minLength: 1, maxLength: 256, pattern: NO_NUL }),
    inputs: PlaceInputsSchema,
    attributes: Type.Optional(Type.Array(AttributeKeySchema)),
    attribute_set: Type.Optional(AttributeSetSchema),
    refresh: Type.Optional(Type.Boolean({ default: false })),
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
});

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
  attributes: Type.Optional(Type.Array(AttributeKeySchema)),
  attribute_set: Type.Optional(AttributeSetSchema),
});

export const RenameBatchBodySchema = Type.Object({
  batch_name: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, pattern: NO_NUL })),
});

export const OrgParamsSchema = Type.Object({
  org_slug: Type.String({
    minLength: 2,
    maxLength: 50,
    pattern: "^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$",
    examples: [EXAMPLE_ORG],
  }),
});

const OrgSlugSchema = OrgParamsSchema.properties.org_slug;

export const BatchParamsSchema = Type.Object({
  org_slug: OrgSlugSchema,
  batch_id: Type.String({ minLength: 1, maxLength: 256, examples: [EXAMPLE_BATCH_ID] }),
});

export const PlaceParamsSchema = Type.Object({
  org_slug: OrgSlugSchema,
  place_id: Type.String({ minLength: 1, maxLength: 256, examples: [EXAMPLE_JOB.place_id] }),
});

export const BatchStatusQuerySchema = Type.Object({
  enrichments: Type.Optional(
    Type.String({ description: "Comma-separated attribute keys: adds attribute_statuses" }),
  ),
});

export const JobsQuerySchema = Type.Object({
  batchId: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 10_000 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
  excludeBatches: Type.Optional(Type.Boolean({ default: false })),
});

export const ListBatchesQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 10 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
  query: Type.Optional(Type.String({ maxLength: 1000 })),
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

export const BatchMetadataSchema = Type.Object({
  total_jobs: Type.Integer(),
  completed_jobs: Type.Integer(),
  status_counts: StatusCountsSchema,
  success_rate: Type.Union([Type.Number(), Type.Null()]),
  attribute_fill_rates: Type.Record(Type.String(), Type.Number()),
  average_fill_rate: Type.Union([Type.Number(), Type.Null()]),
});

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
  metadata: BatchMetadataSchema,
  attribute_statuses: Type.Optional(
    Type.Record(
      Type.String(),
      Type.Object(
        Object.fromEntries(
          ATTRIBUTE_STATUSES.map((status) => [status, Type.Optional(AttributeStatusBucket)]),
        ),
      ),
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
  metadata: Type.Object({
    total_jobs: Type.Integer(),
    completed_jobs: Type.Integer(),
    success_rate: Type.Union([Type.Number(), Type.Null()]),
    updated_at: Type.String({ format: "date-time" }),
  }),
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
  inputs: AnyObject,
  outputs: AnyObject,
  reasoning: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])),
  confidence_scores: Type.Record(Type.String(), literalUnion(CONFIDENCE_LEVELS)),
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
  [EnqueuedJobResponseSchema, EXAMPLE_ENQUEUED],
  [AttributesResponseSchema, EXAMPLE_ATTRIBUTES],
];
for (const [schema, example] of SCHEMA_EXAMPLES) Object.assign(schema, { examples: [example] });
