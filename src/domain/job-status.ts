/**
 * Job lifecycle (API.md §2.3, §4):
 *
 *   pending ──(reprocess / kick-off)──▶ queued ──(claim)──▶ in_progress ──▶ completed
 *                                         ▲                    │  │
 *                                         └──(retry, backoff)──┘  └──(last attempt failed)──▶ failed
 *   in_progress with an expired lease is claimable again (the worker died); completed/failed jobs go
 *   back to queued only through reprocess or a re-submission of the same place_id.
 */
export const JOB_STATUSES = ["pending", "queued", "in_progress", "completed", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type StatusCounts = Record<JobStatus, number>;

export function emptyStatusCounts(): StatusCounts {
  return { pending: 0, queued: 0, in_progress: 0, completed: 0, failed: 0 };
}

export function isTerminal(status: JobStatus): boolean {
  return status === "completed" || status === "failed";
}

/**
 * Batch status from its job counts (API.md §2.5): no jobs or all pending → pending; nothing started and
 * some queued → queued; anything not yet terminal → in_progress; all terminal → failed when the failed
 * share exceeds the threshold, otherwise completed.
 */
export function deriveBatchStatus(counts: StatusCounts, failedThreshold: number): JobStatus {
  const total = counts.pending + counts.queued + counts.in_progress + counts.completed + counts.failed;
  if (total === 0 || counts.pending === total) return "pending";
  const started = counts.in_progress + counts.completed + counts.failed;
  if (started === 0) return "queued";
  if (counts.pending + counts.queued + counts.in_progress > 0) return "in_progress";
  return counts.failed / total > failedThreshold ? "failed" : "completed";
}
