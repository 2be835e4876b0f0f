/**
 * The public batch view (API.md §2.5) read from the store: what `GET /batches/{id}` answers, and
 * what a webhook event carries (with metadata). One place, so the two never drift apart.
 */
import { deriveBatchStatus, type JobStatus } from "../domain/job-status.js";
import type { BatchRecord, Store } from "../store/port.js";
import { batchListsCacheOf } from "./batch-lists-cache.js";
import { renderBatchJson } from "./render.js";

export interface BatchView {
  batch: BatchRecord;
  /** The view as UTF-8 JSON (see renderBatchJson). */
  json: Buffer;
  /** The batch's derived status. */
  status: JobStatus;
}

/**
 * The batch `batchId` of `orgId` as its public view; null when there is no such batch. The place ids
 * by status come from this process's cache while the batch's version is unchanged
 * (batch-lists-cache.ts). With `withMetadata` the statistics query runs and the batch's webhook (when
 * it has one) appears under `metadata.webhook`. `extra(batch)` adds fields after the view's own.
 */
export async function readBatchView(
  store: Store,
  failedThreshold: number,
  orgId: string,
  batchId: string,
  withMetadata: boolean,
  extra?: (batch: BatchRecord) => Promise<Record<string, unknown>>,
): Promise<BatchView | null> {
  const batch = await store.getBatch(orgId, batchId);
  if (!batch) return null;
  const cache = batchListsCacheOf(store);
  const [lists, stats, fields, webhooks] = await Promise.all([
    cache.get(batch) ??
      store.listBatchPlaceIdsByStatus(batch.pk).then((read) => {
        cache.set(batch, read);
        return read;
      }),
    withMetadata ? store.getBatchStats(batch.pk) : null,
    extra?.(batch),
    withMetadata ? store.getBatchWebhooks([batch.pk]) : [],
  ]);
  const counts =
    stats?.counts ??
    (Object.fromEntries(Object.entries(lists).map(([s, l]) => [s, l.count])) as Record<JobStatus, number>);
  return {
    batch,
    json: renderBatchJson(batch, lists, stats, failedThreshold, fields, webhooks[0] ?? null),
    status: deriveBatchStatus(counts, failedThreshold),
  };
}
