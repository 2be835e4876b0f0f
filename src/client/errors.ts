/**
 * The errors the client throws. Every one is a `PlaceEnrichmentError`; an answer of the server that
 * is not 2xx is a `PlaceEnrichmentApiError` carrying its status, a code derived from the status and
 * the body's `detail` (a string, or the 422's list of `{loc, msg, type}`; API.md §1).
 */
import type { ValidationIssue } from "./wire-types.js";

export class PlaceEnrichmentError extends Error {
  override name = "PlaceEnrichmentError";
}

/** Stable names for the statuses of API.md §1 (the wire carries only the status and `detail`). */
export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "request_timeout"
  | "conflict"
  | "payload_too_large"
  | "uri_too_long"
  | "unsupported_media_type"
  | "validation_failed"
  | "rate_limited"
  | "server_error"
  | "unavailable"
  | "unexpected_status";

const CODE_BY_STATUS: Record<number, ApiErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  408: "request_timeout",
  409: "conflict",
  413: "payload_too_large",
  414: "uri_too_long",
  415: "unsupported_media_type",
  422: "validation_failed",
  429: "rate_limited",
  500: "server_error",
  502: "unavailable",
  503: "unavailable",
  504: "unavailable",
};

export function errorCodeOf(status: number): ApiErrorCode {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? "server_error" : "unexpected_status");
}

/** A non-2xx answer. `detail` is the body's `detail`, or the body's text when it had none. */
export class PlaceEnrichmentApiError extends PlaceEnrichmentError {
  override name = "PlaceEnrichmentApiError";
  readonly code: ApiErrorCode;

  constructor(
    readonly status: number,
    readonly detail: string | ValidationIssue[],
    readonly request: { method: string; path: string },
    /** The server's request id of a 500 (quote it to the operator). */
    readonly requestId?: string,
    /** Seconds from the `Retry-After` header, when there was one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${request.method} ${request.path}: ${status} ${describeDetail(detail)}`);
    this.code = errorCodeOf(status);
  }

  /** The 422's violations (empty for other errors). */
  get issues(): ValidationIssue[] {
    return Array.isArray(this.detail) ? this.detail : [];
  }
}

function describeDetail(detail: string | ValidationIssue[]): string {
  if (typeof detail === "string") return detail;
  const shown = detail.slice(0, 3).map((i) => `${i.loc.join(".")}: ${i.msg}`);
  return shown.join("; ") + (detail.length > 3 ? `; … (${detail.length} in all)` : "");
}

/** No answer: the connection failed, was reset, or the request timed out, after the retries. */
export class PlaceEnrichmentConnectionError extends PlaceEnrichmentError {
  override name = "PlaceEnrichmentConnectionError";
  constructor(
    message: string,
    readonly request: { method: string; path: string },
    options?: { cause?: unknown },
  ) {
    super(`${request.method} ${request.path}: ${message}`, options);
  }
}

/**
 * A batch sent in several requests failed part-way: the batch `batchId` exists with the first
 * `acceptedJobs` jobs; `cause` is the error of the request that failed. Sending the same jobs
 * again with `batch_id: batchId` completes it (a place_id already in the batch is replaced).
 */
export class PartialBatchError extends PlaceEnrichmentError {
  override name = "PartialBatchError";
  constructor(
    readonly batchId: string,
    readonly acceptedJobs: number,
    override readonly cause: unknown,
  ) {
    super(
      `batch ${batchId}: ${acceptedJobs} jobs accepted, then a request failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
