/** Jobs read as records (listing, latest job) and standalone jobs; row ↔ JobRecord mapping. */
import { type AttributeKey, attributesToMask } from "../../domain/attributes.js";
import type { JobStatus } from "../../domain/job-status.js";
import type { JobRecord, NewJob } from "../port.js";
import { parseJson, type Row, type SqliteConnection } from "./connection.js";

export const JOB_COLUMNS =
  "pk, org_id, batch_pk, place_id, status, inputs, attributes, refresh, attempts, result, attribute_status, " +
  "error, created_at, updated_at";

export function toJobRecord(row: Row): JobRecord {
  return {
    pk: row.pk as number,
    orgId: row.org_id as string,
    batchPk: (row.batch_pk as number | null) ?? null,
    placeId: row.place_id as string,
    status: row.status as JobStatus,
    inputs: parseJson(row.inputs)!,
    attributes: parseJson<AttributeKey[]>(row.attributes) ?? [],
    refresh: row.refresh === 1,
    attempts: row.attempts as number,
    result: parseJson(row.result),
    attributeStatus: parseJson(row.attribute_status),
    error: (row.error as string | null) ?? null,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
  };
}

/**
 * Attribute lists → [JSON, requested mask], memoized: the jobs of one request usually share one resolved
 * attribute list, so a 50,000-job batch computes both once instead of per job.
 */
export class AttributeEncoder {
  private readonly memo = new Map<string, [string, number]>();

  encode(attributes: readonly AttributeKey[]): [json: string, mask: number] {
    const key = attributes.join(",");
    let encoded = this.memo.get(key);
    if (!encoded) {
      encoded = [JSON.stringify(attributes), attributesToMask(attributes)];
      this.memo.set(key, encoded);
    }
    return encoded;
  }
}

type ListJobsQuery = {
  orgId: string;
  batchPk?: number;
  excludeBatches?: boolean;
  limit: number;
  offset: number;
};

export class SqliteJobs {
  constructor(private readonly conn: SqliteConnection) {}

  listJobs(query: ListJobsQuery): { jobs: JobRecord[]; total: number } {
    let where: string;
    let params: unknown[];
    if (query.batchPk !== undefined) {
      // The org check runs once on the batch row (a job's org is its batch's org), so the count and the
      // page stay on jobs_batch_order instead of reading every job row to compare org_id.
      where = "batch_pk = (SELECT pk FROM batches WHERE pk = ? AND org_id = ?)";
      params = [query.batchPk, query.orgId];
    } else if (query.excludeBatches) {
      where = "org_id = ? AND batch_pk IS NULL";
      params = [query.orgId];
    } else {
      where = "org_id = ?";
      params = [query.orgId];
    }
    return this.conn.db.transaction(() => {
      const total = this.conn
        .stmt(`SELECT count(*) FROM jobs WHERE ${where}`)
        .pluck()
        .get(...params) as number;
      const rows = this.conn
        .stmt(`SELECT ${JOB_COLUMNS} FROM jobs WHERE ${where} ORDER BY pk LIMIT ? OFFSET ?`)
        .all(...params, query.limit, query.offset) as Row[];
      return { jobs: rows.map(toJobRecord), total };
    })();
  }

  createStandaloneJob(orgId: string, job: NewJob, now: number): JobRecord {
    const [attributes, mask] = new AttributeEncoder().encode(job.attributes);
    return this.conn.immediate(() => {
      this.conn
        .stmt("DELETE FROM jobs WHERE org_id = ? AND place_id = ? AND batch_pk IS NULL")
        .run(orgId, job.placeId);
      const row = this.conn
        .stmt(
          `INSERT INTO jobs (org_id, batch_pk, place_id, status, inputs, attributes, requested_mask, refresh,
                             run_after, created_at, updated_at)
           VALUES (?, NULL, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)
           RETURNING ${JOB_COLUMNS}`,
        )
        .get(
          orgId,
          job.placeId,
          JSON.stringify(job.inputs),
          attributes,
          mask,
          job.refresh ? 1 : 0,
          now,
          now,
          now,
        ) as Row;
      return toJobRecord(row);
    });
  }

  getLatestJob(orgId: string, placeId: string): JobRecord | null {
    const row = this.conn
      .stmt(`SELECT ${JOB_COLUMNS} FROM jobs WHERE org_id = ? AND place_id = ? ORDER BY pk DESC LIMIT 1`)
      .get(orgId, placeId) as Row | undefined;
    return row ? toJobRecord(row) : null;
  }

  deleteLatestJob(orgId: string, placeId: string): boolean {
    const { changes } = this.conn
      .stmt(
        `DELETE FROM jobs WHERE pk =
           (SELECT pk FROM jobs WHERE org_id = ? AND place_id = ? ORDER BY pk DESC LIMIT 1)`,
      )
      .run(orgId, placeId);
    return changes > 0;
  }
}
