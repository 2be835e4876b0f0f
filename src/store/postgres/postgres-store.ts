/**
 * The PostgreSQL implementation of the Store port, on a pg.Pool. Several processes (API and workers) may
 * share one database: migrations serialize on an advisory lock, claims use FOR UPDATE SKIP LOCKED, and every
 * multi-statement write runs in one transaction on one pooled connection.
 *
 *   new PostgresStore("postgres://user@host:5432/db?schema=place_enrich", { poolSize: 20 })
 *
 * URL parameters besides pg's own: `schema` (search_path; created by migrate() when missing) and
 * `pool_size`. Connection failures surface as rejected calls (ECONNREFUSED, 57P01, ...); they never crash
 * the process.
 */

import type { PublicAttributeKey } from "../../domain/attributes.js";
import type { JobStatus } from "../../domain/job-status.js";
import { attributeStatusesJson } from "../attribute-statuses-json.js";
import { allJobs } from "../job-chunks.js";
import { jobsPageJson } from "../jobs-page-json.js";
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
import { PostgresBatches } from "./batches.js";
import { PostgresCache } from "./cache.js";
import { PostgresClaims } from "./claims.js";
import { PostgresConnection, type PostgresStoreOptions } from "./connection.js";
import { PostgresJobs } from "./jobs.js";
import { migrate } from "./migrations.js";
import { PostgresOrgs } from "./orgs.js";
import { PostgresRequestState } from "./request-state.js";
import { PostgresUsage } from "./usage.js";
import { PostgresWebhooks } from "./webhooks.js";
import { notifyWork, WorkListener } from "./work-notifier.js";

export type { PostgresStoreOptions } from "./connection.js";

export class PostgresStore implements Store {
  readonly kind = "postgres" as const;
  private readonly conn: PostgresConnection;
  private readonly orgs: PostgresOrgs;
  private readonly usage: PostgresUsage;
  private readonly batches: PostgresBatches;
  private readonly jobs: PostgresJobs;
  private readonly claims: PostgresClaims;
  private readonly cache: PostgresCache;
  private readonly requests: PostgresRequestState;
  private readonly webhooks: PostgresWebhooks;

  /** Connects lazily: constructing never fails on an unreachable server, the first call does. */
  constructor(url: string, options: PostgresStoreOptions = {}) {
    this.conn = new PostgresConnection(url, options);
    this.orgs = new PostgresOrgs(this.conn);
    this.usage = new PostgresUsage(this.conn);
    this.batches = new PostgresBatches(this.conn);
    this.jobs = new PostgresJobs(this.conn);
    this.claims = new PostgresClaims(this.conn);
    this.cache = new PostgresCache(this.conn);
    this.requests = new PostgresRequestState(this.conn);
    this.webhooks = new PostgresWebhooks(this.conn);
  }

  /** The schema the store's tables live in when one was configured (null: the server's search_path). */
  get schema(): string | null {
    return this.conn.schema;
  }

  async migrate(): Promise<void> {
    await migrate(this.conn);
  }

  async watchForWork(onWork: () => void, onError?: (error: Error) => void): Promise<() => Promise<void>> {
    const listener = new WorkListener(this.conn, onWork, onError);
    await listener.start();
    return () => listener.stop();
  }

  /**
   * NOTIFY after the enqueueing transaction committed. Best effort: the jobs are stored either way and
   * idle workers still poll, so a failed NOTIFY only delays them.
   */
  private async wakeWorkers(): Promise<void> {
    await notifyWork(this.conn).catch(() => {});
  }

  async ping(): Promise<void> {
    await this.conn.pool.query("SELECT 1");
  }

  /** Ends the pool (waits for checked-out connections to be released). Safe to call twice. */
  async close(): Promise<void> {
    await this.conn.close();
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
    return this.requests.abandonIdempotentRequest(input);
  }

  async pruneRequestState(input: { now: number; limit: number }): Promise<number> {
    return this.requests.pruneRequestState(input);
  }

  // Batches

  async createOrAppendBatch(input: CreateBatchInput): Promise<{ batch: BatchRecord; created: boolean }> {
    const jobs = await allJobs(input.jobs);
    const result = await this.batches.createOrAppendBatch({ ...input, jobs });
    if (input.kickOff && jobs.length > 0) await this.wakeWorkers();
    return result;
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
    return attributeStatusesJson(await this.batches.listBatchAttributeStatuses(batchPk), attributes);
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
    const count = await this.batches.reprocessBatch(input);
    if (count > 0) await this.wakeWorkers();
    return count;
  }

  async reprocessPlaces(input: ReprocessPlacesInput): Promise<ReprocessPlacesResult> {
    const result = await this.jobs.reprocessPlaces(input);
    if (result.requeued.length > 0) await this.wakeWorkers();
    return result;
  }

  // Jobs

  async listJobs(query: ListJobsQuery): Promise<{ jobs: JobRecord[]; total: number }> {
    return this.jobs.listJobs(query);
  }

  async jobsPageJson(query: ListJobsQuery): Promise<Uint8Array> {
    return jobsPageJson(await this.listJobs(query), query);
  }

  async createStandaloneJob(orgId: string, job: NewJob, now: number): Promise<JobRecord> {
    const record = await this.jobs.createStandaloneJob(orgId, job, now);
    await this.wakeWorkers();
    return record;
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
    const released = await this.claims.releaseJobs(input);
    if (released > 0) await this.wakeWorkers();
    return released;
  }

  async reapExpiredLeases(input: { now: number; maxAttempts: number }): Promise<ReapOutcome> {
    const reaped = await this.claims.reapExpiredLeases(input);
    if (reaped.requeued > 0) await this.wakeWorkers();
    return reaped;
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
    return this.cache.putCachedResults(orgId, entries, now);
  }

  async pruneCache(input: { notBefore: number; limit: number }): Promise<number> {
    return this.cache.pruneCache(input);
  }

  async purgeCache(input: { orgId: string; limit: number }): Promise<number> {
    return this.cache.purgeCache(input);
  }
}
