/**
 * Worker side: claiming due jobs under a lease, renewing, completing, failing, releasing, reaping.
 * Every write after the claim is guarded by `lease_owner = worker AND status = 'in_progress'`: once a lease
 * was reaped (or the job re-submitted/reprocessed) and the job re-claimed, the first worker's late results
 * change nothing.
 */
import { emptyStatusCounts, type JobStatus } from "../../domain/job-status.js";
import { distinctBatchPks } from "../batch-touch.js";
import { type OwnedJobRow, renderCompletedViews } from "../completed-views.js";
import type { ClaimedJob, CompletedJob, FailedJob, FinishedBatch, QueueStats, ReapOutcome } from "../port.js";
import { CLAIMED_JOB_COLUMNS, toClaimedJob } from "../row-mapping.js";
import { type Row, type SqliteConnection, toJson } from "./connection.js";
import { startWebhookEvents } from "./webhooks.js";

const OWNED = "lease_owner = ? AND status = 'in_progress'";

export class SqliteClaims {
  constructor(private readonly conn: SqliteConnection) {}

  /**
   * One UPDATE … WHERE pk IN (SELECT … LIMIT n) RETURNING, in an IMMEDIATE transaction: the selection and
   * the update happen under the write lock, so concurrent claimers (threads or processes) never share a job.
   */
  claimJobs(input: { workerId: string; limit: number; leaseMs: number; now: number }): ClaimedJob[] {
    if (input.limit <= 0) return [];
    const rows = this.conn.immediate(() => {
      const claimed = this.conn
        .stmt(
          `UPDATE jobs SET status = 'in_progress', lease_owner = ?, lease_expires_at = ?,
             attempts = attempts + 1, updated_at = ?
           WHERE pk IN (SELECT pk FROM jobs WHERE status = 'queued' AND run_after <= ? ORDER BY pk LIMIT ?)
           RETURNING ${CLAIMED_JOB_COLUMNS}`,
        )
        .all(input.workerId, input.now + input.leaseMs, input.now, input.now, input.limit) as Row[];
      this.touchBatches(
        claimed.map((r) => r.batch_pk as number | null),
        input.now,
      );
      return claimed;
    });
    // RETURNING order is unspecified; callers get submission order.
    return rows.map(toClaimedJob).sort((a, b) => a.pk - b.pk);
  }

  /** The partial indexes jobs_claim (queued: pk, run_after) and jobs_lease (in_progress) only. */
  queueStats(now: number): QueueStats {
    const queued = this.conn
      .stmt("SELECT count(*) FROM jobs WHERE status = 'queued'")
      .pluck()
      .get() as number;
    const inProgress = this.conn
      .stmt("SELECT count(*) FROM jobs WHERE status = 'in_progress'")
      .pluck()
      .get() as number;
    const headDueAt = this.conn
      .stmt("SELECT run_after FROM jobs WHERE status = 'queued' AND run_after <= ? ORDER BY pk LIMIT 1")
      .pluck()
      .get(now) as number | undefined;
    return { queued, inProgress, headDueAt: headDueAt ?? null };
  }

  renewLeases(input: { workerId: string; pks: number[]; leaseMs: number; now: number }): number[] {
    if (input.pks.length === 0) return [];
    const pks = this.conn
      .stmt(
        `UPDATE jobs SET lease_expires_at = ?
         WHERE pk IN (SELECT value FROM json_each(?)) AND ${OWNED}
         RETURNING pk`,
      )
      .pluck()
      .all(input.now + input.leaseMs, JSON.stringify(input.pks), input.workerId) as number[];
    return pks.sort((a, b) => a - b);
  }

  /**
   * Stores each owned job's result as its rendered view (result_view, migration 11). The rows' place_id,
   * requested attributes and attempts are read in one statement and the views rendered (renderJob)
   * before the write lock is taken, so the transaction holds it only for the UPDATEs: a row still owned
   * when its UPDATE runs was not changed since its claim (a resubmission, a reprocess or a reap clears
   * or moves the lease), so its view is the one read. Rendering here costs the writer about what
   * serializing the result did, and spares every later page read a parse, a render and a serialization
   * (pages copy the text: store/jobs-page-json.ts).
   */
  completeJobs(input: { workerId: string; jobs: CompletedJob[]; now: number }): number {
    if (input.jobs.length === 0) return 0;
    const owned = this.conn
      .stmt(
        `SELECT pk, place_id, attributes, attempts FROM jobs
         WHERE pk IN (SELECT value FROM json_each(?)) AND ${OWNED}`,
      )
      .raw()
      .all(JSON.stringify(input.jobs.map((job) => job.pk)), input.workerId) as OwnedJobRow[];
    const views = renderCompletedViews(input.jobs, owned);
    return this.conn.immediate(() => {
      const update = this.conn.stmt(
        `UPDATE jobs SET status = 'completed', result = NULL, result_view = ?, attribute_status = ?,
           filled_mask = ?, error = NULL, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
         WHERE pk = ? AND ${OWNED}
         RETURNING batch_pk`,
      );
      const batchPks: Array<number | null> = [];
      for (const { job, view } of views) {
        const updated = update.get(
          view,
          JSON.stringify(job.attributeStatus),
          job.filledMask,
          input.now,
          job.pk,
          input.workerId,
        ) as Row | undefined;
        if (updated) batchPks.push(updated.batch_pk as number | null);
      }
      this.touchBatches(batchPks, input.now);
      return batchPks.length;
    });
  }

  failJobs(input: { workerId: string; jobs: FailedJob[]; now: number }): number {
    if (input.jobs.length === 0) return 0;
    return this.conn.immediate(() => {
      // Retry: back to the queue after the backoff; the attempt stays counted and the error is kept.
      const retry = this.conn.stmt(
        `UPDATE jobs SET status = 'queued', run_after = ?, error = ?,
           attribute_status = coalesce(?, attribute_status),
           lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
         WHERE pk = ? AND ${OWNED}
         RETURNING batch_pk`,
      );
      const fail = this.conn.stmt(
        `UPDATE jobs SET status = 'failed', error = ?, attribute_status = ?,
           lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
         WHERE pk = ? AND ${OWNED}
         RETURNING batch_pk`,
      );
      const batchPks: Array<number | null> = [];
      for (const job of input.jobs) {
        const attributeStatus = toJson(job.attributeStatus);
        const row = (
          job.retryAt !== null
            ? retry.get(job.retryAt, job.error, attributeStatus, input.now, job.pk, input.workerId)
            : fail.get(job.error, attributeStatus, input.now, job.pk, input.workerId)
        ) as Row | undefined;
        if (row) batchPks.push(row.batch_pk as number | null);
      }
      this.touchBatches(batchPks, input.now);
      return batchPks.length;
    });
  }

  releaseJobs(input: { workerId: string; pks: number[]; now: number }): number {
    if (input.pks.length === 0) return 0;
    return this.conn.immediate(() => {
      const batchPks = this.conn
        .stmt(
          `UPDATE jobs SET status = 'queued', attempts = max(attempts - 1, 0), lease_owner = NULL,
             lease_expires_at = NULL, updated_at = ?
           WHERE pk IN (SELECT value FROM json_each(?)) AND ${OWNED}
           RETURNING batch_pk`,
        )
        .pluck()
        .all(input.now, JSON.stringify(input.pks), input.workerId) as Array<number | null>;
      this.touchBatches(batchPks, input.now);
      return batchPks.length;
    });
  }

  reapExpiredLeases(input: { now: number; maxAttempts: number }): ReapOutcome {
    return this.conn.immediate(() => {
      const failed = this.conn
        .stmt(
          `UPDATE jobs SET status = 'failed', error = 'lease expired after ' || attempts || ' attempts',
             lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
           WHERE status = 'in_progress' AND lease_expires_at < ? AND attempts >= ?
           RETURNING batch_pk`,
        )
        .pluck()
        .all(input.now, input.now, input.maxAttempts) as Array<number | null>;
      const requeued = this.conn
        .stmt(
          `UPDATE jobs SET status = 'queued', run_after = ?, lease_owner = NULL, lease_expires_at = NULL,
             updated_at = ?
           WHERE status = 'in_progress' AND lease_expires_at < ?
           RETURNING batch_pk`,
        )
        .pluck()
        .all(input.now, input.now, input.now) as Array<number | null>;
      this.touchBatches([...failed, ...requeued], input.now);
      return { requeued: requeued.length, failed: failed.length, batchPks: distinctBatchPks(failed) };
    });
  }

  /**
   * Marks the given batches finished when none of their jobs is pending, queued or in progress, once:
   * only batches not yet marked are returned, so of several workers ending the same batch one logs it.
   * Appends and reprocessing clear the mark (batches.ts).
   */
  markFinishedBatches(input: { batchPks: number[]; now: number }): FinishedBatch[] {
    if (input.batchPks.length === 0) return [];
    return this.conn.immediate(() => {
      const rows = this.conn
        .stmt(
          `UPDATE batches SET finished_at = ?
           WHERE pk IN (SELECT value FROM json_each(?)) AND finished_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.batch_pk = batches.pk
                               AND jobs.status IN ('pending', 'queued', 'in_progress'))
           RETURNING pk, id, org_id, created_at, finished_at, webhook_url`,
        )
        .all(input.now, JSON.stringify(input.batchPks)) as Row[];
      const hooked = rows.filter((row) => row.webhook_url !== null);
      if (hooked.length > 0) startWebhookEvents(this.conn, hooked, input.now);
      return rows.map((row) => {
        const counts = emptyStatusCounts();
        const byStatus = this.conn
          .stmt("SELECT status, count(*) FROM jobs WHERE batch_pk = ? GROUP BY status")
          .raw()
          .all(row.pk) as Array<[JobStatus, number]>;
        for (const [status, n] of byStatus) counts[status] = n;
        return {
          pk: row.pk as number,
          id: row.id as string,
          orgId: row.org_id as string,
          counts,
          createdAt: row.created_at as number,
          finishedAt: row.finished_at as number,
        };
      });
    });
  }

  /**
   * A job changed state: its batch's updated_at moves, to `now` or, when `now` is not later (a worker's
   * completion stamped before another's claim was written), 1 ms past it, so that it never stays put
   * nor goes back (one statement for all the batches touched).
   */
  private touchBatches(batchPks: ReadonlyArray<number | null>, now: number): void {
    const pks = distinctBatchPks(batchPks);
    if (pks.length === 0) return;
    this.conn
      .stmt(
        "UPDATE batches SET updated_at = max(updated_at + 1, ?), version = version + 1 WHERE pk IN (SELECT value FROM json_each(?))",
      )
      .run(now, JSON.stringify(pks));
  }
}
