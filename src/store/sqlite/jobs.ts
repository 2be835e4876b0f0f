import { JobResultJsonWriter } from "../../domain/job-result-json.js";
import { jobsPageBytes } from "../jobs-page-json.js";
import type { JobRecord, NewJob, ReprocessPlacesInput, ReprocessPlacesResult } from "../port.js";
import { AttributeEncoder, JOB_COLUMNS as PORTABLE_JOB_COLUMNS, toJobRecord } from "../row-mapping.js";
import { type Row, type SqliteConnection, toJson } from "./connection.js";
import { countRequeuedJobs } from "./request-state.js";

/**
 * Re-queues the org's latest job (highest pk) of each listed place_id with a fresh start. The inner
 * query reads jobs_org_place (org_id, place_id, pk): one index probe per place_id.
 */
const REPROCESS_PLACES = `
  UPDATE jobs SET status = 'queued', attempts = 0, run_after = ?, lease_owner = NULL, lease_expires_at = NULL,
    error = NULL, result = NULL, result_view = NULL, attribute_status = NULL, filled_mask = 0, refresh = ?,
    attributes = coalesce(?, attributes), requested_mask = coalesce(?, requested_mask), updated_at = ?
  WHERE pk IN (SELECT max(pk) FROM jobs
               WHERE org_id = ? AND place_id IN (SELECT value FROM json_each(?))
               GROUP BY place_id)
  RETURNING place_id, batch_pk`;

/** Of the jobs REPROCESS_PLACES re-queues, those still waiting (counted when submitted). */
const WAITING_OF_PLACES = `
  SELECT count(*) FROM jobs
  WHERE pk IN (SELECT max(pk) FROM jobs
               WHERE org_id = ? AND place_id IN (SELECT value FROM json_each(?))
               GROUP BY place_id)
    AND status IN ('pending', 'queued')`;

/** The job columns both stores have, plus the rendered view only SQLite keeps (migration 11). */
const JOB_COLUMNS = `${PORTABLE_JOB_COLUMNS}, result_view`;

/** A job that shows its stored view: what jobsPageJson copies instead of rendering. */
const HAS_VIEW = "status = 'completed' AND result_view IS NOT NULL";

/**
 * A page's columns: `view_bytes`, the stored view as a BLOB (its UTF-8, when the file stores text as
 * UTF-8; else as text), for jobs that show it, and for the others the job columns toJobRecord reads
 * (its text columns NULL where the view is shown, so they are not decoded for nothing). Built once
 * per encoding (PAGE_COLUMNS).
 */
function pageColumns(textIsUtf8: boolean): string {
  return [
    `CASE WHEN ${HAS_VIEW} THEN ${textIsUtf8 ? "CAST(result_view AS BLOB)" : "result_view"} END AS view_bytes`,
    ...PORTABLE_JOB_COLUMNS.split(",")
      .map((column) => column.trim())
      .map((column) =>
        ["inputs", "attributes", "result", "attribute_status", "error"].includes(column)
          ? `CASE WHEN ${HAS_VIEW} THEN NULL ELSE ${column} END AS ${column}`
          : column,
      ),
  ].join(", ");
}

const PAGE_COLUMNS = { utf8: pageColumns(true), text: pageColumns(false) };

const utf8 = new TextEncoder();

type ListJobsQuery = {
  orgId: string;
  batchPk?: number;
  excludeBatches?: boolean;
  limit: number;
  offset: number;
};

export class SqliteJobs {
  constructor(private readonly conn: SqliteConnection) {}

  private pageRows(query: ListJobsQuery, columns = JOB_COLUMNS): { rows: Row[]; total: number } {
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
        .stmt(`SELECT ${columns} FROM jobs WHERE ${where} ORDER BY pk LIMIT ? OFFSET ?`)
        .all(...params, query.limit, query.offset) as Row[];
      return { rows, total };
    })();
  }

  listJobs(query: ListJobsQuery): { jobs: JobRecord[]; total: number } {
    const { rows, total } = this.pageRows(query);
    return { jobs: rows.map(toJobRecord), total };
  }

  /**
   * The page as the GET /jobs body (Store.jobsPageJson): completed jobs' views are copied as the bytes
   * they are stored as; other jobs are rendered here (unfinished jobs share their skeleton per attribute
   * list, JobResultJsonWriter). A view is read as a BLOB (CAST: SQLite hands over its UTF-8 bytes) and
   * the row's other text columns as NULL: decoding views into strings, joining and encoding them back
   * took 30–45 ms for a page of 1,000 views of 4 kB with non-ASCII text, the bytes 5 ms (medians of 30,
   * .scratch-style micro-benchmark on the quiet machine); rendering each result instead, ~95 ms.
   */
  jobsPageJson(query: ListJobsQuery): Uint8Array {
    const { rows, total } = this.pageRows(
      query,
      this.conn.textIsUtf8 ? PAGE_COLUMNS.utf8 : PAGE_COLUMNS.text,
    );
    const writer = new JobResultJsonWriter();
    const parts: Uint8Array[] = [];
    let rendered: string[] = [];
    const flush = () => {
      if (rendered.length > 0) parts.push(utf8.encode(rendered.join("")));
      rendered = [];
    };
    rows.forEach((row, i) => {
      if (i > 0) rendered.push(",");
      if (row.view_bytes instanceof Uint8Array) {
        flush();
        parts.push(row.view_bytes);
      } else if (typeof row.view_bytes === "string") {
        rendered.push(row.view_bytes);
      } else {
        rendered.push(writer.write(toJobRecord(row)));
      }
    });
    flush();
    return jobsPageBytes(parts, total, query);
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
                             run_after, created_at, updated_at, prefilled)
           VALUES (?, NULL, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?)
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
          toJson(job.prefilled),
        ) as Row;
      return toJobRecord(row);
    });
  }

  reprocessPlaces(input: ReprocessPlacesInput): ReprocessPlacesResult {
    const placeIds = [...new Set(input.placeIds)];
    const encoded = input.attributes ? new AttributeEncoder().encode(input.attributes) : null;
    const requeued = this.conn.immediate(() => {
      const waiting = input.countJobs
        ? (this.conn.stmt(WAITING_OF_PLACES).pluck().get(input.orgId, JSON.stringify(placeIds)) as number)
        : 0;
      const rows = this.conn
        .stmt(REPROCESS_PLACES)
        .raw()
        .all(
          input.now,
          input.refresh ? 1 : 0,
          encoded?.[0] ?? null,
          encoded?.[1] ?? null,
          input.now,
          input.orgId,
          JSON.stringify(placeIds),
        ) as Array<[string, number | null]>;
      countRequeuedJobs(this.conn, input.countJobs, rows.length - waiting, input.now);
      const batchPks = [...new Set(rows.map(([, batchPk]) => batchPk).filter((pk) => pk !== null))];
      if (batchPks.length > 0) {
        this.conn
          // Queued again: the batch ends (and is logged as finished) once more when they are done.
          .stmt(
            "UPDATE batches SET updated_at = ?, version = version + 1, finished_at = NULL WHERE pk IN (SELECT value FROM json_each(?))",
          )
          .run(input.now, JSON.stringify(batchPks));
      }
      return new Set(rows.map(([placeId]) => placeId));
    });
    return {
      requeued: placeIds.filter((p) => requeued.has(p)),
      notFound: placeIds.filter((p) => !requeued.has(p)),
    };
  }

  getLatestJob(orgId: string, placeId: string): JobRecord | null {
    const row = this.conn
      .stmt(`SELECT ${JOB_COLUMNS} FROM jobs WHERE org_id = ? AND place_id = ? ORDER BY pk DESC LIMIT 1`)
      .get(orgId, placeId) as Row | undefined;
    return row ? toJobRecord(row) : null;
  }

  deleteLatestJob(orgId: string, placeId: string, now: number): boolean {
    return this.conn.immediate(() => {
      const gone = this.conn
        .stmt(
          `DELETE FROM jobs WHERE pk =
             (SELECT pk FROM jobs WHERE org_id = ? AND place_id = ? ORDER BY pk DESC LIMIT 1)
           RETURNING batch_pk`,
        )
        .get(orgId, placeId) as { batch_pk: number | null } | undefined;
      if (gone?.batch_pk != null) {
        // One of the batch's jobs changed (it is gone): the batch was updated.
        this.conn
          .stmt("UPDATE batches SET updated_at = max(updated_at, ?), version = version + 1 WHERE pk = ?")
          .run(now, gone.batch_pk);
      }
      return gone !== undefined;
    });
  }
}
