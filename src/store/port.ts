/**
 * The store port: everything the API and the workers persist goes through this interface, so the
 * embedded SQLite store and the PostgreSQL store are interchangeable. Every method is batch-first
 * (one call handles many rows; implementations never issue a query per row in a loop) and async,
 * so that network-backed implementations fit. Times are epoch milliseconds chosen by the caller's
 * injected clock: the store never reads the wall clock itself.
 */
import type { AttributeKey, AttributeStatus, PublicAttributeKey } from "../domain/attributes.js";
import type { JobStatus, StatusCounts } from "../domain/job-status.js";
import type { PlaceInputs, PrefilledData } from "../domain/place.js";

export interface Org {
  id: string;
  slug: string;
  createdAt: number;
}

export interface ApiKeyRecord {
  id: string;
  orgId: string;
  orgSlug: string;
  /** First characters of the key, shown in listings so an operator can tell keys apart. */
  prefix: string;
  label: string | null;
  createdAt: number;
  revokedAt: number | null;
}

/**
 * Per-organization overrides of the request limits (`place-enrich orgs limits`); null = the
 * configured default (RATE_LIMIT_PER_MINUTE, ...).
 */
export interface OrgLimits {
  /** Requests per minute of the whole organization (every key, polls included). */
  requestsPerMinute: number | null;
  /** Requests per minute of one key (status polls excluded). */
  keyRequestsPerMinute: number | null;
  /** Status polls per minute of one key. */
  pollsPerMinute: number | null;
  /** Jobs accepted per hour (batches, single jobs, POST /enrich, reprocessing). */
  jobsPerHour: number | null;
  /** Web searches per UTC day (SEARCH_DAILY_BUDGET). */
  searchesPerDay: number | null;
  /** Language model requests per UTC day (LLM_DAILY_REQUEST_BUDGET). */
  modelRequestsPerDay: number | null;
  /** Language model tokens per UTC day (LLM_DAILY_TOKEN_BUDGET). */
  modelTokensPerDay: number | null;
}

/** Calls to limited services (issue 11): the same counts as a job's Spend (src/enrich/job-budget.ts). */
export interface UsageCounts {
  searches: number;
  modelRequests: number;
  modelTokens: number;
}

/** An org's usage of one UTC day (`YYYY-MM-DD`). */
export interface OrgUsageDay {
  day: string;
  usage: UsageCounts;
}

/** What the worker needs to give an org's jobs their allowance: its overrides and today's usage. */
export interface OrgBudgetState {
  orgId: string;
  limits: OrgLimits;
  today: UsageCounts;
}

/** A key as authentication sees it: with its hash (compared in constant time) and its org's limits. */
export interface ApiKeyCredential extends ApiKeyRecord {
  keyHash: string;
  orgLimits: OrgLimits;
}

/**
 * One fixed-window counter a request touches. Windows are aligned to multiples of `windowMs` since
 * the epoch, so every process computes the same window for the same `now`.
 */
export interface RateLimitHit {
  /** e.g. `key:<id>:requests`, `org:<id>:jobs`, `auth:<client address>`. */
  bucket: string;
  windowMs: number;
  /** Most hits one window may hold. */
  limit: number;
  /** Hits this request costs (1 per request, n for n accepted jobs). */
  cost: number;
  /**
   * Counted against the stored count only, waiting for the database's write lock if need be: a
   * SQLite process never decides it from hits it kept while another write held the lock
   * (deferred-rate-hits.ts). For the jobs per hour, which a batch counts in its own write.
   */
  exact?: boolean;
}

export interface RateLimitState {
  bucket: string;
  /**
   * True when the cost fits the limit; the costs of a call are added only when all of its hits are
   * allowed (a refused request is not counted anywhere).
   */
  allowed: boolean;
  /** Hits in the current window (after this call). */
  hits: number;
  /** End of the current window, epoch ms: when a refused request may succeed. */
  resetAt: number;
}

/** What `beginIdempotentRequest` found (see there). */
export type IdempotencyStart =
  | { state: "started"; resourceId: string }
  | { state: "in_progress"; lockedUntil: number }
  | { state: "mismatch" }
  | { state: "completed"; statusCode: number; response: string };

export interface BatchRecord {
  /** Internal surrogate key; batch ids are unique per org only. */
  pk: number;
  id: string;
  orgId: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /**
   * A counter that moves in the same statement as updatedAt whenever the batch or one of its jobs'
   * states changes, so an equal version means an unchanged batch view (the API caches views by it).
   * Only where every such change is guaranteed to move it: SQLite (one writer at a time). PostgreSQL
   * has none: its workers' touch skips a batch row another transaction holds (claims.ts, to avoid
   * deadlocks), so a job change there may leave the batch row as it was.
   */
  version?: number;
}

/**
 * A job as the API submits it. `attributes` is already resolved (set merged, defaults applied); it may
 * name public attributes this deployment cannot enrich (stored, reported NOT_RUN, never claimed).
 */
export interface NewJob {
  placeId: string;
  inputs: PlaceInputs;
  attributes: PublicAttributeKey[];
  refresh: boolean;
  /** The client's `prefilled_data`, stored with the job and handed to the worker; absent = none. */
  prefilled?: PrefilledData | null;
}

/** The enrichment a worker stores for a completed job (rendered into PlaceJobResult by the API). */
export interface StoredResult {
  country_code: string | null;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  reasoning: Record<string, string | null>;
  confidence_scores: Record<string, string>;
  enrichment_metadata: Record<string, unknown>;
  last_enriched: string | null;
}

export interface JobRecord {
  pk: number;
  orgId: string;
  batchPk: number | null;
  placeId: string;
  status: JobStatus;
  inputs: PlaceInputs;
  /** Every requested attribute, including public ones this deployment cannot enrich. */
  attributes: PublicAttributeKey[];
  refresh: boolean;
  attempts: number;
  /** What the job's last completion stored; null when `view` holds it instead. */
  result: StoredResult | null;
  /**
   * SQLite: the completed job's PlaceJobResult as JSON text, rendered when it completed, in place of
   * `result` (renderJob returns it; migration 11). Absent in PostgreSQL and for older rows.
   */
  view?: string | null;
  attributeStatus: Partial<Record<AttributeKey, AttributeStatus>> | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface CreateBatchInput {
  orgId: string;
  batchId: string;
  batchName: string;
  /**
   * All at once, or chunk by chunk as the caller produces them (the API checks a request's jobs a
   * chunk at a time, and the threaded SQLite store writes the first chunks meanwhile: job-chunks.ts).
   * When the chunk source throws, the call throws its error and nothing is stored.
   */
  jobs: NewJob[] | AsyncIterable<NewJob[]>;
  /**
   * Rate-limit hits counted in the same transaction as the jobs (the org's jobs per hour), after all
   * of them were received: when one is refused nothing is stored and the call throws
   * RateLimitRefusedError; when the write fails they are not counted either.
   */
  countHits?: RateLimitHit[];
  /** true → new/replaced jobs start `queued`; false → `pending` until a reprocess. */
  kickOff: boolean;
  /**
   * Our extension (docs/webhooks.md): the URL the batch's terminal status is POSTed to. Given on an
   * append it replaces the batch's URL; absent keeps it (null never clears it).
   */
  webhookUrl?: string;
  now: number;
}

/** A CreateBatchInput whose jobs are all there: what a store writes. */
export type CollectedBatchInput = Omit<CreateBatchInput, "jobs"> & { jobs: NewJob[] };

export interface BatchStats {
  counts: StatusCounts;
  /** Among completed jobs: how many requested each attribute, and how many got a non-null value. */
  attributeRequested: Partial<Record<AttributeKey, number>>;
  attributeFilled: Partial<Record<AttributeKey, number>>;
}

export type BatchAttributeStatusRow = [
  placeId: string,
  attributeStatus: Partial<Record<AttributeKey, AttributeStatus>> | null,
  attributes: PublicAttributeKey[],
];

export interface BatchSummary {
  batch: BatchRecord;
  counts: StatusCounts;
}

/** failed; incomplete = pending+queued+in_progress; unfinished = both; all = every job. */
export type ReprocessSelection = "failed" | "incomplete" | "unfinished" | "all";

export interface ReprocessInput {
  orgId: string;
  batchPk: number;
  selection: ReprocessSelection;
  /** When true the selected jobs bypass the cache on their next run. */
  refresh: boolean;
  /** Replaces each selected job's attributes; null keeps each job's previous attributes. */
  attributes: PublicAttributeKey[] | null;
  now: number;
  /**
   * The org's jobs-per-hour hit, counted in the re-queue's own transaction at a cost of the jobs
   * re-queued that were not still waiting (pending or queued: counted when submitted, no more work
   * queued again): when it does not fit, nothing is re-queued and RateLimitRefusedError is thrown
   * (its `costs`: that number). Absent: not counted.
   */
  countJobs?: RateLimitHit;
}

/** `POST /jobs/reprocess`: the org's most recent job of each place_id is queued again. */
export interface ReprocessPlacesInput {
  orgId: string;
  placeIds: string[];
  /** When true the re-queued jobs bypass the cache on their next run. */
  refresh: boolean;
  /** Replaces each re-queued job's attributes; null keeps each job's previous attributes. */
  attributes: PublicAttributeKey[] | null;
  now: number;
  /** As ReprocessInput.countJobs. */
  countJobs?: RateLimitHit;
}

export interface ReprocessPlacesResult {
  /** place_ids whose latest job was queued again, in request order, without duplicates. */
  requeued: string[];
  /** place_ids with no job in the org, in request order, without duplicates. */
  notFound: string[];
}

export interface ClaimedJob {
  pk: number;
  orgId: string;
  placeId: string;
  inputs: PlaceInputs;
  /** The requested attributes this deployment enriches (public-only keys are left out). */
  attributes: AttributeKey[];
  /** Every requested attribute key, as stored (the completed job's view shows them all). */
  requestedAttributes: PublicAttributeKey[];
  refresh: boolean;
  /** Attempts including this one (1 on the first claim). */
  attempts: number;
  /** The client's `prefilled_data`, or null. */
  prefilled: PrefilledData | null;
  /** The job's batch; null for a job outside batches. */
  batchPk: number | null;
}

/**
 * Per job status: the place_ids as JSON array text in UTF-8 (`["a","b"]`, `[]` when none) and how many.
 * Bytes, not strings: the API copies them into its response as they are, and from the SQLite reader
 * thread they are transferred, not copied (a 50,000-job batch's lists are ~750 kB).
 */
export type PlaceIdLists = Record<JobStatus, { count: number; json: Uint8Array }>;

/** The work queue at a glance, for metrics (GET /metrics): read from the partial indexes of the queue. */
export interface QueueStats {
  /** Jobs in `queued`, due now or backing off after a failure. */
  queued: number;
  inProgress: number;
  /**
   * run_after (ms since epoch) of the job next in line: the due queued job of lowest pk, the one the
   * next claim takes; null when no job is due. now − this is how long the head of the queue has waited.
   */
  headDueAt: number | null;
}

/** What reaping expired leases did. */
export interface ReapOutcome {
  requeued: number;
  failed: number;
  /** Batches of the jobs failed by this reaping (they may have just finished). */
  batchPks: number[];
}

/** A batch whose last job just ended (every job completed or failed). */
export interface FinishedBatch {
  pk: number;
  id: string;
  orgId: string;
  counts: StatusCounts;
  createdAt: number;
  finishedAt: number;
}

/** A completed job's outcome: its result, or the view rendered from it (CompletedJob without pk). */
export type CompletedJobOutcome = {
  attributeStatus: Partial<Record<AttributeKey, AttributeStatus>>;
  /** Bitmask (attribute `bit`) of the attributes that got at least one non-null output. */
  filledMask: number;
} & (
  | { result: StoredResult; view?: undefined }
  | {
      /**
       * The job's PlaceJobResult as JSON text, rendered by the worker (renderCompletedJob) from its
       * claim — place_id, requested attributes, attempts, which a job still owned at completion has
       * not changed since — and the result, which then need not travel to the store as objects.
       */
      view: string;
      result?: undefined;
    }
);

export type CompletedJob = { pk: number } & CompletedJobOutcome;

export interface FailedJob {
  pk: number;
  error: string;
  /** Set → back to `queued`, claimable from this time on. null → final: status `failed`. */
  retryAt: number | null;
  /** Stored with a final failure so the result shows which attributes errored. */
  attributeStatus?: Partial<Record<AttributeKey, AttributeStatus>>;
}

export interface CacheKey {
  attribute: AttributeKey;
  /** Hash of the place's normalized inputs. */
  inputHash: string;
}

export interface CacheEntry extends CacheKey {
  value: unknown;
}

/** What putCachedResults stores: a value, or a value already serialized (`json`, its JSON text). */
export type CacheWrite = CacheEntry | (CacheKey & { json: string });

/** Where a batch's webhook event stands: `waiting` while the batch is not terminal. */
export type WebhookState = "waiting" | "pending" | "delivered" | "failed";

/** One POST of a webhook event, as recorded on the delivery. */
export interface WebhookAttempt {
  /** 1 for the first POST of this event. */
  attempt: number;
  /** When it was sent, epoch ms. */
  at: number;
  /** The receiver's HTTP status; null when no answer came (see `error`). */
  statusCode: number | null;
  /** Why no answer came or the delivery was refused (e.g. `timeout`, `address`); null with an answer. */
  error: string | null;
  durationMs: number;
}

/** A batch's webhook: its URL and its latest terminal event's delivery. */
export interface BatchWebhook {
  batchPk: number;
  url: string;
  /** The latest terminal event's id; null while `waiting`. */
  eventId: string | null;
  state: WebhookState;
  /** That event's attempts, oldest first ([] while waiting). */
  attempts: WebhookAttempt[];
}

/** A delivery claimed by one process under a lease: it POSTs it, then records the attempt. */
export interface ClaimedWebhookDelivery {
  batchPk: number;
  batchId: string;
  orgId: string;
  eventId: string;
  url: string;
  /** This attempt's number (attempts before it + 1). */
  attempt: number;
}

/** What one attempt changed: `pending` with `dueAt` = retry then; `delivered`/`failed` are final. */
export interface WebhookAttemptOutcome {
  batchPk: number;
  eventId: string;
  attempt: WebhookAttempt;
  state: "pending" | "delivered" | "failed";
  /** Next try (epoch ms) when `pending`; ignored otherwise. */
  dueAt: number | null;
}

/** A page of jobs: of one batch (batchPk set), of the org, or of the org outside batches. */
export interface ListJobsQuery {
  orgId: string;
  batchPk?: number;
  excludeBatches?: boolean;
  limit: number;
  offset: number;
}

export interface Store {
  readonly kind: "sqlite" | "postgres";
  /** Applies pending numbered migrations. Safe to call from several processes at once. */
  migrate(): Promise<void>;
  /** Cheap round trip used by /ready. Throws when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;

  // Organizations and keys
  createOrg(slug: string, now: number): Promise<Org>;
  getOrgBySlug(slug: string): Promise<Org | null>;
  countOrgs(): Promise<number>;
  /** Every organization, oldest first. */
  listOrgs(): Promise<Org[]>;
  createApiKey(input: {
    orgId: string;
    keyHash: string;
    prefix: string;
    label: string | null;
    now: number;
  }): Promise<ApiKeyRecord>;
  listApiKeys(orgId: string): Promise<ApiKeyRecord[]>;
  /** Revokes by key id or prefix within the org. Returns how many keys were revoked. */
  revokeApiKey(orgId: string, idOrPrefix: string, now: number): Promise<number>;
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null>;
  /**
   * Keys (revoked or not) whose shown prefix is `prefix`, with their hashes and their org's limits:
   * authentication compares the presented key's hash with each in constant time.
   */
  findApiKeysByPrefix(prefix: string): Promise<ApiKeyCredential[]>;
  /**
   * Sets the given limit overrides of an org (a null field returns to the default; absent fields
   * are kept) and returns the org's overrides after it; null when there is no such org.
   */
  setOrgLimits(orgId: string, limits: Partial<OrgLimits>): Promise<OrgLimits | null>;

  // Usage of limited services per org and UTC day (issue 11). Days are the UTC date of `now`.
  /**
   * Adds each entry's counts to its org's usage of the day of `now`, in one statement (entries of the
   * same org are summed first). Entries of orgs that no longer exist are dropped.
   */
  addOrgUsage(input: { entries: Array<{ orgId: string; usage: UsageCounts }>; now: number }): Promise<void>;
  /** For each existing org of `orgIds` (one query): its limit overrides and its usage of today. */
  getOrgBudgetStates(input: { orgIds: string[]; now: number }): Promise<OrgBudgetState[]>;
  /** The org's usage of the `days` UTC days up to today, newest first; days without usage are left out. */
  listOrgUsage(input: { orgId: string; now: number; days: number }): Promise<OrgUsageDay[]>;

  // Request limits and idempotency (shared by every API process on the database)
  /**
   * Adds each hit's cost to its bucket's current window when every hit of the call fits: its window
   * then holds at most `limit` hits. When one does not, none is added (a request refused by one limit
   * counts against none). Buckets must be distinct. Returns one state per hit, in order (`allowed`:
   * that hit fits).
   */
  consumeRateLimits(input: { hits: RateLimitHit[]; now: number }): Promise<RateLimitState[]>;
  /** The current windows' hits of these buckets (0 when none), without adding any. */
  peekRateLimits(input: {
    buckets: Array<{ bucket: string; windowMs: number }>;
    now: number;
  }): Promise<Array<{ bucket: string; hits: number; resetAt: number }>>;
  /**
   * Claims an Idempotency-Key of an org for one request (its hash covers method, path and body):
   * - no record, or one past its expiry: stored as in progress (locked for `lockMs`, kept for
   *   `ttlMs`) → `started` with the given `resourceId`;
   * - a record of another request hash → `mismatch`;
   * - a finished record → `completed` with the stored response;
   * - in progress and locked → `in_progress`;
   * - in progress with its lock run out (its process died) → taken over: `started` with the record's
   *   own `resourceId`, so a retry creates the same batch id as the first attempt.
   */
  beginIdempotentRequest(input: {
    orgId: string;
    key: string;
    requestHash: string;
    resourceId: string;
    now: number;
    lockMs: number;
    ttlMs: number;
  }): Promise<IdempotencyStart>;
  /** Stores the response of a started request; false when the record is gone or not ours. */
  finishIdempotentRequest(input: {
    orgId: string;
    key: string;
    requestHash: string;
    statusCode: number;
    response: string;
  }): Promise<boolean>;
  /** Drops a started request's record (it failed: a retry runs again). */
  abandonIdempotentRequest(input: { orgId: string; key: string; requestHash: string }): Promise<void>;
  /**
   * Deletes up to `limit` idempotency records past their expiry and up to `limit` rate-limit
   * counters whose window ended; returns how many rows went.
   */
  pruneRequestState(input: { now: number; limit: number }): Promise<number>;

  // Batches
  /** Creates the batch or appends to it, in one transaction: all jobs are stored or none. */
  createOrAppendBatch(input: CreateBatchInput): Promise<{ batch: BatchRecord; created: boolean }>;
  getBatch(orgId: string, batchId: string): Promise<BatchRecord | null>;
  /** [place_id, status] of every job of the batch, in submission order. */
  listBatchJobStatuses(batchPk: number): Promise<Array<[string, JobStatus]>>;
  /**
   * The batch's place_ids grouped by job status, each list in submission order, as the JSON array text
   * the database built, with its length: the batch status view. A 50,000-job batch costs five strings,
   * not 50,000 row objects, and the API copies the text into its response without parsing it.
   */
  listBatchPlaceIdsByStatus(batchPk: number): Promise<PlaceIdLists>;
  getBatchStats(batchPk: number): Promise<BatchStats>;
  /**
   * [place_id, attribute_status, requested attributes] of the batch's jobs, in submission order (for
   * ?enrichments=). attribute_status is null until the job was processed.
   */
  listBatchAttributeStatuses(batchPk: number): Promise<BatchAttributeStatusRow[]>;
  /**
   * The batch's `attribute_statuses` for `attributes` (store/attribute-statuses-json.ts) as UTF-8
   * JSON in a buffer of its own, built where the rows are read.
   */
  batchAttributeStatusesJson(batchPk: number, attributes: readonly PublicAttributeKey[]): Promise<Uint8Array>;
  /** Newest first; `query` is a case-insensitive substring of the name. */
  listBatches(
    orgId: string,
    page: { limit: number; offset: number; query?: string },
  ): Promise<{ batches: BatchSummary[]; total: number }>;
  renameBatch(orgId: string, batchId: string, name: string, now: number): Promise<BatchRecord | null>;
  /** Removes the batch and its jobs. Returns false when there was no such batch. */
  deleteBatch(orgId: string, batchId: string): Promise<boolean>;
  /** Re-queues the selected jobs in one statement; returns how many were selected. */
  reprocessBatch(input: ReprocessInput): Promise<number>;
  /**
   * Re-queues the org's most recent job (highest pk, batch or standalone) of each place_id in one
   * transaction: queued now, attempts 0, lease, error and previous outcome (result, attribute
   * statuses, filled mask) cleared, refresh set, attributes replaced when given. Bumps updated_at of
   * the batches it touched. Other orgs' jobs are never touched.
   */
  reprocessPlaces(input: ReprocessPlacesInput): Promise<ReprocessPlacesResult>;

  // Jobs
  /** Jobs of one batch (batchPk set), of the org, or of the org outside batches; submission order. */
  listJobs(query: ListJobsQuery): Promise<{ jobs: JobRecord[]; total: number }>;
  /**
   * The same page as listJobs as the `GET /jobs` response body: UTF-8 JSON
   * `{"jobs":[PlaceJobResult, …],"total":n,"limit":l,"offset":o}`, each job rendered by renderJob
   * (domain/job-result-view.ts). Built where the rows are read (the SQLite store's reader thread), so
   * that the event loop only sends the bytes (store/jobs-page-json.ts says why).
   */
  jobsPageJson(query: ListJobsQuery): Promise<Uint8Array>;
  /** Enqueues one job outside any batch, replacing an earlier standalone job with the same place_id. */
  createStandaloneJob(orgId: string, job: NewJob, now: number): Promise<JobRecord>;
  /** The most recent job with this place_id in the org, batch or not. */
  getLatestJob(orgId: string, placeId: string): Promise<JobRecord | null>;
  /** Deletes the org's most recent job of `placeId`; its batch's updated_at moves to `now`. */
  deleteLatestJob(orgId: string, placeId: string, now: number): Promise<boolean>;

  // Worker side. Every job state change also moves its batch's updated_at.
  /** Claims up to `limit` queued jobs whose run time has come: in_progress, attempts+1, leased. */
  claimJobs(input: { workerId: string; limit: number; leaseMs: number; now: number }): Promise<ClaimedJob[]>;
  /** Extends the leases this worker still holds; returns the pks it still owns. */
  renewLeases(input: { workerId: string; pks: number[]; leaseMs: number; now: number }): Promise<number[]>;
  /** Stores results of jobs this worker still owns; returns how many were stored. */
  completeJobs(input: { workerId: string; jobs: CompletedJob[]; now: number }): Promise<number>;
  /** Requeues (retryAt set) or finally fails jobs this worker still owns; returns how many changed. */
  failJobs(input: { workerId: string; jobs: FailedJob[]; now: number }): Promise<number>;
  /** Gives claimed jobs back untouched (shutdown): queued again, the attempt not counted. */
  releaseJobs(input: { workerId: string; pks: number[]; now: number }): Promise<number>;
  /**
   * Returns jobs whose lease expired (their worker died): queued again for a retry, or failed when
   * they already used `maxAttempts`. Returns the counts.
   */
  reapExpiredLeases(input: { now: number; maxAttempts: number }): Promise<ReapOutcome>;
  /** Counts of the work queue in all organizations (metrics); three index reads, no table scan. */
  queueStats(now: number): Promise<QueueStats>;
  /**
   * Of the given batches, marks those with no job pending, queued or in progress as finished and
   * returns them — each batch once until an append or a reprocess queues jobs of it again, so of
   * several workers that end the same batch exactly one gets it back.
   */
  markFinishedBatches(input: { batchPks: number[]; now: number }): Promise<FinishedBatch[]>;

  // Webhooks (docs/webhooks.md). markFinishedBatches also starts a new event (new event id, state
  // pending, due at `now`, no attempts) for each batch it marks that has a webhook_url, in the same
  // transaction: one event per terminal transition, whichever process marks it.
  /**
   * Pks (up to `limit`) of batches with a webhook_url that are terminal (jobs, none pending, queued or
   * in progress; a batch whose jobs were all deleted is not) but not marked finished: their last worker died between its job writes and the mark.
   * The delivery loop passes them to markFinishedBatches.
   */
  findUnmarkedFinishedBatches(input: { limit: number }): Promise<number[]>;
  /**
   * Claims up to `limit` pending deliveries due at `now` whose batch is still terminal and whose lease
   * is free or expired (its process died mid-delivery), earliest due first: leased to `workerId` for
   * `leaseMs`, attempts + 1. Several processes never get the same delivery.
   * `perOrgLimit` (default: none): an org whose deliveries already hold that many unexpired leases
   * (any process, on batches still finished) gets none, and otherwise at most the difference, so one
   * org's many (or slow) deliveries cannot take every sending slot. Processes claiming at the same
   * moment may each give an org its share (PostgreSQL): the bound is per claim, not global.
   */
  claimWebhookDeliveries(input: {
    workerId: string;
    limit: number;
    leaseMs: number;
    now: number;
    perOrgLimit?: number;
  }): Promise<ClaimedWebhookDelivery[]>;
  /**
   * Appends each attempt to its delivery and sets the outcome, for deliveries this worker still
   * leases with that event id (a newer event, or another worker after an expired lease, wins);
   * the lease is released. Returns how many were recorded.
   */
  recordWebhookAttempts(input: {
    workerId: string;
    outcomes: WebhookAttemptOutcome[];
    now: number;
  }): Promise<number>;
  /** The webhooks of those of the given batches that have one (any order). */
  getBatchWebhooks(batchPks: number[]): Promise<BatchWebhook[]>;
  /**
   * The org's webhook signing secret; when it has none yet, `candidate` is stored and returned (two
   * processes racing both get the one stored first). null when there is no such org.
   */
  ensureWebhookSecret(orgId: string, candidate: string): Promise<string | null>;
  /** Replaces the org's signing secret (rotation); false when there is no such org. */
  setWebhookSecret(orgId: string, secret: string): Promise<boolean>;

  /**
   * Optional: calls `onWork` whenever any process queued jobs (PostgreSQL LISTEN/NOTIFY). Stores
   * without it are polled. Resolves to an unsubscribe function.
   */
  watchForWork?(onWork: () => void, onError?: (error: Error) => void): Promise<() => Promise<void>>;

  // Cache (per org)
  getCachedResults(orgId: string, keys: CacheKey[], notBefore: number): Promise<CacheEntry[]>;
  putCachedResults(orgId: string, entries: CacheWrite[], now: number): Promise<void>;
  /**
   * Deletes up to `limit` cached places (any org; a place's row holds all its cached attributes) last
   * written before `notBefore`; returns how many.
   */
  pruneCache(input: { notBefore: number; limit: number }): Promise<number>;
  /**
   * Deletes up to `limit` of one org's cached places (all their attributes), whatever their age;
   * returns how many. Bounded like pruneCache so that a large purge never holds the database long:
   * call it until it returns less than `limit`.
   */
  purgeCache(input: { orgId: string; limit: number }): Promise<number>;
}
