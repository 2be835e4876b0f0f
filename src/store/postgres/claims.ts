/**
 * Worker side: claiming due jobs under a lease, renewing, completing, failing, releasing, reaping.
 * Every write after the claim is guarded by `lease_owner = worker AND status = 'in_progress'`: once a lease
 * was reaped (or the job re-submitted/reprocessed) and the job re-claimed, the first worker's late results
 * change nothing. Each call is one statement (completeJobs: a read, then one write); per-job values travel
 * as array parameters (unnest).
 */
import { emptyStatusCounts, type StatusCounts } from "../../domain/job-status.js";
import { renderCompletedViews } from "../completed-views.js";
import type { ClaimedJob, CompletedJob, FailedJob, FinishedBatch, QueueStats, ReapOutcome } from "../port.js";
import { CLAIMED_JOB_COLUMNS, toClaimedJob } from "../row-mapping.js";
import { type PostgresConnection, toJson } from "./connection.js";
import { START_WEBHOOK_EVENTS } from "./webhooks.js";

/** The claim's RETURNING list, qualified (`picked` also has a pk). */
const RETURNED = CLAIMED_JOB_COLUMNS.split(", ")
  .map((column) => `j.${column}`)
  .join(", ");

/**
 * A CTE that moves updated_at of the batches of the jobs a statement changed (CTE `changed`, with a
 * batch_pk column): to now or, when now is not later (a completion stamped before another worker's
 * claim was written), 1 ms past it, so that it never stays put nor goes back. Rows another
 * transaction holds are skipped, not waited for: every writer that locks a batch row (append,
 * reprocess, rename, finish) sets updated_at itself, and waiting here would invert the lock order of
 * appends (batch row, then job rows) and deadlock with them.
 */
function touchBatches(nowParam: string): string {
  return `touched AS (
    UPDATE batches b SET updated_at = greatest(b.updated_at + 1, ${nowParam})
    WHERE b.pk IN (SELECT pk FROM batches
                   WHERE pk IN (SELECT batch_pk FROM changed WHERE batch_pk IS NOT NULL)
                   ORDER BY pk FOR UPDATE SKIP LOCKED)
  )`;
}

/** $1 now, $2 limit, $3 worker id, $4 lease expiry. Exported for the query-plan test. */
export const CLAIM_SQL = `WITH picked AS MATERIALIZED (
    SELECT pk FROM jobs
    WHERE status = 'queued' AND run_after <= $1
    ORDER BY pk LIMIT $2
    FOR UPDATE SKIP LOCKED
  ), changed AS (
    UPDATE jobs j SET status = 'in_progress', lease_owner = $3, lease_expires_at = $4,
      attempts = j.attempts + 1, updated_at = $1
    FROM picked WHERE j.pk = picked.pk AND j.status = 'queued'
    RETURNING ${RETURNED}
  ), ${touchBatches("$1")}
  SELECT * FROM changed`;

export class PostgresClaims {
  constructor(private readonly conn: PostgresConnection) {}

  /**
   * Picks the first `limit` due queued jobs in pk order from the partial index jobs_claim, locking them
   * with FOR UPDATE SKIP LOCKED: rows another claimer has locked are passed over instead of waited for, so
   * concurrent claimers (any number of processes) get disjoint jobs without blocking each other. The pick
   * is a MATERIALIZED CTE so it runs exactly once whatever plan the UPDATE gets.
   */
  async claimJobs(input: {
    workerId: string;
    limit: number;
    leaseMs: number;
    now: number;
  }): Promise<ClaimedJob[]> {
    if (input.limit <= 0) return [];
    const rows = await this.conn.query(CLAIM_SQL, [
      input.now,
      input.limit,
      input.workerId,
      input.now + input.leaseMs,
    ]);
    // RETURNING order is unspecified; callers get submission order.
    return rows.map(toClaimedJob).sort((a, b) => a.pk - b.pk);
  }

  async renewLeases(input: {
    workerId: string;
    pks: number[];
    leaseMs: number;
    now: number;
  }): Promise<number[]> {
    if (input.pks.length === 0) return [];
    const { rows } = await this.conn.pool.query<[number]>({
      text: `UPDATE jobs SET lease_expires_at = $1
             WHERE pk = ANY($2::bigint[]) AND lease_owner = $3 AND status = 'in_progress'
             RETURNING pk`,
      values: [input.now + input.leaseMs, input.pks, input.workerId],
      rowMode: "array",
    });
    return rows.map(([pk]) => pk).sort((a, b) => a - b);
  }

  /**
   * Stores each owned job's result as its rendered view (result_view, migration 10; see the SQLite
   * store's completeJobs): one statement reads the owned rows' place_id, requested attributes and
   * attempts, the views are rendered here, and one statement writes them, guarded by the lease as every
   * write after a claim. A row still owned at the UPDATE was not changed since the read (a resubmission,
   * a reprocess or a reap clears or moves the lease), so its view is the one rendered. Rendering here
   * costs the worker about what serializing the result did, and spares every page read a parse, a
   * render and a serialization on the event loop of the API process.
   */
  async completeJobs(input: { workerId: string; jobs: CompletedJob[]; now: number }): Promise<number> {
    if (input.jobs.length === 0) return 0;
    const { rows: owned } = await this.conn.pool.query<[number, string, string, number]>({
      text: `SELECT pk, place_id, attributes, attempts FROM jobs
             WHERE pk = ANY($1::bigint[]) AND lease_owner = $2 AND status = 'in_progress'`,
      values: [input.jobs.map((j) => j.pk), input.workerId],
      rowMode: "array",
    });
    const views = renderCompletedViews(input.jobs, owned);
    if (views.length === 0) return 0;
    const [row] = await this.conn.query(
      `WITH changed AS (
         UPDATE jobs j SET status = 'completed', result = NULL, result_view = u.view,
           attribute_status = u.attribute_status,
           filled_mask = u.filled_mask, error = NULL, lease_owner = NULL, lease_expires_at = NULL,
           updated_at = $1
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::int[]) AS u(pk, view, attribute_status, filled_mask)
         WHERE j.pk = u.pk AND j.lease_owner = $6 AND j.status = 'in_progress'
         RETURNING j.batch_pk
       ), ${touchBatches("$1")}
       SELECT count(*)::int AS n FROM changed`,
      [
        input.now,
        views.map(({ job }) => job.pk),
        views.map(({ view }) => view),
        views.map(({ job }) => JSON.stringify(job.attributeStatus)),
        views.map(({ job }) => job.filledMask),
        input.workerId,
      ],
    );
    return row!.n as number;
  }

  /**
   * retryAt set → back to `queued` at retryAt, the attempt stays counted, the error is kept and the
   * attribute statuses only replaced when given. retryAt null → `failed` with the error and the given
   * attribute statuses (or none).
   */
  async failJobs(input: { workerId: string; jobs: FailedJob[]; now: number }): Promise<number> {
    if (input.jobs.length === 0) return 0;
    const [row] = await this.conn.query(
      `WITH changed AS (
         UPDATE jobs j SET
           status = CASE WHEN u.retry_at IS NULL THEN 'failed' ELSE 'queued' END,
           run_after = coalesce(u.retry_at, j.run_after),
           error = u.error,
           attribute_status = CASE WHEN u.retry_at IS NULL THEN u.attribute_status
                                   ELSE coalesce(u.attribute_status, j.attribute_status) END,
           lease_owner = NULL, lease_expires_at = NULL, updated_at = $1
         FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[]) AS u(pk, error, retry_at, attribute_status)
         WHERE j.pk = u.pk AND j.lease_owner = $6 AND j.status = 'in_progress'
         RETURNING j.batch_pk
       ), ${touchBatches("$1")}
       SELECT count(*)::int AS n FROM changed`,
      [
        input.now,
        input.jobs.map((j) => j.pk),
        input.jobs.map((j) => j.error),
        input.jobs.map((j) => j.retryAt),
        input.jobs.map((j) => toJson(j.attributeStatus)),
        input.workerId,
      ],
    );
    return row!.n as number;
  }

  async releaseJobs(input: { workerId: string; pks: number[]; now: number }): Promise<number> {
    if (input.pks.length === 0) return 0;
    const [row] = await this.conn.query(
      `WITH changed AS (
         UPDATE jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), lease_owner = NULL,
           lease_expires_at = NULL, updated_at = $1
         WHERE pk = ANY($2::bigint[]) AND lease_owner = $3 AND status = 'in_progress'
         RETURNING batch_pk
       ), ${touchBatches("$1")}
       SELECT count(*)::int AS n FROM changed`,
      [input.now, input.pks, input.workerId],
    );
    return row!.n as number;
  }

  /**
   * One statement: expired leases (partial index jobs_lease) are locked with SKIP LOCKED, so a job its
   * worker is completing at this very moment is left alone (and reaped next time if still expired) instead
   * of the reaper waiting on, or deadlocking with, that worker; then each is requeued (due now) or, at
   * `maxAttempts`, failed.
   */
  /**
   * One statement, three index reads: jobs_claim (queued) and jobs_lease (in_progress) are partial
   * indexes, and the head of the queue is the first due row of jobs_claim in pk order.
   */
  async queueStats(now: number): Promise<QueueStats> {
    const [row] = await this.conn.query(
      `SELECT (SELECT count(*) FROM jobs WHERE status = 'queued') AS queued,
              (SELECT count(*) FROM jobs WHERE status = 'in_progress') AS in_progress,
              (SELECT run_after FROM jobs WHERE status = 'queued' AND run_after <= $1
               ORDER BY pk LIMIT 1) AS head_due_at`,
      [now],
    );
    return {
      queued: Number(row!.queued),
      inProgress: Number(row!.in_progress),
      headDueAt: row!.head_due_at === null ? null : Number(row!.head_due_at),
    };
  }

  async reapExpiredLeases(input: { now: number; maxAttempts: number }): Promise<ReapOutcome> {
    const [row] = await this.conn.query(
      `WITH expired AS MATERIALIZED (
         SELECT pk FROM jobs
         WHERE status = 'in_progress' AND lease_expires_at < $1
         FOR UPDATE SKIP LOCKED
       ), changed AS (
         UPDATE jobs j SET
           status = CASE WHEN j.attempts >= $2 THEN 'failed' ELSE 'queued' END,
           error = CASE WHEN j.attempts >= $2 THEN 'lease expired after ' || j.attempts || ' attempts'
                        ELSE j.error END,
           run_after = CASE WHEN j.attempts >= $2 THEN j.run_after ELSE $1 END,
           lease_owner = NULL, lease_expires_at = NULL, updated_at = $1
         FROM expired WHERE j.pk = expired.pk AND j.status = 'in_progress'
         RETURNING j.status, j.batch_pk
       ), ${touchBatches("$1")}
       SELECT count(*) FILTER (WHERE status = 'queued')::int AS requeued,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              coalesce(array_agg(DISTINCT batch_pk) FILTER (WHERE status = 'failed' AND batch_pk IS NOT NULL),
                       '{}') AS batch_pks
       FROM changed`,
      [input.now, input.maxAttempts],
    );
    return {
      requeued: row!.requeued as number,
      failed: row!.failed as number,
      batchPks: (row!.batch_pks as Array<string | number>).map(Number),
    };
  }

  /**
   * Marks the given batches finished when none of their jobs is pending, queued or in progress, once:
   * a second worker's statement waits for the first's row lock, then finds finished_at set. Run after
   * the caller's own job writes committed, so the last worker to end a job of the batch sees it ended.
   */
  async markFinishedBatches(input: { batchPks: number[]; now: number }): Promise<FinishedBatch[]> {
    if (input.batchPks.length === 0) return [];
    const rows = await this.conn.query(
      `WITH marked AS (
         UPDATE batches b SET finished_at = $1, updated_at = greatest(b.updated_at, $1)
         WHERE b.pk = ANY($2::bigint[]) AND b.finished_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.batch_pk = b.pk
                             AND j.status IN ('pending', 'queued', 'in_progress'))
         RETURNING b.pk, b.id, b.org_id, b.created_at, b.finished_at, b.webhook_url
       ), ${START_WEBHOOK_EVENTS}
       SELECT m.pk, m.id, m.org_id, m.created_at, m.finished_at,
              (SELECT json_object_agg(status, n) FROM
                 (SELECT status, count(*) AS n FROM jobs WHERE batch_pk = m.pk GROUP BY status) c) AS counts
       FROM marked m`,
      [input.now, input.batchPks],
    );
    return rows.map((row) => ({
      pk: Number(row.pk),
      id: row.id as string,
      orgId: row.org_id as string,
      counts: { ...emptyStatusCounts(), ...(row.counts as Partial<StatusCounts> | null) },
      createdAt: Number(row.created_at),
      finishedAt: Number(row.finished_at),
    }));
  }
}
