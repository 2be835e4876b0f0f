/** Rate-limit counters and idempotency records (see migration 6). */
import { RateLimitRefusedError } from "../errors.js";
import type { IdempotencyStart, RateLimitHit, RateLimitState } from "../port.js";
import { hitRows, rateLimitStates, windowEnd } from "../rate-limit-window.js";
import type { Row, SqliteConnection } from "./connection.js";
import { type CounterRow, DeferredRateHits } from "./deferred-rate-hits.js";

/**
 * How long counting a request's hits waits for SQLite's write lock before deciding without it
 * (deferred-rate-hits.ts): a worker's completion holds it a few ms, a 50,000-job batch ~0.5–1 s.
 */
const LOCK_WAIT_MS = 25;
/** Retry interval for writing the hits decided without the lock. */
const DEFERRED_WRITE_RETRY_MS = 50;
/**
 * How long a write that must have the lock (an exact count, an idempotency record) tries for it in
 * all: in attempts of LOCK_WAIT_MS, between which this thread answers other calls. Waiting inside
 * SQLite's busy handler instead held the thread: every org's status polls queued behind one
 * Idempotency-Key create while 50,000-job batches were written (2.3 s; 4.7 s and a 503 "database is
 * locked" past the 5 s busy timeout with single-job posts; break-it trial). Back-to-back batch writes
 * can hold the lock for seconds, hence more than the busy timeout.
 */
const LOCKED_WRITE_WAIT_MS = 30_000;

export class SqliteRequestState {
  private readonly deferred = new DeferredRateHits();
  private deferredWrite: NodeJS.Timeout | null = null;
  /** The `now` of the latest count: the hits kept for windows ended by then are not written. */
  private lastNow = 0;

  constructor(private readonly conn: SqliteConnection) {}

  /**
   * countHits in one IMMEDIATE transaction. When another connection holds the write lock for more
   * than LOCK_WAIT_MS, the hits are decided from the committed rows and written once the lock is
   * free (deferred-rate-hits.ts); unless one of them is `exact`: then it waits for the lock
   * (withLock).
   */
  async consumeRateLimits(input: { hits: RateLimitHit[]; now: number }): Promise<RateLimitState[]> {
    if (input.hits.length === 0) return [];
    const json = JSON.stringify(hitRows(input.hits, input.now));
    this.lastNow = Math.max(this.lastNow, input.now);
    const count = () =>
      this.conn.immediate(() => {
        this.writeDeferred(input.now);
        return countHits(this.conn, input, json);
      });
    if (input.hits.some((h) => h.exact)) return this.withLock(count);
    try {
      return this.withShortLockWait(count);
    } catch (error) {
      if (!isBusy(error)) throw error;
      const states = this.deferred.decide(input.hits, input.now, counterRows(this.conn, json));
      this.scheduleDeferredWrite();
      return states;
    }
  }

  /**
   * Writes the hits decided without the lock, waiting for it as any write does: before the connection
   * closes. Best effort: a failure loses them (the counts then run short by them).
   */
  flushDeferred(): void {
    if (this.deferredWrite) clearTimeout(this.deferredWrite);
    this.deferredWrite = null;
    if (this.deferred.size === 0 || !this.conn.db.open) return;
    try {
      this.conn.immediate(() => this.writeDeferred(this.lastNow));
    } catch {
      this.deferred.clear();
    }
  }

  private scheduleDeferredWrite(): void {
    if (this.deferredWrite) return;
    this.deferredWrite = setTimeout(() => {
      this.deferredWrite = null;
      if (this.deferred.size === 0 || !this.conn.db.open) return;
      try {
        this.withShortLockWait(() => this.conn.immediate(() => this.writeDeferred(this.lastNow)));
      } catch (error) {
        if (isBusy(error)) this.scheduleDeferredWrite();
        else this.deferred.clear();
      }
    }, DEFERRED_WRITE_RETRY_MS);
    // A pending write never keeps the process alive (close() writes what is left).
    this.deferredWrite.unref();
  }

  /**
   * Runs `fn` (a write, whole in one synchronous call) once it gets the write lock: attempts of
   * LOCK_WAIT_MS, a pause of as long between them during which the thread serves other calls, for
   * up to LOCKED_WRITE_WAIT_MS; then SQLITE_BUSY is thrown as before.
   */
  private async withLock<T>(fn: () => T): Promise<T> {
    const deadline = Date.now() + LOCKED_WRITE_WAIT_MS;
    for (;;) {
      try {
        return this.withShortLockWait(fn);
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_WAIT_MS));
      // Then past the event loop's poll phase: two writers retrying from timers alone kept each
      // other's timers due and starved the calls waiting as messages (a poll waited 25 s).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Runs `fn` with the connection's busy timeout at LOCK_WAIT_MS. */
  private withShortLockWait<T>(fn: () => T): T {
    const before = this.conn.db.pragma("busy_timeout", { simple: true }) as number;
    this.conn.db.pragma(`busy_timeout = ${LOCK_WAIT_MS}`);
    try {
      return fn();
    } finally {
      this.conn.db.pragma(`busy_timeout = ${before}`);
    }
  }

  /** Inside a write transaction: adds the kept hits still in their window (addHits). */
  private writeDeferred(now: number): void {
    if (this.deferred.size === 0) return;
    addHits(this.conn, JSON.stringify(this.deferred.rows(now)));
    this.deferred.clear();
  }

  peekRateLimits(input: {
    buckets: Array<{ bucket: string; windowMs: number }>;
    now: number;
  }): Array<{ bucket: string; hits: number; resetAt: number }> {
    if (input.buckets.length === 0) return [];
    const rows = counterRows(this.conn, JSON.stringify(input.buckets.map((b) => [b.bucket])));
    return input.buckets.map((b) => {
      const row = rows.get(b.bucket);
      const current = row !== undefined && row.windowEnd > input.now;
      return {
        bucket: b.bucket,
        hits: current ? row.hits : 0,
        resetAt: current ? row.windowEnd : windowEnd(input.now, b.windowMs),
      };
    });
  }

  beginIdempotentRequest(input: {
    orgId: string;
    key: string;
    requestHash: string;
    resourceId: string;
    now: number;
    lockMs: number;
    ttlMs: number;
  }): Promise<IdempotencyStart> {
    const { orgId, key, requestHash, now } = input;
    return this.withLock(() =>
      this.conn.immediate((): IdempotencyStart => {
        const row = this.conn
          .stmt(
            `SELECT request_hash, resource_id, locked_until, status_code, response, expires_at
           FROM idempotency_keys WHERE org_id = ? AND idem_key = ?`,
          )
          .get(orgId, key) as Row | undefined;
        if (row && (row.expires_at as number) > now) {
          if (row.request_hash !== requestHash) return { state: "mismatch" };
          if (row.status_code !== null) {
            return {
              state: "completed",
              statusCode: row.status_code as number,
              response: row.response as string,
            };
          }
          if ((row.locked_until as number) > now) {
            return { state: "in_progress", lockedUntil: row.locked_until as number };
          }
          this.conn
            .stmt("UPDATE idempotency_keys SET locked_until = ? WHERE org_id = ? AND idem_key = ?")
            .run(now + input.lockMs, orgId, key);
          return { state: "started", resourceId: row.resource_id as string };
        }
        this.conn
          .stmt(
            `INSERT OR REPLACE INTO idempotency_keys
             (org_id, idem_key, request_hash, resource_id, locked_until, status_code, response, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?)`,
          )
          .run(orgId, key, requestHash, input.resourceId, now + input.lockMs, now, now + input.ttlMs);
        return { state: "started", resourceId: input.resourceId };
      }),
    );
  }

  finishIdempotentRequest(input: {
    orgId: string;
    key: string;
    requestHash: string;
    statusCode: number;
    response: string;
  }): Promise<boolean> {
    return this.withLock(
      () =>
        this.conn
          .stmt(
            `UPDATE idempotency_keys SET status_code = ?, response = ?
             WHERE org_id = ? AND idem_key = ? AND request_hash = ? AND status_code IS NULL`,
          )
          .run(input.statusCode, input.response, input.orgId, input.key, input.requestHash).changes > 0,
    );
  }

  async abandonIdempotentRequest(input: { orgId: string; key: string; requestHash: string }): Promise<void> {
    await this.withLock(() =>
      this.conn
        .stmt(
          `DELETE FROM idempotency_keys
           WHERE org_id = ? AND idem_key = ? AND request_hash = ? AND status_code IS NULL`,
        )
        .run(input.orgId, input.key, input.requestHash),
    );
  }

  /**
   * Runs on the writer thread and waits in SQLite's busy handler, not withLock: a retry between two
   * calls there could land inside a chunked batch write's open transaction.
   */
  pruneRequestState(input: { now: number; limit: number }): number {
    const keys = this.conn
      .stmt(
        `DELETE FROM idempotency_keys WHERE rowid IN
         (SELECT rowid FROM idempotency_keys WHERE expires_at <= ? LIMIT ?)`,
      )
      .run(input.now, input.limit).changes;
    const counters = this.conn
      .stmt(
        "DELETE FROM rate_limits WHERE rowid IN (SELECT rowid FROM rate_limits WHERE window_end <= ? LIMIT ?)",
      )
      .run(input.now, input.limit).changes;
    return keys + counters;
  }
}

function isBusy(error: unknown): boolean {
  return String((error as { code?: unknown } | null)?.code ?? "").startsWith("SQLITE_BUSY");
}

/**
 * Counts `input.hits` inside the caller's write transaction (`json`: the hits as hitRows; computed
 * when absent), all or nothing: when a cost does not fit its limit, none is added (a request refused
 * by one limit counts against none). One read of the rows decides; then one upsert for every bucket
 * (the hits travel as one JSON array): a window that ended restarts at this cost, a current one grows
 * by it.
 */
export function countHits(
  conn: SqliteConnection,
  input: { hits: RateLimitHit[]; now: number },
  json = JSON.stringify(hitRows(input.hits, input.now)),
): RateLimitState[] {
  const before = counterRows(conn, json);
  const fits = input.hits.filter((hit) => {
    const row = before.get(hit.bucket);
    return (row !== undefined && row.windowEnd > input.now ? row.hits : 0) + hit.cost <= hit.limit;
  });
  if (fits.length < input.hits.length) {
    return rateLimitStates(input.hits, input.now, new Set(fits.map((h) => h.bucket)), before);
  }
  addHits(conn, json);
  // The write transaction holds the lock: the rows are what was read, plus the costs.
  const after = new Map<string, CounterRow>();
  for (const hit of input.hits) {
    const row = before.get(hit.bucket);
    const current = row !== undefined && row.windowEnd > input.now;
    after.set(hit.bucket, {
      windowEnd: current ? row.windowEnd : windowEnd(input.now, hit.windowMs),
      hits: (current ? row.hits : 0) + hit.cost,
    });
  }
  return rateLimitStates(input.hits, input.now, new Set(input.hits.map((h) => h.bucket)), after);
}

/**
 * Adds the hits of `json` ([bucket, window_end, hits, limit] rows) to their counters, whatever the
 * limits (decided already): a counter of an earlier window restarts at them, one of a later window
 * (hits kept aside past their window) keeps its count.
 */
function addHits(conn: SqliteConnection, json: string): void {
  conn
    .stmt(
      `INSERT INTO rate_limits (bucket, window_end, hits, max_hits)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)
       WHERE true
       ON CONFLICT (bucket) DO UPDATE SET
         hits = CASE WHEN window_end < excluded.window_end THEN excluded.hits
                     WHEN window_end = excluded.window_end THEN hits + excluded.hits
                     ELSE hits END,
         window_end = max(window_end, excluded.window_end),
         max_hits = excluded.max_hits`,
    )
    .run(json);
}

/** The counter rows of the buckets named first in each element of the JSON array `json`. */
function counterRows(conn: SqliteConnection, json: string): Map<string, CounterRow> {
  const rows = conn
    .stmt(
      `SELECT r.bucket, r.window_end, r.hits FROM json_each(?) AS j
       CROSS JOIN rate_limits AS r ON r.bucket = j.value ->> 0`,
    )
    .raw()
    .all(json) as Array<[string, number, number]>;
  return new Map(rows.map(([bucket, end, hits]) => [bucket, { windowEnd: end, hits }]));
}

/**
 * Counts `count` re-queued jobs against `hit` (ReprocessInput.countJobs) inside the caller's write
 * transaction; throws RateLimitRefusedError when they do not fit (the caller rolls back).
 */
export function countRequeuedJobs(
  conn: SqliteConnection,
  hit: RateLimitHit | undefined,
  count: number,
  now: number,
): void {
  if (!hit || count === 0) return;
  const states = countHits(conn, { hits: [{ ...hit, cost: count }], now });
  if (!states[0]!.allowed) throw new RateLimitRefusedError(states, [count]);
}
