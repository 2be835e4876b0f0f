/**
 * `place-enrichment/client`: a typed client of the Place Enrichment batch API (docs/client.md).
 */
export { type BatchProgress, batchProgress, TERMINAL_BATCH_STATUSES } from "./batch-progress.js";
export {
  type CallOptions,
  type ClientOptions,
  type CreateBatchCallOptions,
  type CreateBatchRequest,
  type ListBatchesOptions,
  PlaceEnrichmentClient,
  type ReprocessCallOptions,
  type ResultsOptions,
  type WaitOptions,
} from "./client.js";
export {
  type ApiErrorCode,
  PartialBatchError,
  PlaceEnrichmentApiError,
  PlaceEnrichmentConnectionError,
  PlaceEnrichmentError,
} from "./errors.js";
export { DEFAULT_MAX_REQUEST_BYTES, MAX_JOBS_PER_REQUEST } from "./job-chunks.js";
export { DEFAULT_RETRY, type RetryOptions } from "./retry-policy.js";
export type * from "./wire-types.js";
