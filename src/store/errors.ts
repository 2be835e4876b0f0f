/**
 * Errors a Store implementation throws for conditions the caller may want to map to a client error
 * (instead of a 500). Shared by all implementations so the API maps them the same way.
 */
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

export function isStoreConflictError(error: unknown, code?: StoreConflictCode): error is StoreConflictError {
  return error instanceof StoreConflictError && (code === undefined || error.code === code);
}
