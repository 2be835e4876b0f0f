/**
 * Enriches claimed jobs: the enrichment threads prepare each place (normalize, hash), this thread
 * reuses cached attribute results (per org, within the TTL, unless the job asks for a refresh), the
 * threads enrich the rest and assemble what the store keeps, and this thread stores new results in
 * the cache. Nothing CPU-bound runs here, only store round trips: cache reads and writes are one
 * round trip per org per claimed batch, never one per job. With reference matching on, results of the
 * attributes the reference source serves that were cached before the reference data last changed (a
 * source imported or removed) are not reused: one read of that time per chunk, and one more cache
 * read per org when it is later than the TTL cutoff.
 */
import type { Clock } from "../clock.js";
import type { AttributeKey, AttributeStatus } from "../domain/attributes.js";
import type { AttributeResult } from "../domain/place.js";
import type { Spend } from "../enrich/job-budget.js";
import type { PreparedPlace } from "../enrich/types.js";
import { REFERENCE_ATTRIBUTES } from "../reference/reference-attributes.js";
import type { CacheKey, CacheWrite, ClaimedJob, CompletedJob, Store } from "../store/port.js";
import type { EnrichmentPool } from "./enrichment-pool.js";
import type { EnrichTask, EnrichTaskOutcome } from "./enrichment-tasks.js";
import { type BudgetPolicy, jobAllowances } from "./job-allowance.js";

export interface JobFailure {
  pk: number;
  error: string;
  /** false when retrying cannot help (the inputs themselves are unusable). */
  retryable: boolean;
  attributeStatus?: Partial<Record<AttributeKey, AttributeStatus>>;
}

export interface ProcessOutcome {
  completed: CompletedJob[];
  failed: JobFailure[];
}

export interface JobProcessorOptions {
  store: Store;
  enrichment: EnrichmentPool;
  clock: Clock;
  cacheTtlMs: number;
  /**
   * Issue 11: set when a limited service (the language model, a search engine) is configured. Each
   * job then gets an allowance from its org's daily budgets, reports its spend in
   * `enrichment_metadata.spend`, and the chunk's spend is added to the orgs' usage (one store call
   * to read, one to write, per claimed chunk). Absent: no budget read, nothing reported.
   */
  budgets?: BudgetPolicy | null;
  /**
   * When the reference data last changed (ms; 0: never), set when reference matching is on: cached
   * results of REFERENCE_ATTRIBUTES older than it are computed again. Read once per claimed chunk
   * that looks up such results. Absent: every attribute is reused within the TTL.
   */
  referenceChangedAt?: (() => Promise<number>) | null;
}

const REFERENCE_ATTRIBUTE_SET: ReadonlySet<string> = new Set(REFERENCE_ATTRIBUTES);

interface Prepared {
  job: ClaimedJob;
  place: PreparedPlace;
}

function cacheId(orgId: string, attribute: string, inputHash: string): string {
  return `${orgId}\u0000${attribute}\u0000${inputHash}`;
}

export class JobProcessor {
  constructor(private readonly options: JobProcessorOptions) {}

  async process(jobs: readonly ClaimedJob[]): Promise<ProcessOutcome> {
    const { enrichment, clock } = this.options;
    const outcome: ProcessOutcome = { completed: [], failed: [] };
    const preparedPlaces = await enrichment.prepare(
      jobs.map((job) => ({ placeId: job.placeId, inputs: job.inputs, prefilled: job.prefilled })),
    );
    const prepared: Prepared[] = [];
    preparedPlaces.forEach((p, i) => {
      const job = jobs[i]!;
      if (p.error !== undefined) outcome.failed.push({ pk: job.pk, error: p.error, retryable: false });
      else prepared.push({ job, place: p.place });
    });
    const cached = await this.readCache(prepared);
    const now = clock.now();
    const tasks: EnrichTask[] = prepared.map(({ job, place }) => {
      const hits: Partial<Record<AttributeKey, AttributeResult>> = {};
      if (!job.refresh) {
        for (const attribute of job.attributes) {
          const hit = cached.get(cacheId(job.orgId, attribute, place.inputHash));
          if (hit) hits[attribute] = hit as AttributeResult;
        }
      }
      return {
        place,
        attributes: job.attributes,
        cached: hits,
        now,
        refresh: job.refresh,
        cacheResults: this.options.cacheTtlMs > 0,
        job: { placeId: job.placeId, requestedAttributes: job.requestedAttributes, attempts: job.attempts },
      };
    });
    await this.giveAllowances(tasks, prepared, now);
    const enriched = await enrichment.enrich(tasks);
    await this.recordUsage(enriched, prepared, now);
    const fresh: Array<{ orgId: string; entry: CacheWrite }> = [];
    enriched.forEach((result, i) => {
      const { job, place } = prepared[i]!;
      if (result.kind === "failed") {
        outcome.failed.push({
          pk: job.pk,
          error: result.error,
          retryable: result.retryable,
          attributeStatus: result.attributeStatus,
        });
        return;
      }
      outcome.completed.push({ pk: job.pk, ...result.assembled });
      for (const { attribute, json } of result.fresh) {
        fresh.push({ orgId: job.orgId, entry: { attribute, inputHash: place.inputHash, json } });
      }
    });
    // Stamped with the time before enrichment: a result computed from reference records that a removal
    // or re-import replaced meanwhile is older than that change, so it is not reused after it.
    await this.writeCache(fresh, now);
    return outcome;
  }

  /** Each task that computes something gets its share of its org's budgets (one store read). */
  private async giveAllowances(
    tasks: EnrichTask[],
    prepared: readonly Prepared[],
    now: number,
  ): Promise<void> {
    const policy = this.options.budgets;
    if (!policy) return;
    const byOrg = new Map<string, EnrichTask[]>();
    tasks.forEach((task, i) => {
      // Nothing to compute: no share of the budget, but the result still reports its (zero) spend.
      if (task.attributes.every((a) => a in task.cached)) {
        task.allowance = { searches: 0, modelRequests: 0, modelTokens: 0 };
        return;
      }
      const orgId = prepared[i]!.job.orgId;
      const list = byOrg.get(orgId) ?? [];
      list.push(task);
      byOrg.set(orgId, list);
    });
    if (byOrg.size === 0) return;
    const states = await this.options.store.getOrgBudgetStates({ orgIds: [...byOrg.keys()], now });
    const stateOf = new Map(states.map((s) => [s.orgId, s]));
    for (const [orgId, list] of byOrg) {
      const shares = jobAllowances(list.length, stateOf.get(orgId) ?? null, policy);
      list.forEach((task, i) => {
        task.allowance = shares[i]!;
      });
    }
  }

  /** Adds the chunk's spend to its orgs' usage of today, in one store call. */
  private async recordUsage(
    outcomes: readonly EnrichTaskOutcome[],
    prepared: readonly Prepared[],
    now: number,
  ): Promise<void> {
    if (!this.options.budgets) return;
    const entries: Array<{ orgId: string; usage: Spend }> = [];
    outcomes.forEach((outcome, i) => {
      const s = outcome.spend;
      if (s && s.searches + s.modelRequests + s.modelTokens > 0)
        entries.push({
          orgId: prepared[i]!.job.orgId,
          usage: { searches: s.searches, modelRequests: s.modelRequests, modelTokens: s.modelTokens },
        });
    });
    if (entries.length > 0) await this.options.store.addOrgUsage({ entries, now });
  }

  private async readCache(prepared: readonly Prepared[]): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    if (this.options.cacheTtlMs === 0) return found;
    const changedAtOf = this.options.referenceChangedAt ?? null;
    // Per org: the keys of other attributes, and those of the reference source's attributes.
    const byOrg = new Map<string, { other: CacheKey[]; reference: CacheKey[] }>();
    let anyReference = false;
    for (const { job, place } of prepared) {
      if (job.refresh) continue;
      let keys = byOrg.get(job.orgId);
      if (!keys) {
        keys = { other: [], reference: [] };
        byOrg.set(job.orgId, keys);
      }
      for (const attribute of job.attributes) {
        const isReference = changedAtOf !== null && REFERENCE_ATTRIBUTE_SET.has(attribute);
        (isReference ? keys.reference : keys.other).push({ attribute, inputHash: place.inputHash });
        anyReference ||= isReference;
      }
    }
    const ttlCutoff = this.options.clock.now() - this.options.cacheTtlMs;
    const referenceCutoff =
      anyReference && changedAtOf ? Math.max(ttlCutoff, await changedAtOf()) : ttlCutoff;
    const read = async (orgId: string, keys: CacheKey[], notBefore: number) => {
      if (keys.length === 0) return;
      for (const entry of await this.options.store.getCachedResults(orgId, keys, notBefore)) {
        found.set(cacheId(orgId, entry.attribute, entry.inputHash), entry.value);
      }
    };
    for (const [orgId, keys] of byOrg) {
      if (referenceCutoff === ttlCutoff) {
        await read(orgId, [...keys.other, ...keys.reference], ttlCutoff);
      } else {
        await read(orgId, keys.other, ttlCutoff);
        await read(orgId, keys.reference, referenceCutoff);
      }
    }
    return found;
  }

  private async writeCache(
    fresh: ReadonlyArray<{ orgId: string; entry: CacheWrite }>,
    now: number,
  ): Promise<void> {
    if (this.options.cacheTtlMs === 0) return;
    const byOrg = new Map<string, CacheWrite[]>();
    for (const { orgId, entry } of fresh) {
      const list = byOrg.get(orgId) ?? [];
      list.push(entry);
      byOrg.set(orgId, list);
    }
    for (const [orgId, entries] of byOrg) await this.options.store.putCachedResults(orgId, entries, now);
  }
}
