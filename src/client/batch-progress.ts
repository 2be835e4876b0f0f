/**
 * Progress of a batch from its status answer (the guide, "Monitoring Progress"): the lengths of the
 * `jobs` lists, total = their sum, done = completed + failed; finished when the status is
 * `completed` or `failed`.
 */
import type { Batch, BatchStatus, StatusCounts } from "./wire-types.js";

export interface BatchProgress {
  batchId: string;
  status: BatchStatus;
  counts: StatusCounts;
  total: number;
  /** completed + failed. */
  done: number;
  finished: boolean;
}

export const TERMINAL_BATCH_STATUSES: readonly BatchStatus[] = ["completed", "failed"];

export function batchProgress(batch: Batch): BatchProgress {
  const counts: StatusCounts = {
    pending: batch.jobs.pending?.length ?? 0,
    queued: batch.jobs.queued?.length ?? 0,
    in_progress: batch.jobs.in_progress?.length ?? 0,
    completed: batch.jobs.completed?.length ?? 0,
    failed: batch.jobs.failed?.length ?? 0,
  };
  const total = counts.pending + counts.queued + counts.in_progress + counts.completed + counts.failed;
  return {
    batchId: batch.id,
    status: batch.status,
    counts,
    total,
    done: counts.completed + counts.failed,
    finished: TERMINAL_BATCH_STATUSES.includes(batch.status),
  };
}
