/** Store records → wire objects (API.md §2.3, §2.5). */
import {
  ATTRIBUTE_KEYS,
  type AttributeKey,
  type AttributeStatus,
  attributeDefinition,
} from "../domain/attributes.js";
import { deriveBatchStatus, type JobStatus, type StatusCounts } from "../domain/job-status.js";
import type { PlaceJobResult } from "../domain/place.js";
import type { BatchRecord, BatchStats, JobRecord } from "../store/port.js";

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function totalOf(counts: StatusCounts): number {
  return counts.pending + counts.queued + counts.in_progress + counts.completed + counts.failed;
}

function successRate(counts: StatusCounts): number | null {
  const ended = counts.completed + counts.failed;
  return ended === 0 ? null : counts.completed / ended;
}

export function renderBatch(
  batch: BatchRecord,
  jobs: Record<JobStatus, string[]>,
  stats: BatchStats,
  failedThreshold: number,
) {
  const fillRates: Record<string, number> = {};
  for (const key of ATTRIBUTE_KEYS) {
    const requested = stats.attributeRequested[key] ?? 0;
    if (requested > 0) fillRates[key] = (stats.attributeFilled[key] ?? 0) / requested;
  }
  const rates = Object.values(fillRates);
  return {
    id: batch.id,
    batch_name: batch.name,
    status: deriveBatchStatus(stats.counts, failedThreshold),
    jobs,
    metadata: {
      total_jobs: totalOf(stats.counts),
      completed_jobs: stats.counts.completed,
      status_counts: stats.counts,
      success_rate: successRate(stats.counts),
      attribute_fill_rates: fillRates,
      average_fill_rate: rates.length === 0 ? null : rates.reduce((a, b) => a + b, 0) / rates.length,
    },
    created_at: iso(batch.createdAt),
    updated_at: iso(batch.updatedAt),
  };
}

export function renderBatchListItem(batch: BatchRecord, counts: StatusCounts, failedThreshold: number) {
  return {
    id: batch.id,
    batch_name: batch.name,
    status: deriveBatchStatus(counts, failedThreshold),
    status_counts: counts,
    created_at: iso(batch.createdAt),
    metadata: {
      total_jobs: totalOf(counts),
      completed_jobs: counts.completed,
      success_rate: successRate(counts),
      updated_at: iso(batch.updatedAt),
    },
  };
}

type StatusBuckets = Partial<Record<AttributeStatus, { total: number; ids: string[] }>>;

/** `?enrichments=` view: for each asked attribute, the place_ids per attribute status. */
export function renderAttributeStatuses(
  rows: Array<[string, Partial<Record<AttributeKey, AttributeStatus>> | null]>,
  attributes: readonly AttributeKey[],
): Record<string, StatusBuckets> {
  const out: Record<string, StatusBuckets> = {};
  for (const attribute of attributes) {
    const buckets: StatusBuckets = {};
    for (const [placeId, statuses] of rows) {
      const status = statuses?.[attribute];
      if (!status) continue;
      const bucket = buckets[status] ?? { total: 0, ids: [] };
      bucket.total++;
      bucket.ids.push(placeId);
      buckets[status] = bucket;
    }
    out[attribute] = buckets;
  }
  return out;
}

function echoedInputs(job: JobRecord): Record<string, unknown> {
  return { ...job.inputs, id: job.inputs.id ?? job.placeId, country_code: job.inputs.country_code ?? null };
}

/** A job as PlaceJobResult; jobs without a result show every requested field as null / NONE. */
export function renderJob(job: JobRecord): PlaceJobResult {
  const attributeStatus: Record<string, AttributeStatus> = {};
  for (const key of job.attributes) attributeStatus[key] = job.attributeStatus?.[key] ?? "NOT_RUN";
  const result = job.result;
  if (result && job.status === "completed") {
    return {
      place_id: job.placeId,
      status: job.status,
      job_metadata: {
        attribute_status: attributeStatus,
        last_enriched: result.last_enriched,
        country_code: result.country_code,
        enrichment_metadata: result.enrichment_metadata,
        attempts: job.attempts,
      },
      inputs: result.inputs,
      outputs: result.outputs,
      reasoning: result.reasoning,
      confidence_scores: result.confidence_scores as PlaceJobResult["confidence_scores"],
    };
  }
  const outputs: Record<string, unknown> = {};
  const reasoning: Record<string, string | null> = {};
  const confidence: PlaceJobResult["confidence_scores"] = {};
  for (const key of job.attributes) {
    for (const field of attributeDefinition(key).fields) {
      outputs[field] = null;
      reasoning[field] = null;
      confidence[field] = "NONE";
    }
  }
  const metadata: PlaceJobResult["job_metadata"] = {
    attribute_status: attributeStatus,
    last_enriched: null,
    country_code: job.inputs.country_code ?? null,
    enrichment_metadata: {},
    attempts: job.attempts,
  };
  if (job.status === "failed" && job.error) metadata.error = job.error;
  return {
    place_id: job.placeId,
    status: job.status,
    job_metadata: metadata,
    inputs: echoedInputs(job),
    outputs,
    reasoning,
    confidence_scores: confidence,
  };
}
