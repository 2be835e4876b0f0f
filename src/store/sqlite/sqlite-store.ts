/**
 * The embedded SQLite implementation of the Store port. better-sqlite3 is synchronous: each method runs its
 * statements to completion and returns a settled promise (errors become rejections). One SqliteStore owns
 * one connection; several processes may open the same file (WAL, busy_timeout, IMMEDIATE transactions).
 */

import type { PublicAttributeKey } from "../../domain/attributes.js";
import type { JobStatus } from "../../domain/job-status.js";
import { attributeStatusesJson } from "../attribute-statuses-json.js";
import { allJobs } from "../job-chunks.js";
import type {
  ApiKeyCredential,
  ApiKeyRecord,
  BatchAttributeStatusRow,
  BatchRecord,
  BatchStats,
  BatchSummary,
  BatchWebhook,
  CacheEntry,
  CacheKey,
  CacheWrite,
  ClaimedJob,
  ClaimedWebhookDelivery,
  CompletedJob,
  CreateBatchInput,
  FailedJob,
  FinishedBatch,
  IdempotencyStart,
  JobRecord,
  ListJobsQuery,
  NewJob,
  Org,
  OrgBudgetState,
  OrgLimits,
  OrgUsageDay,
  PlaceIdLists,
  QueueStats,
  RateLimitHit,
  RateLimitState,
  ReapOutcome,
  ReprocessInput,
  ReprocessPlacesInput,
  ReprocessPlacesResult,
  Store,
  UsageCounts,
  WebhookAttemptOutcome,
} from "../port.js";
import { type EncodedBatchInput, SqliteBatches } from "./batches.js";
import { SqliteCache } from "./cache.js";
import { ChunkedBatchWrite } from "./chunked-batch-write.js";
import { SqliteClaims } from "./claims.js";
import { SqliteConnection, type SqliteConnectionOptions } from "./connection.js";
import type { EncodedJobs } from "./encoded-jobs.js";
import { SqliteJobs } from "./jobs.js";
import { migrate } from "./migrations.js";
import { SqliteOrgs } from "./orgs.js";
import { SqliteRequestState } from "./request-state.js";
import { SqliteUsage } from "./usage.js";
import { SqliteWebhooks } from "./webhooks.js";

export class SqliteStore implements Store {
  readonly kind = "sqlite" as const;
  private readonly conn: SqliteConnection;
  private readonly orgs: SqliteOrgs;
  private readonly usage: SqliteUsage;
  private readonly batches: SqliteBatches;
  private readonly jobs: SqliteJobs;
  private readonly claims: SqliteClaims;
  private readonly cache: SqliteCache;
  private readonly requests: SqliteRequestState;
  private readonly webhooks: SqliteWebhooks;
  private chunkedWrite: ChunkedBatchWrite | null = null;

  /**
   * `path`: the database file (its directory is created if missing), or `:memory:` for tests.
   * `options`: of the connection (connection.ts).
   */
  constructor(path: string, options: SqliteConnectionOptions = {}) {
    this.conn = new SqliteConnection(path, options);
    // Statements are prepared lazily (on first use), so constructing before migrate() is fine.
    this.orgs = new SqliteOrgs(this.conn);
    this.usage = new SqliteUsage(this.conn);
    this.batches = new SqliteBatches(this.conn);
    this.jobs = new SqliteJobs(this.conn);
    this.claims = new SqliteClaims(this.conn);
    this.cache = new SqliteCache(this.conn);
    this.requests = new SqliteRequestState(this.conn);
    this.webhooks = new SqliteWebhooks(this.conn);
  }

  async migrate(): Promise<void> {
    migrate(this.conn.db);
  }

  async ping(): Promise<void> {
    this.conn.stmt("SELECT 1").get();
  }

  async close(): Promise<void> {
    if (!this.conn.db.open) return;
    this.requests.flushDeferred();
    try {
      // Refreshes planner statistics where worthwhile; best effort (it may find the database busy).
      this.conn.db.pragma("optimize");
    } catch {
      // Closing matters more than the statistics.
    } finally {
      this.conn.close();
    }
  }

  // Organizations and keys

  async createOrg(slug: string, now: number): Promise<Org> {
    return this.orgs.createOrg(slug, now);
  }

  async getOrgBySlug(slug: string): Promise<Org | null> {
    return this.orgs.getOrgBySlug(slug);
  }

  async countOrgs(): Promise<number> {
    return this.orgs.countOrgs();
  }

  async listOrgs(): Promise<Org[]> {
    return this.orgs.listOrgs();
  }

  async createApiKey(input: {
    orgId: string;
    keyHash: string;
    prefix: string;
    label: string | null;
    now: number;
  }): Promise<ApiKeyRecord> {
    return this.orgs.createApiKey(input);
  }

  async listApiKeys(orgId: string): Promise<ApiKeyRecord[]> {
    return this.orgs.listApiKeys(orgId);
  }

  async revokeApiKey(orgId: string, idOrPrefix: string, now: number): Promise<number> {
    return this.orgs.revokeApiKey(orgId, idOrPrefix, now);
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    return this.orgs.findApiKeyByHash(keyHash);
  }

  async findApiKeysByPrefix(prefix: string): Promise<ApiKeyCredential[]> {
    return this.orgs.findApiKeysByPrefix(prefix);
  }

  async setOrgLimits(orgId: string, limits: Partial<OrgLimits>): Promise<OrgLimits | null> {
    return this.orgs.setOrgLimits(orgId, limits);
  }

  async addOrgUsage(input: {
    entries: Array<{ orgId: string; usage: UsageCounts }>;
    now: number;
  }): Promise<void> {
    return this.usage.addOrgUsage(input);
  }

  async getOrgBudgetStates(input: { orgIds: string[]; now: number }): Promise<OrgBudgetState[]> {
    return this.usage.getOrgBudgetStates(input);
  }

  async listOrgUsage(input: { orgId: string; now: number; days: number }): Promise<OrgUsageDay[]> {
    return this.usage.listOrgUsage(input);
  }

  // Request limits and idempotency

  async consumeRateLimits(input: { hits: RateLimitHit[]; now: number }): Promise<RateLimitState[]> {
    return this.requests.consumeRateLimits(input);
  }

  async peekRateLimits(input: {
    buckets: Array<{ bucket: string; windowMs: number }>;
    now: number;
  }): Promise<Array<{ bucket: string; hits: number; resetAt: number }>> {
    return this.requests.peekRateLimits(input);
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
    return this.requests.beginIdempotentRequest(input);
  }

  async finishIdempotentRequest(input: {
    orgId: string;
    key: string;
    requestHash: string;
    statusCode: number;
    response: string;
  }): Promise<boolean> {
    return this.requests.finishIdempotentRequest(input);
  }

  async abandonIdempotentRequest(input: { orgId: string; key: string; requestHash: string }): Promise<void> {
    await this.requests.abandonIdempotentRequest(input);
  }

  async pruneRequestState(input: { now: number; limit: number }): Promise<number> {
    return this.requests.pruneRequestState(input);
  }

  // Batches

  async createOrAppendBatch(input: CreateBatchInput): Promise<{ batch: BatchRecord; created: boolean }> {
    return this.batches.createOrAppendBatch({ ...input, jobs: await allJobs(input.jobs) });
  }

  /**
   * createOrAppendBatch with the jobs already encoded as columns: what the threaded store sends its
   * writer thread (the objects would cross by a slower structured clone). Not part of the Store port.
   */
  async createOrAppendEncodedBatch(
    input: EncodedBatchInput,
  ): Promise<{ batch: BatchRecord; created: boolean }> {
    return this.batches.createOrAppendEncodedBatch(input);
  }

  /**
   * Opens a chunked batch write (chunked-batch-write.ts) named `id`: the threaded store's pipelined
   * createOrAppendBatch on the writer thread. Then writeBatchJobs per chunk and endBatchWrite, with
   * nothing else on this connection in between. Not part of the Store port.
   */
  async beginBatchWrite(id: number, input: Omit<EncodedBatchInput, "jobs">): Promise<void> {
    if (this.chunkedWrite) throw new Error(`batch write ${this.chunkedWrite.id} is still open`);
    this.chunkedWrite = ChunkedBatchWrite.begin(this.conn, this.batches, id, input);
  }

  /** Upserts a chunk of the open batch write `id`'s jobs (a failure surfaces at endBatchWrite). */
  async writeBatchJobs(id: number, jobs: EncodedJobs): Promise<void> {
    this.openWrite(id).add(jobs);
  }

  /**
   * Ends the batch write `id`: commits and returns `{batch, created}` when `commit` and `chunks` (the
   * number of writeBatchJobs calls the caller made) were all received, else rolls back and returns null
   * (`commit` false) or throws. Throws the write's first failure (nothing was stored then).
   */
  async endBatchWrite(
    id: number,
    commit: boolean,
    chunks: number,
  ): Promise<{ batch: BatchRecord; created: boolean } | null> {
    const write = this.openWrite(id);
    this.chunkedWrite = null;
    return write.end(commit, chunks);
  }

  /**
   * Copies what the WAL holds into the database file as far as readers allow (a PASSIVE checkpoint,
   * which never waits for them): the writer thread runs it after answering endBatchWrite, whose commit
   * skipped it. Not part of the Store port.
   */
  async checkpointWal(): Promise<void> {
    // Inside a transaction (the next batch write already open) it would fail: that commit checkpoints.
    if (!this.conn.db.inTransaction) this.conn.db.pragma("wal_checkpoint(PASSIVE)");
  }

  private openWrite(id: number): ChunkedBatchWrite {
    if (this.chunkedWrite?.id !== id) throw new Error(`batch write ${id} is not open`);
    return this.chunkedWrite;
  }

  async getBatch(orgId: string, batchId: string): Promise<BatchRecord | null> {
    return this.batches.getBatch(orgId, batchId);
  }

  async listBatchJobStatuses(batchPk: number): Promise<Array<[string, JobStatus]>> {
    return this.batches.listBatchJobStatuses(batchPk);
  }

  async listBatchPlaceIdsByStatus(batchPk: number): Promise<PlaceIdLists> {
    return this.batches.listBatchPlaceIdsByStatus(batchPk);
  }

  async getBatchStats(batchPk: number): Promise<BatchStats> {
    return this.batches.getBatchStats(batchPk);
  }

  async listBatchAttributeStatuses(batchPk: number): Promise<BatchAttributeStatusRow[]> {
    return this.batches.listBatchAttributeStatuses(batchPk);
  }

  async batchAttributeStatusesJson(
    batchPk: number,
    attributes: readonly PublicAttributeKey[],
  ): Promise<Uint8Array> {
    return attributeStatusesJson(this.batches.listBatchAttributeStatuses(batchPk), attributes);
  }

  async listBatches(
    orgId: string,
    page: { limit: number; offset: number; query?: string },
  ): Promise<{ batches: BatchSummary[]; total: number }> {
    return this.batches.listBatches(orgId, page);
  }

  async renameBatch(orgId: string, batchId: string, name: string, now: number): Promise<BatchRecord | null> {
    return this.batches.renameBatch(orgId, batchId, name, now);
  }

  async deleteBatch(orgId: string, batchId: string): Promise<boolean> {
    return this.batches.deleteBatch(orgId, batchId);
  }

  async reprocessBatch(input: ReprocessInput): Promise<number> {
    return this.batches.reprocessBatch(input);
  }

  async reprocessPlaces(input: ReprocessPlacesInput): Promise<ReprocessPlacesResult> {
    return this.jobs.reprocessPlaces(input);
  }

  // Jobs

  async listJobs(query: ListJobsQuery): Promise<{ jobs: JobRecord[]; total: number }> {
    return this.jobs.listJobs(query);
  }

  async jobsPageJson(query: ListJobsQuery): Promise<Uint8Array> {
    return this.jobs.jobsPageJson(query);
  }

  async createStandaloneJob(orgId: string, job: NewJob, now: number): Promise<JobRecord> {
    return this.jobs.createStandaloneJob(orgId, job, now);
  }

  async getLatestJob(orgId: string, placeId: string): Promise<JobRecord | null> {
    return this.jobs.getLatestJob(orgId, placeId);
  }

  async deleteLatestJob(orgId: string, placeId: string, now: number): Promise<boolean> {
    return this.jobs.deleteLatestJob(orgId, placeId, now);
  }

  // Worker side

  async claimJobs(input: {
    workerId: string;
    limit: number;
    leaseMs: number;
    now: number;
  }): Promise<ClaimedJob[]> {
    return this.claims.claimJobs(input);
  }

  async renewLeases(input: {
    workerId: string;
    pks: number[];
    leaseMs: number;
    now: number;
  }): Promise<number[]> {
    return this.claims.renewLeases(input);
  }

  async completeJobs(input: { workerId: string; jobs: CompletedJob[]; now: number }): Promise<number> {
    return this.claims.completeJobs(input);
  }

  async failJobs(input: { workerId: string; jobs: FailedJob[]; now: number }): Promise<number> {
    return this.claims.failJobs(input);
  }

  async releaseJobs(input: { workerId: string; pks: number[]; now: number }): Promise<number> {
    return this.claims.releaseJobs(input);
  }

  async reapExpiredLeases(input: { now: number; maxAttempts: number }): Promise<ReapOutcome> {
    return this.claims.reapExpiredLeases(input);
  }

  async queueStats(now: number): Promise<QueueStats> {
    return this.claims.queueStats(now);
  }

  async markFinishedBatches(input: { batchPks: number[]; now: number }): Promise<FinishedBatch[]> {
    return this.claims.markFinishedBatches(input);
  }

  // Webhooks

  async findUnmarkedFinishedBatches(input: { limit: number }): Promise<number[]> {
    return this.webhooks.findUnmarkedFinishedBatches(input);
  }

  async claimWebhookDeliveries(input: {
    workerId: string;
    limit: number;
    leaseMs: number;
    now: number;
    perOrgLimit?: number;
  }): Promise<ClaimedWebhookDelivery[]> {
    return this.webhooks.claimWebhookDeliveries(input);
  }

  async recordWebhookAttempts(input: {
    workerId: string;
    outcomes: WebhookAttemptOutcome[];
    now: number;
  }): Promise<number> {
    return this.webhooks.recordWebhookAttempts(input);
  }

  async getBatchWebhooks(batchPks: number[]): Promise<BatchWebhook[]> {
    return this.webhooks.getBatchWebhooks(batchPks);
  }

  async ensureWebhookSecret(orgId: string, candidate: string): Promise<string | null> {
    return this.webhooks.ensureWebhookSecret(orgId, candidate);
  }

  async setWebhookSecret(orgId: string, secret: string): Promise<boolean> {
    return this.webhooks.setWebhookSecret(orgId, secret);
  }

  // Cache

  async getCachedResults(orgId: string, keys: CacheKey[], notBefore: number): Promise<CacheEntry[]> {
    return this.cache.getCachedResults(orgId, keys, notBefore);
  }

  async putCachedResults(orgId: string, entries: CacheWrite[], now: number): Promise<void> {
    this.cache.putCachedResults(orgId, entries, now);
  }

  async pruneCache(input: { notBefore: number; limit: number }): Promise<number> {
    return this.cache.pruneCache(input);
  }

  async purgeCache(input: { orgId: string; limit: number }): Promise<number> {
    return this.cache.purgeCache(input);
  }
}
