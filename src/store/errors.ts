/**
 * Errors a Store implementation throws for conditions the caller may want to map to a client error
 * (instead of a 500). Shared by all implementations so the API maps them the same way.
 */
import type { RateLimitState } from "./port.js";

export type StoreConflictCode = "duplicate_org_slug" | "duplicate_place_id";

/** A uniqueness rule was violated; nothing was stored. */
export class StoreConflictError extends Error {
  override readonly name = "StoreConflictError";

  constructor(
    readonly code: StoreConflictCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A rate-limit hit counted in the same transaction as a write (CreateBatchInput.countHits,
 * ReprocessInput.countJobs) was refused: nothing of the write was stored. `states`: one per hit, in
 * order; `costs`: each hit's cost (a re-queue's is known only inside its transaction).
 */
export class RateLimitRefusedError extends Error {
  override readonly name = "RateLimitRefusedError";

  constructor(
    readonly states: RateLimitState[],
    readonly costs: number[] = [],
  ) {
    super(
      `rate limit reached: ${states
        .filter((s) => !s.allowed)
        .map((s) => s.bucket)
        .join(", ")}`,
    );
  }
}

/**
 * Rejects a request that repeats a place_id, before anything is written: inside one bulk write a
 * repeated place_id would silently overwrite the earlier job of the same request (or, in one
 * PostgreSQL statement, fail halfway) instead of failing the request.
 */
export function assertUniquePlaceIds(jobs: ReadonlyArray<{ placeId: string }>): void {
  const seen = new Set<string>();
  for (const job of jobs) {
    if (seen.has(job.placeId)) {
      throw new StoreConflictError("duplicate_place_id", `place_id "${job.placeId}" appears more than once`);
    }
    seen.add(job.placeId);
  }
}

export function isStoreConflictError(error: unknown, code?: StoreConflictCode): error is StoreConflictError {
  return error instanceof StoreConflictError && (code === undefined || error.code === code);
}

const UNAVAILABLE_CODES = new Set([
  // Network
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
  // PostgreSQL: admin/crash shutdown, cannot connect now, too many connections
  "57P01",
  "57P02",
  "57P03",
  "53300",
  // PostgreSQL: serialization failure, deadlock detected — the transaction rolled back; a retry succeeds
  "40001",
  "40P01",
  // SQLite: another process holds the write lock past busy_timeout
  "SQLITE_BUSY",
  "SQLITE_CANTOPEN",
]);

/** pg raises some connection losses without a code; these messages are its stable wording. */
const UNAVAILABLE_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "Connection terminated unexpectedly",
];

/**
 * True when the database is unreachable or refusing work for now: the API answers 503 (retry later)
 * instead of 500, and workers pause and retry instead of failing jobs.
 */
export function isStoreUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
  return UNAVAILABLE_MESSAGES.some((m) => error.message.includes(m));
}
