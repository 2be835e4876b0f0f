/**
 * Worker side: claiming due jobs under a lease, renewing, completing, failing, releasing, reaping.
 * Every write after the claim is guarded by `lease_owner = worker AND status = 'in_progress'`: once a lease
 * was reaped (or the job re-submitted/reprocessed) and the job re-claimed, the first worker's late results
 * change nothing.
 */
import type { ClaimedJob, CompletedJob, FailedJob } from "../port.js";
import { CLAIMED_JOB_COLUMNS, toClaimedJob } from "../row-mapping.js";
import { type Row, type SqliteConnection, toJson } from "./connection.js";

const OWNED = "lease_owner = ? AND status = 'in_progress'";

export class SqliteClaims {
  constructor(private readonly conn: SqliteConnection) {}

  /**
   * One UPDATE … WHERE pk IN (SELECT … LIMIT n) RETURNING, in an IMMEDIATE transaction: the selection and
   * the update happen under the write lock, so concurrent claimers (threads or processes) never share a job.
   */
  claimJobs(input: { workerId: string; limit: number; leaseMs: number; now: number }): ClaimedJob[] {
    if (input.limit <= 0) return [];
    const rows = this.conn.immediate(
      () =>
        this.conn
          .stmt(
            `UPDATE jobs SET status = 'in_progress', lease_owner = ?, lease_expires_at = ?,
               attempts = attempts + 1, updated_at = ?
             WHERE pk IN (SELECT pk FROM jobs WHERE status = 'queued' AND run_after <= ? ORDER BY pk LIMIT ?)
             RETURNING ${CLAIMED_JOB_COLUMNS}`,
          )
          .all(input.workerId, input.now + input.leaseMs, input.now, input.now, input.limit) as Row[],
    );
    // RETURNING order is unspecified; callers get submission order.
    return rows.map(toClaimedJob).sort((a, b) => a.pk - b.pk);
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

  completeJobs(input: { workerId: string; jobs: CompletedJob[]; now: number }): number {
    if (input.jobs.length === 0) return 0;
    return this.conn.immediate(() => {
      const update = this.conn.stmt(
        `UPDATE jobs SET status = 'completed', result = ?, attribute_status = ?, filled_mask = ?, error = NULL,
           lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
         WHERE pk = ? AND ${OWNED}`,
      );
      let stored = 0;
      for (const job of input.jobs) {
        stored += update.run(
          JSON.stringify(job.result),
          JSON.stringify(job.attributeStatus),
          job.filledMask,
          input.now,
          job.pk,
          input.workerId,
        ).changes;
      }
      return stored;
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
         WHERE pk = ? AND ${OWNED}`,
      );
      const fail = this.conn.stmt(
        `UPDATE jobs SET status = 'failed', error = ?, attribute_status = ?,
           lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
         WHERE pk = ? AND ${OWNED}`,
      );
      let changed = 0;
      for (const job of input.jobs) {
        const attributeStatus = toJson(job.attributeStatus);
        changed +=
          job.retryAt !== null
            ? retry.run(job.retryAt, job.error, attributeStatus, input.now, job.pk, input.workerId).changes
            : fail.run(job.error, attributeStatus, input.now, job.pk, input.workerId).changes;
      }
      return changed;
    });
  }

  releaseJobs(input: { workerId: string; pks: number[]; now: number }): number {
    if (input.pks.length === 0) return 0;
    return this.conn
      .stmt(
        `UPDATE jobs SET status = 'queued', attempts = max(attempts - 1, 0), lease_owner = NULL,
           lease_expires_at = NULL, updated_at = ?
         WHERE pk IN (SELECT value FROM json_each(?)) AND ${OWNED}`,
      )
      .run(input.now, JSON.stringify(input.pks), input.workerId).changes;
  }

  reapExpiredLeases(input: { now: number; maxAttempts: number }): { requeued: number; failed: number } {
    return this.conn.immediate(() => {
      const failed = this.conn
        .stmt(
          `UPDATE jobs SET status = 'failed', error = 'lease expired after ' || attempts || ' attempts',
             lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
           WHERE status = 'in_progress' AND lease_expires_at < ? AND attempts >= ?`,
        )
        .run(input.now, input.now, input.maxAttempts).changes;
      const requeued = this.conn
        .stmt(
          `UPDATE jobs SET status = 'queued', run_after = ?, lease_owner = NULL, lease_expires_at = NULL,
             updated_at = ?
           WHERE status = 'in_progress' AND lease_expires_at < ?`,
        )
        .run(input.now, input.now, input.now).changes;
      return { requeued, failed };
    });
  }
}
