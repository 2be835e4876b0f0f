/**
 * A stored job as the API's PlaceJobResult (API.md §2.3): what `GET /jobs`, `GET /jobs/{place_id}` and
 * `POST /enrich` return for a job. Pure, so that a store thread can render a page of results where it
 * reads them (store/jobs-page-json.ts) instead of the event loop that serves HTTP.
 */
import { maxConfidence } from "../enrich/confidence.js";
import type { JobRecord } from "../store/port.js";
import {
  ATTRIBUTE_LEVEL_CONFIDENCE,
  type AttributeStatus,
  attributeDefinition,
  type Confidence,
  isAttributeKey,
  notEnrichedReason,
  type PublicAttributeKey,
} from "./attributes.js";
import type { PlaceJobResult } from "./place.js";

/** `inputs` of a job result: as submitted, plus the client's discriminator `input_type` (API.md §2.3). */
function withInputType(inputs: Record<string, unknown>): Record<string, unknown> {
  return { ...inputs, input_type: "place" };
}

function echoedInputs(job: Pick<JobRecord, "inputs" | "placeId">): Record<string, unknown> {
  return { ...job.inputs, id: job.inputs.id ?? job.placeId, country_code: job.inputs.country_code ?? null };
}

/**
 * Attribute-level confidence keys (API.md §2.4: `chain`): the highest level among the attribute's
 * output fields, i.e. how well the attribute is known to be filled; NONE when nothing is.
 */
function withAttributeLevelConfidence(
  attributes: readonly PublicAttributeKey[],
  confidence: Record<string, Confidence>,
): Record<string, Confidence> {
  const out = { ...confidence };
  for (const attribute of ATTRIBUTE_LEVEL_CONFIDENCE) {
    if (!attributes.includes(attribute)) continue;
    out[attribute] = attributeDefinition(attribute).fields.reduce<Confidence>(
      (level, field) => maxConfidence(level, confidence[field] ?? "NONE"),
      "NONE",
    );
  }
  return out;
}

/** `enrichment_metadata[attr].reason` of each requested attribute this deployment cannot enrich. */
function notEnrichedMetadata(attributes: readonly PublicAttributeKey[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of attributes) if (!isAttributeKey(key)) out[key] = { reason: notEnrichedReason(key) };
  return out;
}

function statusesOf(job: Pick<JobRecord, "attributes" | "attributeStatus">): Record<string, AttributeStatus> {
  const attributeStatus: Record<string, AttributeStatus> = {};
  for (const key of job.attributes) {
    attributeStatus[key] = (isAttributeKey(key) ? job.attributeStatus?.[key] : undefined) ?? "NOT_RUN";
  }
  return attributeStatus;
}

/** What rendering a completed job takes: the result its completion stores, and the job's own fields. */
export type CompletedJobParts = Pick<JobRecord, "placeId" | "attributes" | "attempts" | "attributeStatus"> & {
  result: NonNullable<JobRecord["result"]>;
};

/** A completed job as PlaceJobResult (the SQLite store renders it once, as the job completes). */
export function renderCompletedJob(job: CompletedJobParts): PlaceJobResult {
  const result = job.result;
  return {
    place_id: job.placeId,
    status: "completed",
    job_metadata: {
      attribute_status: statusesOf(job),
      last_enriched: result.last_enriched,
      country_code: result.country_code,
      enrichment_metadata: { ...result.enrichment_metadata, ...notEnrichedMetadata(job.attributes) },
      attempts: job.attempts,
    },
    inputs: withInputType(result.inputs),
    outputs: result.outputs,
    reasoning: result.reasoning,
    confidence_scores: withAttributeLevelConfidence(
      job.attributes,
      result.confidence_scores as PlaceJobResult["confidence_scores"],
    ),
  };
}

/** What renderJob reads of a job. */
export type RenderableJob = Pick<
  JobRecord,
  | "placeId"
  | "status"
  | "attributes"
  | "attributeStatus"
  | "attempts"
  | "inputs"
  | "error"
  | "result"
  | "view"
>;

/**
 * A job as PlaceJobResult; jobs without a result show every requested field as null / NONE.
 * Requested attributes this deployment cannot enrich are NOT_RUN, with the reason in
 * `enrichment_metadata[attr]`, and have no output fields. A completed job whose view was rendered
 * when it completed (JobRecord.view, SQLite) is that view.
 */
export function renderJob(job: RenderableJob): PlaceJobResult {
  if (job.status === "completed") {
    if (job.view) return JSON.parse(job.view) as PlaceJobResult;
    if (job.result) return renderCompletedJob({ ...job, result: job.result });
  }
  const outputs: Record<string, unknown> = {};
  const reasoning: Record<string, string | null> = {};
  const confidence: PlaceJobResult["confidence_scores"] = {};
  for (const key of job.attributes) {
    if (!isAttributeKey(key)) continue;
    for (const field of attributeDefinition(key).fields) {
      outputs[field] = null;
      reasoning[field] = null;
      confidence[field] = "NONE";
    }
  }
  const metadata: PlaceJobResult["job_metadata"] = {
    attribute_status: statusesOf(job),
    last_enriched: null,
    country_code: job.inputs.country_code ?? null,
    enrichment_metadata: notEnrichedMetadata(job.attributes),
    attempts: job.attempts,
  };
  if (job.status === "failed" && job.error) metadata.error = job.error;
  return {
    place_id: job.placeId,
    status: job.status,
    job_metadata: metadata,
    inputs: withInputType(echoedInputs(job)),
    outputs,
    reasoning,
    confidence_scores: withAttributeLevelConfidence(job.attributes, confidence),
  };
}
