/**
 * Typed search failures. Discovery turns them into evidence notes or a failed source:
 *
 * - `search_configuration`: the engine refuses us as configured (SearXNG 403: the JSON format is not
 *   enabled in its settings.yml `search.formats`; 401/403 of an API: a missing or wrong key). Retrying
 *   does not help until the operator fixes it; never reported as "nothing found".
 * - `search_rate_limited`: 429 (`retryAfterMs` when sent), or SearXNG answering with every engine
 *   unresponsive (its upstream engines throttled it). Transient.
 * - `search_unavailable`: connection refused, DNS, 5xx, a timeout. Transient.
 * - `search_bad_response`: a 2xx answer that is not the API's JSON (malformed, wrong shape, too large).
 */
export type SearchErrorCode =
  | "search_configuration"
  | "search_rate_limited"
  | "search_unavailable"
  | "search_bad_response";

export class SearchError extends Error {
  constructor(
    readonly code: SearchErrorCode,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = "SearchError";
  }

  /** Worth trying again later (the job is retried): rate limits, outages, garbled answers. */
  get transient(): boolean {
    return this.code !== "search_configuration";
  }
}
