/**
 * `PlaceEnrichmentClient`: the five batch endpoints of the guide plus `POST /enrich`, over any
 * server of the Place Enrichment API. It uses nothing beyond the public API unless asked
 * (`include: "metadata"` is opt-in); the Idempotency-Key header it sends on POSTs is ignored by a
 * server that does not know it.
 */
import { type BatchProgress, batchProgress } from "./batch-progress.js";
import { PartialBatchError } from "./errors.js";
import {
  batchRequestJson,
  chunkJobs,
  DEFAULT_MAX_REQUEST_BYTES,
  MAX_JOBS_PER_REQUEST,
} from "./job-chunks.js";
import { DEFAULT_RETRY, type RetryOptions } from "./retry-policy.js";
import { sleep, Transport, type TransportOptions } from "./transport.js";
import type {
  Batch,
  BatchListItem,
  BatchListPage,
  CreateBatchOptions,
  JobsPage,
  PlaceJob,
  PlaceJobResult,
  ReprocessOptions,
  ReprocessResult,
} from "./wire-types.js";

export interface ClientOptions {
  /** The server's root URL, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** The organization slug of the URLs (`/v1/{org}/place_enrichment`). */
  org: string;
  apiKey: string;
  /** Retries of 429/503 and of lost connections (retry-policy.ts); defaults: 5 attempts, Retry-After up to 120 s. */
  retry?: Partial<RetryOptions>;
  /**
   * Per attempt, in ms (default 300,000). A 50,000-job create took ~3 s on the reference machine and
   * a 10,000-job result page ~1 s; the server cuts a request at REQUEST_TIMEOUT_SECONDS (180).
   */
  timeoutMs?: number;
  /** Another fetch (a proxy agent, say); the global one by default. */
  fetch?: typeof fetch;
  onRetry?: TransportOptions["onRetry"];
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface CreateBatchRequest extends CreateBatchOptions {
  /** Any number of jobs: sent in requests of at most 50,000 (and maxRequestBytes). */
  jobs: Iterable<PlaceJob> | AsyncIterable<PlaceJob>;
}

export interface CreateBatchCallOptions extends CallOptions {
  /** `metadata`: ask for the batch statistics (this service's extension; null otherwise). */
  include?: "metadata";
  /** After each request: the batch id, the jobs accepted so far and the requests sent. */
  onRequest?: (info: { batchId: string; acceptedJobs: number; requests: number }) => void;
  /** Jobs per request (at most 50,000). */
  maxJobsPerRequest?: number;
  /** JSON bytes of jobs per request (default 24 MiB). */
  maxRequestBytes?: number;
}

export interface WaitOptions extends CallOptions {
  /** Called after every poll. */
  onProgress?: (progress: BatchProgress, batch: Batch) => void;
  /** First interval between polls, in ms (default 1,000)… */
  initialIntervalMs?: number;
  /** …growing ×1.5 up to this (default 10,000: the guide polls every 5–10 s). */
  maxIntervalMs?: number;
  include?: "metadata";
}

export interface ResultsOptions extends CallOptions {
  /**
   * Jobs per page (1..10,000; default 1,000). A completed job is ~3 KB of JSON (50,000 results were
   * 145 MB), so a page of 1,000 holds ~3 MB.
   */
  pageSize?: number;
}

export interface ListBatchesOptions extends CallOptions {
  /** Case-insensitive substring of the batch name. */
  query?: string;
  /** Batches per page (1..500; default 100). */
  pageSize?: number;
  include?: "metadata";
}

export interface ReprocessCallOptions extends CallOptions {
  /** Sent as the Idempotency-Key header (a fresh one per call by default). */
  idempotencyKey?: string;
}

const USER_AGENT = "place-enrichment-client/0.1";

export class PlaceEnrichmentClient {
  private readonly transport: Transport;

  constructor(options: ClientOptions) {
    if (!options.baseUrl) throw new TypeError("baseUrl is required");
    if (!options.org) throw new TypeError("org is required");
    if (!options.apiKey) throw new TypeError("apiKey is required");
    this.transport = new Transport({
      baseUrl: options.baseUrl,
      org: options.org,
      apiKey: options.apiKey,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      timeoutMs: options.timeoutMs ?? 300_000,
      fetch: options.fetch ?? globalThis.fetch,
      userAgent: USER_AGENT,
      onRetry: options.onRetry,
    });
  }

  /**
   * Creates a batch of any size: the first request creates it, the others append to the same batch
   * id (the guide: "append via repeated requests with the same batch_id"). Without `batch_id` the
   * client chooses a UUID, so that every request can be repeated safely after a lost answer, on any
   * server of the API (a repeated append replaces the same place_ids). Each request also carries an
   * Idempotency-Key. Returns the batch as the last request answered it.
   *
   * Errors: PlaceEnrichmentApiError (e.g. 422 with the violations, `loc` indices relative to the
   * request) when the first request fails; PartialBatchError (batchId, acceptedJobs, cause) when a
   * later one does; a batch without any job is a TypeError.
   */
  async createBatch(request: CreateBatchRequest, options: CreateBatchCallOptions = {}): Promise<Batch> {
    const { jobs, ...fields } = request;
    const batchId = fields.batch_id ?? crypto.randomUUID();
    const requestKey = crypto.randomUUID();
    const maxJobs = Math.min(options.maxJobsPerRequest ?? MAX_JOBS_PER_REQUEST, MAX_JOBS_PER_REQUEST);
    const limits = { maxJobs, maxBytes: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES };
    let accepted = 0;
    let requests = 0;
    let last: Batch | undefined;
    for await (const chunk of chunkJobs(jobs, limits)) {
      try {
        last = await this.transport.request<Batch>({
          method: "POST",
          path: "/batches",
          query: { include: options.include },
          jsonText: batchRequestJson({ ...fields, batch_id: batchId }, chunk),
          repeatable: true,
          idempotencyKey: `${requestKey}-${requests}`,
          signal: options.signal,
        });
      } catch (error) {
        if (requests === 0) throw error;
        throw new PartialBatchError(batchId, accepted, error);
      }
      accepted += chunk.parts.length;
      requests++;
      options.onRequest?.({ batchId: last.id, acceptedJobs: accepted, requests });
    }
    if (!last) throw new TypeError("createBatch: a batch needs at least one job");
    return last;
  }

  /** `GET /batches/{id}`: the batch with its place ids grouped by job status. 404 for an unknown id. */
  async getBatch(
    batchId: string,
    options: CallOptions & { include?: "metadata"; enrichments?: string[] } = {},
  ): Promise<Batch> {
    return this.transport.request<Batch>({
      method: "GET",
      path: `/batches/${encodeURIComponent(batchId)}`,
      query: { include: options.include, enrichments: options.enrichments?.join(",") },
      repeatable: true,
      signal: options.signal,
    });
  }

  /**
   * Polls the batch until its status is `completed` or `failed` and returns that last answer.
   * Intervals grow from `initialIntervalMs` ×1.5 to `maxIntervalMs`. Aborting the signal stops
   * waiting (rejects with the signal's reason); it never touches the batch.
   */
  async waitForBatch(batchId: string, options: WaitOptions = {}): Promise<Batch> {
    let interval = options.initialIntervalMs ?? 1000;
    const maxInterval = options.maxIntervalMs ?? 10_000;
    for (;;) {
      const batch = await this.getBatch(batchId, { signal: options.signal, include: options.include });
      const progress = batchProgress(batch);
      options.onProgress?.(progress, batch);
      if (progress.finished) return batch;
      await sleep(interval, options.signal);
      interval = Math.min(maxInterval, Math.round(interval * 1.5));
    }
  }

  /** One page of results: `GET /jobs?batchId&limit&offset` → `{jobs, total, limit, offset}`. */
  async getResultsPage(
    batchId: string,
    offset: number,
    limit: number,
    options: CallOptions = {},
  ): Promise<JobsPage> {
    return this.transport.request<JobsPage>({
      method: "GET",
      path: "/jobs",
      query: { batchId, limit, offset },
      repeatable: true,
      signal: options.signal,
    });
  }

  /**
   * The result pages of a batch, in submission order, until `offset + jobs.length >= total` (the
   * guide's rule; an empty page also ends it). One page is held at a time.
   */
  async *resultPages(batchId: string, options: ResultsOptions = {}): AsyncGenerator<JobsPage> {
    const limit = options.pageSize ?? 1000;
    for (let offset = 0; ; ) {
      const page = await this.getResultsPage(batchId, offset, limit, options);
      yield page;
      if (page.jobs.length === 0 || offset + page.jobs.length >= page.total) return;
      offset += page.jobs.length;
    }
  }

  /** Every job result of a batch, one at a time (see resultPages). */
  async *iterateResults(batchId: string, options: ResultsOptions = {}): AsyncGenerator<PlaceJobResult> {
    for await (const page of this.resultPages(batchId, options)) yield* page.jobs;
  }

  /**
   * `POST /batches/{id}/reprocess`. Defaults are the server's: only failed jobs (`failed_only:
   * true`), a 400 "No jobs found in batch" when none failed; `{failed_only: false}` runs every job
   * again, `refresh: true` bypasses the cache.
   */
  async reprocess(
    batchId: string,
    body: ReprocessOptions = {},
    options: ReprocessCallOptions = {},
  ): Promise<ReprocessResult> {
    return this.transport.request<ReprocessResult>({
      method: "POST",
      path: `/batches/${encodeURIComponent(batchId)}/reprocess`,
      body,
      repeatable: false,
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    });
  }

  /** One page of `GET /batches` (newest first). */
  async getBatchesPage(
    offset: number,
    limit: number,
    options: Omit<ListBatchesOptions, "pageSize"> = {},
  ): Promise<BatchListPage> {
    return this.transport.request<BatchListPage>({
      method: "GET",
      path: "/batches",
      query: { limit, offset, query: options.query, include: options.include },
      repeatable: true,
      signal: options.signal,
    });
  }

  /**
   * Every batch of the organization, newest first, page after page. A batch created while paging
   * shifts the pages; a batch already yielded is not yielded twice.
   */
  async *listBatches(options: ListBatchesOptions = {}): AsyncGenerator<BatchListItem> {
    const limit = options.pageSize ?? 100;
    const seen = new Set<string>();
    for (let offset = 0; ; ) {
      const page = await this.getBatchesPage(offset, limit, options);
      for (const batch of page.batches) {
        if (seen.has(batch.id)) continue;
        seen.add(batch.id);
        yield batch;
      }
      if (page.batches.length === 0 || offset + page.batches.length >= page.total) return;
      offset += page.batches.length;
    }
  }

  /** `POST /enrich`: one place enriched at once (synchronous on the server). */
  async enrich(job: PlaceJob, options: CallOptions = {}): Promise<PlaceJobResult> {
    return this.transport.request<PlaceJobResult>({
      method: "POST",
      path: "/enrich",
      body: job,
      // Enriching stores nothing: sending it twice only costs time.
      repeatable: true,
      signal: options.signal,
    });
  }
}
