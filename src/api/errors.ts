/**
 * Errors carry a stable code and an HTTP status; `error-handler.ts` turns them into responses in one
 * place. Wire shape (API.md §1): `{"detail": "..."}`, or for schema violations
 * `{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`.
 */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
}

export type ApiErrorCode =
  | "bad_request"
  | "batch_too_large"
  | "no_jobs_selected"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "validation_failed"
  | "payload_too_large"
  | "invalid_encoding"
  | "unsupported_media_type"
  | "rate_limited"
  | "request_timeout"
  | "conflict"
  | "uri_too_long"
  | "unavailable"
  | "internal";

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ValidationIssue[],
    /** Response headers the error carries (Retry-After, RateLimit-*, Connection: close). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  static badRequest(message: string, code: ApiErrorCode = "bad_request"): ApiError {
    return new ApiError(400, code, message);
  }

  static notFound(message: string): ApiError {
    return new ApiError(404, "not_found", message);
  }

  static validation(issues: ValidationIssue[]): ApiError {
    return new ApiError(422, "validation_failed", "Request validation failed", issues);
  }
}
