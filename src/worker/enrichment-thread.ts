/**
 * The body of one enrichment thread (run by piscina, see enrichment-pool.ts). It loads an enricher
 * once — the module named in `workerData.enricherModule`, whose `createEnricher(options)` builds it
 * from plain, cloneable options — warms its datasets up, then serves tasks (its default export):
 *
 *   prepare: [{placeId, inputs, prefilled?}] → [{place} | {error}]     normalize inputs, hash them
 *   enrich:  [EnrichTask] → [EnrichTaskOutcome]                         sources → resolvers → assembly
 *
 * Everything CPU-bound of a job runs here, never on the thread that serves HTTP. Store access stays
 * on the main thread (the cache lookup sits between the two tasks), so a thread needs no database.
 */
import { setPriority } from "node:os";
import { workerData } from "node:worker_threads";
import type { AttributeKey } from "../domain/attributes.js";
import { renderCompletedJob } from "../domain/job-result-view.js";
import type { AttributeResult } from "../domain/place.js";
import { assembleResult } from "../enrich/assemble.js";
import type { ConfiguredPlaceEnricher } from "../enrich/enricher.js";
import { JobBudget } from "../enrich/job-budget.js";
import {
  describeError,
  type EnrichTask,
  type EnrichTaskOutcome,
  type EnrichThreadData,
  type JobSpend,
  type PrepareOutcome,
  type PrepareTask,
  runWithConcurrency,
  type ThreadTask,
} from "./enrichment-tasks.js";

const data = workerData as EnrichThreadData;
// On Linux the nice value is per thread (setpriority on the calling thread, which libuv's pid 0 is):
// enrichment yields the CPU to the event loop and the store threads when cores are short, and still
// takes every idle cycle. Elsewhere it may apply to the process or be refused; it is only a hint.
if (data.nice > 0) {
  try {
    setPriority(data.nice);
  } catch {
    // Not permitted here: run at normal priority.
  }
}
const factory = (await import(data.enricherModule)) as {
  createEnricher(options: unknown): ConfiguredPlaceEnricher;
};
const enricher = factory.createEnricher(data.enricherOptions);
const warmUpTimings = data.warmUp ? enricher.warmUp() : null;

export default function run(task: ThreadTask) {
  switch (task.kind) {
    case "warmUp":
      // How long loading took in this thread (null when warm-up was skipped).
      return warmUpTimings;
    case "prepare":
      return prepare(task.tasks);
    case "enrich":
      return enrich(task.tasks);
  }
}

function prepare(tasks: readonly PrepareTask[]): PrepareOutcome[] {
  return tasks.map((task) => {
    try {
      return { place: enricher.prepare(task.placeId, task.inputs, task.prefilled) };
    } catch (error) {
      return { error: describeError(error) };
    }
  });
}

async function enrich(tasks: readonly EnrichTask[]): Promise<EnrichTaskOutcome[]> {
  const outcomes: EnrichTaskOutcome[] = new Array(tasks.length);
  // Batch-first sources (reference matching) query their store once for the whole chunk.
  const toCompute = tasks.filter((t) => t.attributes.some((a) => !(a in t.cached)));
  if (toCompute.length > 0)
    await enricher.prefetch(
      toCompute.map((t) => t.place),
      { now: toCompute[0]!.now },
    );
  await runWithConcurrency(
    tasks.map((task, index) => ({ task, index })),
    data.concurrency,
    async ({ task, index }) => {
      outcomes[index] = await enrichOne(task);
    },
  );
  return outcomes;
}

/** The job's spend as `enrichment_metadata.spend` shows it (snake_case, like the API). */
function spendMetadata(spend: JobSpend): Record<string, unknown> {
  const snake = {
    searches: "searches",
    modelRequests: "model_requests",
    modelTokens: "model_tokens",
  } as const;
  return {
    searches: spend.searches,
    model_requests: spend.modelRequests,
    model_tokens: spend.modelTokens,
    ...(spend.exhausted.length > 0 ? { budget_exhausted: spend.exhausted.map((k) => snake[k]) } : {}),
  };
}

async function enrichOne(task: EnrichTask): Promise<EnrichTaskOutcome> {
  const { place, attributes, now, refresh } = task;
  const budget = task.allowance ? new JobBudget(task.allowance) : undefined;
  const spendOf = (): JobSpend | undefined =>
    budget ? { ...budget.spent(), exhausted: budget.exhausted() } : undefined;
  try {
    const results: Partial<Record<AttributeKey, AttributeResult>> = { ...task.cached };
    const fromCache = new Set(Object.keys(task.cached) as AttributeKey[]);
    const missing = attributes.filter((a) => !fromCache.has(a));
    const fresh: AttributeKey[] = [];
    const sourceMs: Record<string, number> = {};
    const fetchOutcomes: Record<string, number> = {};
    const uncacheable = new Set<AttributeKey>();
    if (missing.length > 0) {
      const computed = await enricher.enrich(place, missing, {
        now,
        sourceMs,
        fetchOutcomes,
        uncacheable,
        refresh,
        ...(budget ? { budget } : {}),
      });
      for (const attribute of missing) {
        const result = computed[attribute];
        if (!result) continue;
        results[attribute] = result;
        // Errors are not cached: the next run should try again. Nor is what a source computed
        // without a limited service the job could not use (its budget spent, the engine failing).
        if (result.status !== "ERROR" && !uncacheable.has(attribute)) fresh.push(attribute);
      }
    }
    if (attributes.length > 0 && attributes.every((a) => results[a]?.status === "ERROR")) {
      const errors = attributes.map((a) => `${a}: ${results[a]?.metadata.error ?? "error"}`);
      return {
        kind: "failed",
        error: `every requested attribute failed (${errors.join("; ")})`.slice(0, 1000),
        retryable: true,
        attributeStatus: Object.fromEntries(attributes.map((a) => [a, "ERROR" as const])),
        spend: spendOf(),
        fetchOutcomes,
      };
    }
    const assembled = assembleResult(place, attributes, results, fromCache, now);
    const spend = spendOf();
    // Issue 11: the job's calls to limited services, shown whenever one is configured.
    if (spend) assembled.result.enrichment_metadata.spend = spendMetadata(spend);
    const { job } = task;
    return {
      kind: "completed",
      assembled: job
        ? {
            view: JSON.stringify(
              renderCompletedJob({
                placeId: job.placeId,
                attributes: job.requestedAttributes,
                attempts: job.attempts,
                result: assembled.result,
                attributeStatus: assembled.attributeStatus,
              }),
            ),
            attributeStatus: assembled.attributeStatus,
            filledMask: assembled.filledMask,
          }
        : assembled,
      sourceMs,
      fetchOutcomes,
      fresh: task.cacheResults
        ? fresh.map((attribute) => ({ attribute, json: JSON.stringify(results[attribute]!) }))
        : [],
      ...(spend ? { spend } : {}),
    };
  } catch (error) {
    return { kind: "failed", error: describeError(error), retryable: true, spend: spendOf() };
  }
}
