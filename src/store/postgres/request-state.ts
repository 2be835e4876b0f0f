/** Rate-limit counters and idempotency records (see migration 6). */
import type pg from "pg";
import { RateLimitRefusedError } from "../errors.js";
import type { IdempotencyStart, RateLimitHit, RateLimitState } from "../port.js";
import { hitRows, rateLimitStates, windowEnd } from "../rate-limit-window.js";
import type { PostgresConnection, Row } from "./connection.js";

/**
 * Every bucket in one upsert, and each bucket's row after it, in one statement. `locked` reads (and
 * locks) the buckets' rows, `fit` says whether each cost fits its limit; the upsert writes only when
 * all fit (all or nothing: a request refused by one limit counts against none). `up` returns the rows
 * it changed; the others come from the table as the statement found them. Concurrent first inserts of
 * one bucket (no row to lock yet) are still checked by the upsert's own WHERE.
 */
const CONSUME_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[])
      AS u(bucket, window_end, cost, max_hits)
  ), locked AS (
    SELECT r.bucket, r.window_end, r.hits FROM rate_limits r
    WHERE r.bucket IN (SELECT bucket FROM input) FOR UPDATE
  ), fit AS (
    SELECT i.bucket, CASE WHEN l.bucket IS NULL OR l.window_end <= $5 THEN i.cost <= i.max_hits
                          ELSE l.hits + i.cost <= i.max_hits END AS ok
    FROM input i LEFT JOIN locked l ON l.bucket = i.bucket
  ), up AS (
    INSERT INTO rate_limits AS r (bucket, window_end, hits, max_hits)
    SELECT bucket, window_end, cost, max_hits FROM input
    WHERE cost <= max_hits AND NOT EXISTS (SELECT 1 FROM fit WHERE NOT ok)
    ON CONFLICT (bucket) DO UPDATE SET
      hits = CASE WHEN r.window_end <= $5 THEN excluded.hits ELSE r.hits + excluded.hits END,
      window_end = CASE WHEN r.window_end <= $5 THEN excluded.window_end ELSE r.window_end END,
      max_hits = excluded.max_hits
    WHERE r.window_end <= $5 OR r.hits + excluded.hits <= excluded.max_hits
    RETURNING r.bucket, r.window_end, r.hits
  )
  SELECT i.bucket,
         CASE WHEN EXISTS (SELECT 1 FROM fit WHERE NOT ok) THEN f.ok ELSE up.bucket IS NOT NULL END AS applied,
         coalesce(up.window_end, old.window_end) AS window_end, coalesce(up.hits, old.hits) AS hits
  FROM input i JOIN fit f ON f.bucket = i.bucket
       LEFT JOIN up ON up.bucket = i.bucket LEFT JOIN rate_limits old ON old.bucket = i.bucket`;

/**
 * Claims or reads an idempotency record in one statement. The upsert writes when there is no live
 * record, or when the live one of the same request was abandoned (its lock ran out): then it keeps the
 * record's resource id. Otherwise the row as the statement found it tells the caller what it is.
 */
const BEGIN_SQL = `
  WITH up AS (
    INSERT INTO idempotency_keys AS k
      (org_id, idem_key, request_hash, resource_id, locked_until, status_code, response, created_at, expires_at)
    VALUES ($1, $2, $3, $4, $5::bigint + $6::bigint, NULL, NULL, $5, $5::bigint + $7::bigint)
    ON CONFLICT (org_id, idem_key) DO UPDATE SET
      request_hash = excluded.request_hash,
      resource_id = CASE WHEN k.expires_at <= $5 THEN excluded.resource_id ELSE k.resource_id END,
      locked_until = excluded.locked_until,
      status_code = NULL,
      response = NULL,
      created_at = CASE WHEN k.expires_at <= $5 THEN excluded.created_at ELSE k.created_at END,
      expires_at = CASE WHEN k.expires_at <= $5 THEN excluded.expires_at ELSE k.expires_at END
    WHERE k.expires_at <= $5
       OR (k.status_code IS NULL AND k.locked_until <= $5 AND k.request_hash = excluded.request_hash)
    RETURNING k.resource_id
  )
  SELECT true AS started, resource_id, NULL AS request_hash, NULL::integer AS status_code,
         NULL AS response, NULL::bigint AS locked_until FROM up
  UNION ALL
  SELECT false, resource_id, request_hash, status_code, response, locked_until
  FROM idempotency_keys WHERE org_id = $1 AND idem_key = $2 AND NOT EXISTS (SELECT 1 FROM up)`;

export class PostgresRequestState {
  constructor(private readonly conn: PostgresConnection) {}

  async consumeRateLimits(input: { hits: RateLimitHit[]; now: number }): Promise<RateLimitState[]> {
    return countHits(this.conn.pool, input);
  }

  async peekRateLimits(input: {
    buckets: Array<{ bucket: string; windowMs: number }>;
    now: number;
  }): Promise<Array<{ bucket: string; hits: number; resetAt: number }>> {
    if (input.buckets.length === 0) return [];
    const rows = await this.conn.query(
      "SELECT bucket, window_end, hits FROM rate_limits WHERE bucket = ANY($1::text[])",
      [input.buckets.map((b) => b.bucket)],
    );
    const byBucket = new Map(rows.map((r) => [r.bucket as string, r]));
    return input.buckets.map((b) => {
      const row = byBucket.get(b.bucket);
      const current = row !== undefined && (row.window_end as number) > input.now;
      return {
        bucket: b.bucket,
        hits: current ? (row!.hits as number) : 0,
        resetAt: current ? (row!.window_end as number) : windowEnd(input.now, b.windowMs),
      };
    });
  }

  async beginIdempotentRequest(input: {
    orgId: string;
    key: string;
    requestHash: string;
    resourceId: string;
    now: number;
    lockMs: number;
    ttlMs: number;
  }): Promise<IdempotencyStart> {
    const params = [
      input.orgId,
      input.key,
      input.requestHash,
      input.resourceId,
      input.now,
      input.lockMs,
      input.ttlMs,
    ];
    // A record another transaction inserted after this statement's snapshot was taken makes the
    // upsert wait and then skip it, while the plain read does not see it: no row. Asked again, the
    // new snapshot sees it.
    for (let attempt = 0; attempt < 3; attempt++) {
      const [row] = await this.conn.query(BEGIN_SQL, params);
      if (row) return idempotencyStart(row, input.requestHash);
    }
    throw new Error(`idempotency record ${input.key} could not be read`);
  }

  async finishIdempotentRequest(input: {
    orgId: string;
    key: string;
    requestHash: string;
    statusCode: number;
    response: string;
  }): Promise<boolean> {
    const result = await this.conn.pool.query(
      `UPDATE idempotency_keys SET status_code = $1, response = $2
       WHERE org_id = $3 AND idem_key = $4 AND request_hash = $5 AND status_code IS NULL`,
      [input.statusCode, input.response, input.orgId, input.key, input.requestHash],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async abandonIdempotentRequest(input: { orgId: string; key: string; requestHash: string }): Promise<void> {
    await this.conn.query(
      `DELETE FROM idempotency_keys
       WHERE org_id = $1 AND idem_key = $2 AND request_hash = $3 AND status_code IS NULL`,
      [input.orgId, input.key, input.requestHash],
    );
  }

  async pruneRequestState(input: { now: number; limit: number }): Promise<number> {
    const [row] = await this.conn.query(
      `WITH keys AS (
         DELETE FROM idempotency_keys WHERE ctid IN
           (SELECT ctid FROM idempotency_keys WHERE expires_at <= $1 LIMIT $2)
         RETURNING 1
       ), counters AS (
         DELETE FROM rate_limits WHERE ctid IN (SELECT ctid FROM rate_limits WHERE window_end <= $1 LIMIT $2)
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM keys) + (SELECT count(*) FROM counters) AS n`,
      [input.now, input.limit],
    );
    return Number(row!.n);
  }
}

function idempotencyStart(row: Row, requestHash: string): IdempotencyStart {
  if (row.started) return { state: "started", resourceId: row.resource_id as string };
  if (row.request_hash !== requestHash) return { state: "mismatch" };
  if (row.status_code !== null) {
    return { state: "completed", statusCode: row.status_code as number, response: row.response as string };
  }
  return { state: "in_progress", lockedUntil: row.locked_until as number };
}

/**
 * Counts `input.hits` (CONSUME_SQL) on `client`: the pool (a statement of its own) or a transaction's
 * connection (counted with that transaction's writes: CreateBatchInput.countHits).
 */
export async function countHits(
  client: Pick<pg.Pool, "query">,
  input: { hits: RateLimitHit[]; now: number },
): Promise<RateLimitState[]> {
  if (input.hits.length === 0) return [];
  const rows = hitRows(input.hits, input.now);
  const result = (
    await client.query(CONSUME_SQL, [
      rows.map((r) => r[0]),
      rows.map((r) => r[1]),
      rows.map((r) => r[2]),
      rows.map((r) => r[3]),
      input.now,
    ])
  ).rows as Row[];
  const applied = new Set<string>();
  const current = new Map<string, { windowEnd: number; hits: number }>();
  for (const row of result) {
    if (row.applied) applied.add(row.bucket as string);
    if (row.window_end !== null) {
      current.set(row.bucket as string, { windowEnd: row.window_end as number, hits: row.hits as number });
    }
  }
  return rateLimitStates(input.hits, input.now, applied, current);
}

/**
 * Counts `count` re-queued jobs against `hit` (ReprocessInput.countJobs) on the caller's transaction;
 * throws RateLimitRefusedError when they do not fit (the transaction rolls back).
 */
export async function countRequeuedJobs(
  tx: Pick<pg.Pool, "query">,
  hit: RateLimitHit | undefined,
  count: number,
  now: number,
): Promise<void> {
  if (!hit || count === 0) return;
  const states = await countHits(tx, { hits: [{ ...hit, cost: count }], now });
  if (!states[0]!.allowed) throw new RateLimitRefusedError(states, [count]);
}
