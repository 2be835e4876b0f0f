/**
 * Enriches claimed jobs: prepares each place, reuses cached attribute results (per org, within the
 * TTL, unless the job asks for a refresh), runs the enricher for the rest, stores new results in the
 * cache and assembles what the store keeps. Cache reads and writes are one round trip per org per
 * claimed batch, never one per job.
 */
import type { Clock } from "../clock.js";
import type { AttributeKey, AttributeStatus } from "../domain/attributes.js";
import type { AttributeResult } from "../domain/place.js";
import { assembleResult } from "../enrich/assemble.js";
import type { PlaceEnricher, PreparedPlace } from "../enrich/types.js";
import type { CacheEntry, CacheKey, ClaimedJob, CompletedJob, Store } from "../store/port.js";

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
  enricher: PlaceEnricher;
  clock: Clock;
  cacheTtlMs: number;
  /** Jobs enriched at once within one call. */
  concurrency: number;
}

interface Prepared {
  job: ClaimedJob;
  place: PreparedPlace;
}

function cacheId(orgId: string, attribute: string, inputHash: string): string {
  return `${orgId}\u0000${attribute}\u0000${inputHash}`;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 1000);
  return String(error).slice(0, 1000);
}

export class JobProcessor {
  constructor(private readonly options: JobProcessorOptions) {}

  async process(jobs: readonly ClaimedJob[]): Promise<ProcessOutcome> {
    const { enricher, clock } = this.options;
    const outcome: ProcessOutcome = { completed: [], failed: [] };
    const prepared: Prepared[] = [];
    for (const job of jobs) {
      try {
        prepared.push({ job, place: enricher.prepare(job.placeId, job.inputs, job.prefilled) });
      } catch (error) {
        outcome.failed.push({ pk: job.pk, error: describeError(error), retryable: false });
      }
    }
    const cached = await this.readCache(prepared);
    const fresh: Array<{ orgId: string; entry: CacheEntry }> = [];
    await runWithConcurrency(prepared, this.options.concurrency, async ({ job, place }) => {
      try {
        const results: Partial<Record<AttributeKey, AttributeResult>> = {};
        const fromCache = new Set<AttributeKey>();
        const missing: AttributeKey[] = [];
        for (const attribute of job.attributes) {
          const hit = job.refresh ? undefined : cached.get(cacheId(job.orgId, attribute, place.inputHash));
          if (hit) {
            results[attribute] = hit as AttributeResult;
            fromCache.add(attribute);
          } else {
            missing.push(attribute);
          }
        }
        if (missing.length > 0) {
          const computed = await enricher.enrich(place, missing, { now: clock.now() });
          for (const attribute of missing) {
            const result = computed[attribute];
            if (!result) continue;
            results[attribute] = result;
            // Errors are not cached: the next run should try again.
            if (result.status !== "ERROR") {
              fresh.push({
                orgId: job.orgId,
                entry: { attribute, inputHash: place.inputHash, value: result },
              });
            }
          }
        }
        const allErrored =
          job.attributes.length > 0 && job.attributes.every((a) => results[a]?.status === "ERROR");
        if (allErrored) {
          const errors = job.attributes.map((a) => `${a}: ${results[a]?.metadata.error ?? "error"}`);
          outcome.failed.push({
            pk: job.pk,
            error: `every requested attribute failed (${errors.join("; ")})`.slice(0, 1000),
            retryable: true,
            attributeStatus: Object.fromEntries(job.attributes.map((a) => [a, "ERROR" as const])),
          });
          return;
        }
        const assembled = assembleResult(place, job.attributes, results, fromCache, clock.now());
        outcome.completed.push({ pk: job.pk, ...assembled });
      } catch (error) {
        outcome.failed.push({ pk: job.pk, error: describeError(error), retryable: true });
      }
    });
    await this.writeCache(fresh);
    return outcome;
  }

  private async readCache(prepared: readonly Prepared[]): Promise<Map<string, unknown>> {
    const byOrg = new Map<string, CacheKey[]>();
    for (const { job, place } of prepared) {
      if (job.refresh) continue;
      const keys = byOrg.get(job.orgId) ?? [];
      for (const attribute of job.attributes) keys.push({ attribute, inputHash: place.inputHash });
      byOrg.set(job.orgId, keys);
    }
    const found = new Map<string, unknown>();
    const notBefore = this.options.clock.now() - this.options.cacheTtlMs;
    for (const [orgId, keys] of byOrg) {
      if (keys.length === 0) continue;
      for (const entry of await this.options.store.getCachedResults(orgId, keys, notBefore)) {
        found.set(cacheId(orgId, entry.attribute, entry.inputHash), entry.value);
      }
    }
    return found;
  }

  private async writeCache(fresh: ReadonlyArray<{ orgId: string; entry: CacheEntry }>): Promise<void> {
    if (this.options.cacheTtlMs === 0) return;
    const byOrg = new Map<string, CacheEntry[]>();
    for (const { orgId, entry } of fresh) {
      const list = byOrg.get(orgId) ?? [];
      list.push(entry);
      byOrg.set(orgId, list);
    }
    const now = this.options.clock.now();
    for (const [orgId, entries] of byOrg) await this.options.store.putCachedResults(orgId, entries, now);
  }
}

/** The processor as configured: shared by the worker pool and the synchronous `POST /enrich`. */
export function createJobProcessor(
  deps: { store: Store; enricher: PlaceEnricher; clock: Clock },
  config: { cacheTtlMs: number; workerConcurrency: number },
): JobProcessor {
  return new JobProcessor({
    ...deps,
    cacheTtlMs: config.cacheTtlMs,
    concurrency: Math.max(1, config.workerConcurrency),
  });
}

/** Runs `task` over `items`, at most `limit` at a time. */
export async function runWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await task(item);
    }
  });
  await Promise.all(lanes);
}
