/** Store records → wire objects (API.md §2.3, §2.5). */
import { ATTRIBUTE_KEYS } from "../domain/attributes.js";
import {
  deriveBatchStatus,
  emptyStatusCounts,
  JOB_STATUSES,
  type StatusCounts,
} from "../domain/job-status.js";
import type { BatchRecord, BatchStats, BatchWebhook, PlaceIdLists } from "../store/port.js";

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

/** The batch's status counts from its place_id lists (the status view without statistics). */
function countsOf(lists: PlaceIdLists): StatusCounts {
  const counts = emptyStatusCounts();
  for (const status of JOB_STATUSES) counts[status] = lists[status].count;
  return counts;
}

/**
 * A batch's webhook under `metadata.webhook` (our extension, docs/webhooks.md): the URL, the latest
 * terminal event's delivery state and its attempts (times ISO 8601; `status_code` or `error`).
 */
export function renderWebhook(webhook: BatchWebhook) {
  return {
    url: webhook.url,
    state: webhook.state,
    event_id: webhook.eventId,
    deliveries: webhook.attempts.map((a) => ({
      attempt: a.attempt,
      at: iso(a.at),
      status_code: a.statusCode,
      error: a.error,
      duration_ms: a.durationMs,
    })),
  };
}

function batchMetadata(stats: BatchStats, webhook?: BatchWebhook | null) {
  const fillRates: Record<string, number> = {};
  for (const key of ATTRIBUTE_KEYS) {
    const requested = stats.attributeRequested[key] ?? 0;
    if (requested > 0) fillRates[key] = (stats.attributeFilled[key] ?? 0) / requested;
  }
  const rates = Object.values(fillRates);
  return {
    total_jobs: totalOf(stats.counts),
    completed_jobs: stats.counts.completed,
    status_counts: stats.counts,
    success_rate: successRate(stats.counts),
    attribute_fill_rates: fillRates,
    average_fill_rate: rates.length === 0 ? null : rates.reduce((a, b) => a + b, 0) / rates.length,
    ...(webhook ? { webhook: renderWebhook(webhook) } : {}),
  };
}

/**
 * The batch (API.md §2.5) as JSON text. `stats` null → `metadata: null` (the default: the published
 * Python client accepts only null there) and the status comes from the place_id counts; `stats` given
 * (asked with `?include=metadata`) → the metadata object, and the status from its counts. `extra`
 * fields (e.g. `attribute_statuses`) follow. `webhook` (the batch's, when it has one) goes under
 * `metadata.webhook`, so only with `?include=metadata`: the public wire format is unchanged.
 *
 * Bytes, not an object: the place_id lists arrive as UTF-8 JSON built by the database and are copied
 * in as they are. At 50,000 jobs that skips parsing and re-serializing ~750 kB of ids on the event
 * loop, and (bytes rather than text) building, measuring and encoding a 750 kB string for every
 * answer: in a CPU profile of the busy service those were ~5 ms of the event loop per status read.
 */
export function renderBatchJson(
  batch: BatchRecord,
  lists: PlaceIdLists,
  stats: BatchStats | null,
  failedThreshold: number,
  extra: Record<string, unknown> = {},
  webhook: BatchWebhook | null = null,
): Buffer {
  const status = deriveBatchStatus(stats?.counts ?? countsOf(lists), failedThreshold);
  const parts: Array<string | Uint8Array> = [
    `{"id":${JSON.stringify(batch.id)},"batch_name":${JSON.stringify(batch.name)},"status":${JSON.stringify(status)},"jobs":{`,
  ];
  JOB_STATUSES.forEach((s, i) => {
    parts.push(`${i === 0 ? "" : ","}"${s}":`, lists[s].json);
  });
  const fields = [
    `"metadata":${JSON.stringify(stats ? batchMetadata(stats, webhook) : null)}`,
    `"created_at":${JSON.stringify(iso(batch.createdAt))}`,
    `"updated_at":${JSON.stringify(iso(batch.updatedAt))}`,
  ];
  const raw: Uint8Array[] = [];
  for (const [key, value] of Object.entries(extra)) {
    // A value already rendered as JSON bytes (a store-built view) goes in as it is.
    if (value instanceof Uint8Array) raw.push(Buffer.from(`,${JSON.stringify(key)}:`), value);
    else fields.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  parts.push(`},${fields.join(",")}`, ...raw, "}");
  return Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : part)));
}

/** A `GET /batches` item; `metadata` is null unless asked for (`?include=metadata`), like renderBatch. */
export function renderBatchListItem(
  batch: BatchRecord,
  counts: StatusCounts,
  failedThreshold: number,
  includeMetadata: boolean,
  webhook: BatchWebhook | null = null,
) {
  return {
    id: batch.id,
    batch_name: batch.name,
    status: deriveBatchStatus(counts, failedThreshold),
    status_counts: counts,
    created_at: iso(batch.createdAt),
    metadata: includeMetadata
      ? {
          total_jobs: totalOf(counts),
          completed_jobs: counts.completed,
          success_rate: successRate(counts),
          updated_at: iso(batch.updatedAt),
          ...(webhook ? { webhook: renderWebhook(webhook) } : {}),
        }
      : null,
  };
}
