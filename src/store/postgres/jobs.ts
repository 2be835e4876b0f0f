import type { JobRecord, NewJob, ReprocessPlacesInput, ReprocessPlacesResult } from "../port.js";
import { AttributeEncoder, JOB_COLUMNS as PORTABLE_JOB_COLUMNS, toJobRecord } from "../row-mapping.js";
import { type PostgresConnection, type Row, toJson } from "./connection.js";
import { countRequeuedJobs } from "./request-state.js";

/** The org's latest job (highest pk) of each place_id in $2: one jobs_org_place probe per place_id. */
const LATEST_OF_PLACES = `SELECT max(pk) FROM jobs WHERE org_id = $1 AND place_id = ANY($2::text[]) GROUP BY place_id`;

type ListJobsQuery = {
  orgId: string;
  batchPk?: number;
  excludeBatches?: boolean;
  limit: number;
  offset: number;
};

/** The job columns both stores have, plus the rendered view of a completed job (migration 10). */
const JOB_COLUMNS = `${PORTABLE_JOB_COLUMNS}, result_view`;

/** Advisory-lock namespace of standalone-job replacement (the key is a hash of this, org and place_id). */
const STANDALONE_LOCK_PREFIX = "place-enrich:standalone:";

export class PostgresJobs {
  constructor(private readonly conn: PostgresConnection) {}

  /**
   * Count and page in one statement (one snapshot, one round trip): the count is the outer row, the page
   * is LEFT JOINed to it, so an empty page still yields the total (one row with a NULL pk). The page's pks
   * come from an index-only scan (the offset skips index entries, not whole rows); only the page's rows
   * are then read.
   */
  async listJobs(query: ListJobsQuery): Promise<{ jobs: JobRecord[]; total: number }> {
    let where: string;
    let params: unknown[];
    if (query.batchPk !== undefined) {
      // The org check runs once on the batch row (a job's org is its batch's org), so the count and the
      // page stay on jobs_batch_order instead of comparing org_id on every job row.
      where = "batch_pk = (SELECT pk FROM batches WHERE pk = $1 AND org_id = $2)";
      params = [query.batchPk, query.orgId];
    } else if (query.excludeBatches) {
      where = "org_id = $1 AND batch_pk IS NULL";
      params = [query.orgId];
    } else {
      where = "org_id = $1";
      params = [query.orgId];
    }
    const n = params.length;
    const rows = await this.conn.query(
      `SELECT t.total, j.*
       FROM (SELECT count(*) AS total FROM jobs WHERE ${where}) t
       LEFT JOIN LATERAL (
         SELECT ${JOB_COLUMNS} FROM jobs
         WHERE pk IN (SELECT pk FROM jobs WHERE ${where} ORDER BY pk LIMIT $${n + 1} OFFSET $${n + 2})
       ) j ON true
       ORDER BY j.pk`,
      [...params, query.limit, query.offset],
    );
    const total = (rows[0]?.total as number | undefined) ?? 0;
    return { jobs: rows.filter((r) => r.pk !== null).map(toJobRecord), total };
  }

  /**
   * Deletes the org's standalone job with this place_id and inserts the new one (a new, higher pk), in one
   * transaction. Concurrent replacements of the same (org, place_id) serialize on a transaction-scoped
   * advisory lock taken first, so each one's DELETE sees the job the previous one committed: the last
   * writer wins and exactly one standalone job remains, as with SQLite's serialized writes.
   */
  async createStandaloneJob(orgId: string, job: NewJob, now: number): Promise<JobRecord> {
    const [attributes, mask] = new AttributeEncoder().encode(job.attributes);
    return this.conn.transaction(async (tx) => {
      await tx.query(
        "SELECT pg_advisory_xact_lock(hashtextextended($1::text || $2::text || ':' || $3::text, 0))",
        [STANDALONE_LOCK_PREFIX, orgId, job.placeId],
      );
      await tx.query("DELETE FROM jobs WHERE org_id = $1 AND place_id = $2 AND batch_pk IS NULL", [
        orgId,
        job.placeId,
      ]);
      const { rows } = await tx.query(
        `INSERT INTO jobs (org_id, batch_pk, place_id, status, inputs, attributes, requested_mask, refresh,
                           run_after, created_at, updated_at, prefilled)
         VALUES ($1, NULL, $2, 'queued', $3, $4, $5, $6, $7, $7, $7, $8)
         RETURNING ${JOB_COLUMNS}`,
        [
          orgId,
          job.placeId,
          JSON.stringify(job.inputs),
          attributes,
          mask,
          job.refresh,
          now,
          toJson(job.prefilled),
        ],
      );
      return toJobRecord(rows[0] as Row);
    });
  }

  /**
   * Locks the batch rows of the targeted jobs first, in pk order (appends, deletes and batch reprocesses
   * lock the batch row before its jobs too, so they cannot deadlock with this), then re-queues the latest
   * job of each place_id in one UPDATE (its subquery sees jobs committed meanwhile) and bumps the touched
   * batches' updated_at.
   */
  async reprocessPlaces(input: ReprocessPlacesInput): Promise<ReprocessPlacesResult> {
    const placeIds = [...new Set(input.placeIds)];
    const encoded = input.attributes ? new AttributeEncoder().encode(input.attributes) : null;
    const requeued = await this.conn.transaction(async (tx) => {
      await tx.query(
        `SELECT pk FROM batches WHERE pk IN (SELECT batch_pk FROM jobs WHERE pk IN (${LATEST_OF_PLACES}))
         ORDER BY pk FOR NO KEY UPDATE`,
        [input.orgId, placeIds],
      );
      // Jobs still waiting (pending, queued) were counted when submitted: only the others count.
      const waiting = input.countJobs
        ? Number(
            (
              await tx.query(
                `SELECT count(*) AS n FROM jobs WHERE pk IN (${LATEST_OF_PLACES}) AND status IN ('pending', 'queued')`,
                [input.orgId, placeIds],
              )
            ).rows[0].n,
          )
        : 0;
      const { rows } = await tx.query(
        `UPDATE jobs SET status = 'queued', attempts = 0, run_after = $3, lease_owner = NULL,
           lease_expires_at = NULL, error = NULL, result = NULL, result_view = NULL, attribute_status = NULL,
           filled_mask = 0,
           refresh = $4, attributes = coalesce($5, attributes), requested_mask = coalesce($6, requested_mask),
           updated_at = $3
         WHERE pk IN (${LATEST_OF_PLACES})
         RETURNING place_id, batch_pk`,
        [input.orgId, placeIds, input.now, input.refresh, encoded?.[0] ?? null, encoded?.[1] ?? null],
      );
      await countRequeuedJobs(tx, input.countJobs, rows.length - waiting, input.now);
      const batchPks = [...new Set(rows.map((r) => r.batch_pk as number | null).filter((pk) => pk !== null))];
      if (batchPks.length > 0) {
        // Queued again: the batch ends (and is logged as finished) once more when they are done.
        await tx.query(
          "UPDATE batches SET updated_at = $1, finished_at = NULL WHERE pk = ANY($2::bigint[])",
          [input.now, batchPks],
        );
      }
      return new Set(rows.map((r) => r.place_id as string));
    });
    return {
      requeued: placeIds.filter((p) => requeued.has(p)),
      notFound: placeIds.filter((p) => !requeued.has(p)),
    };
  }

  async getLatestJob(orgId: string, placeId: string): Promise<JobRecord | null> {
    const [row] = await this.conn.query(
      `SELECT ${JOB_COLUMNS} FROM jobs WHERE org_id = $1 AND place_id = $2 ORDER BY pk DESC LIMIT 1`,
      [orgId, placeId],
    );
    return row ? toJobRecord(row) : null;
  }

  async deleteLatestJob(orgId: string, placeId: string, now: number): Promise<boolean> {
    // One of the batch's jobs changed (it is gone): the batch was updated, in the same statement.
    const [row] = await this.conn.query(
      `WITH gone AS (
         DELETE FROM jobs WHERE pk =
           (SELECT pk FROM jobs WHERE org_id = $1 AND place_id = $2 ORDER BY pk DESC LIMIT 1)
         RETURNING batch_pk
       ), touched AS (
         UPDATE batches SET updated_at = greatest(updated_at, $3::bigint)
         WHERE pk IN (SELECT batch_pk FROM gone WHERE batch_pk IS NOT NULL)
       )
       SELECT count(*)::int AS n FROM gone`,
      [orgId, placeId, now],
    );
    return Number(row!.n) > 0;
  }
}
