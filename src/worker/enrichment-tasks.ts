/**
 * What crosses between the main thread and an enrichment thread. Every shape here is plain data:
 * it is copied by the structured-clone algorithm (no functions, no class instances).
 */
import type { AttributeKey, AttributeStatus, PublicAttributeKey } from "../domain/attributes.js";
import type { AttributeResult, PlaceInputs, PrefilledData } from "../domain/place.js";
import type { Spend, SpendKind } from "../enrich/job-budget.js";
import type { PreparedPlace } from "../enrich/types.js";
import type { CompletedJobOutcome } from "../store/port.js";

/** workerData of an enrichment thread. */
export interface EnrichThreadData {
  /** The thread module's URL (see src/threads/thread-module.ts). */
  threadModule: string;
  /** URL of a module exporting `createEnricher(options)`. */
  enricherModule: string;
  /** Cloneable options handed to `createEnricher`. */
  enricherOptions: unknown;
  /** Jobs one thread enriches at once (matters once sources wait on the network). */
  concurrency: number;
  /** Load every dataset at thread start rather than on first use. */
  warmUp: boolean;
  /** The thread's scheduling niceness (0..19; higher yields the CPU to the event loop first). */
  nice: number;
}

/** One message to a thread: what its default export is asked to do. */
export type ThreadTask =
  | { kind: "warmUp" }
  | { kind: "prepare"; tasks: PrepareTask[] }
  | { kind: "enrich"; tasks: EnrichTask[] };

export interface PrepareTask {
  placeId: string;
  inputs: PlaceInputs;
  /** The client's `prefilled_data`, or null. */
  prefilled: PrefilledData | null;
}

export type PrepareOutcome = { place: PreparedPlace; error?: undefined } | { error: string };

export interface EnrichTask {
  place: PreparedPlace;
  /** Every attribute the job asked for, in its order. */
  attributes: AttributeKey[];
  /** Results found in the cache; the others are computed. */
  cached: Partial<Record<AttributeKey, AttributeResult>>;
  /** The clock's time for this run (epoch ms). */
  now: number;
  /** The job asked for a refresh: sources skip their own caches too (the website page cache). */
  refresh?: boolean;
  /** Results will be cached (CACHE_TTL_SECONDS > 0): the outcome then carries them as `fresh`. */
  cacheResults?: boolean;
  /**
   * The claimed job the place is for. Given, the thread renders the completed job's view
   * (renderCompletedJob) and the outcome carries that text instead of the result: a result is ~3 kB
   * of nested objects, cloned from this thread to the main thread and again to the store's writer
   * thread (~46 µs each way a job, v8.serialize on the bench's realistic jobs), where a string is one
   * copy; the store would have rendered the same view from the same fields (store/completed-views.ts).
   */
  job?: { placeId: string; requestedAttributes: PublicAttributeKey[]; attempts: number };
  /**
   * What the job may spend on limited services (issue 11, src/worker/job-allowance.ts); a kind left
   * out is unlimited. Present only when a limited service is configured: the thread then keeps the
   * job's JobBudget and reports its spend (`enrichment_metadata.spend`). Absent: no budget, no report.
   */
  allowance?: Partial<Spend>;
}

/** What a job spent, and the kinds it was refused (its allowance ran out). */
export interface JobSpend extends Spend {
  exhausted: SpendKind[];
}

export type EnrichTaskOutcome =
  | {
      kind: "completed";
      /** The result (no `job` in the task) or the job's rendered view (`job` given). */
      assembled: CompletedJobOutcome;
      /** Each source's collect time for this place (ms): metrics only, never stored. */
      sourceMs?: Record<string, number>;
      /** Web pages fetched for this place, by outcome (EnrichContext.fetchOutcomes): metrics only. */
      fetchOutcomes?: Record<string, number>;
      /**
       * Newly computed results worth caching (errors are not), each as its JSON text: the cache stores
       * that text (store/cache-rows.ts), and a string crosses threads as one copy where a result's
       * objects were cloned field by field (~140 µs a job of seven core attributes, serialized and
       * read back, against ~15 µs for the text; `v8.serialize` on the bench's realistic jobs). Empty
       * unless the task asked for `cacheResults`.
       */
      fresh: Array<{ attribute: AttributeKey; json: string }>;
      /** With an allowance: what the job spent (added to its org's daily usage). */
      spend?: JobSpend;
    }
  | {
      kind: "failed";
      error: string;
      /** false when retrying cannot help (the inputs themselves are unusable). */
      retryable: boolean;
      attributeStatus?: Partial<Record<AttributeKey, AttributeStatus>>;
      /** Calls made before the failure were paid for all the same. */
      spend?: JobSpend;
      /** Web pages fetched before the failure, by outcome: metrics only. */
      fetchOutcomes?: Record<string, number>;
    };

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 1000);
  return String(error).slice(0, 1000);
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
