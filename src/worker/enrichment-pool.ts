/**
 * EnrichmentPool: the threads that run enrichment, off the event loop that serves HTTP, renews
 * leases and handles signals. A thin layer over piscina (a maintained pool with a task queue,
 * cancellation and thread replacement on crash), chosen over raw `node:worker_threads` so we own no
 * queueing or respawn logic. Each thread loads its own enricher (enrichment-thread.ts); tasks are
 * split into one chunk per thread so a claimed batch keeps every thread busy.
 *
 * Measured (2 cores, inputs source, 50,000 jobs): the message round trip costs ~0.1 ms per chunk,
 * negligible beside ~130 µs of enrichment per place; each thread holds ~200 MB once its datasets
 * (NSI brands and Wikidata, pelias-parser) are loaded, which takes 1.5–4 s at start.
 */
import { Piscina } from "piscina";
import type { WarmUpTimings } from "../enrich/enricher.js";
import { RunningTasks } from "../threads/settled-shutdown.js";
import { moduleUrl, threadModule } from "../threads/thread-module.js";
import {
  describeError,
  type EnrichTask,
  type EnrichTaskOutcome,
  type EnrichThreadData,
  type PrepareOutcome,
  type PrepareTask,
  type ThreadTask,
} from "./enrichment-tasks.js";

export interface EnrichmentPoolOptions {
  /** Threads in the pool (≥ 1). */
  threads: number;
  /** Jobs one thread enriches at once. */
  concurrencyPerThread: number;
  /** URL of a module exporting `createEnricher(options)`; default: the standard pipeline. */
  enricherModule?: string;
  /** Cloneable options for `createEnricher`. */
  enricherOptions?: unknown;
  /** Load datasets when each thread starts (servers) rather than on first use (tests). Default true. */
  warmUp?: boolean;
  /** Niceness of the threads (0 = as the process; default 10, see enrichment-thread.ts). */
  nice?: number;
  /** Called when a thread fails outside a task (crash at load); tasks themselves reject. */
  onError?: (error: Error) => void;
  /**
   * Longest a task may run (ms): past it the task's thread is terminated (piscina starts a fresh one)
   * and its places fail as retryable. Default 5 minutes.
   */
  taskTimeoutMs?: number;
  /** Called with each computed place's time per evidence source (ms), for metrics. */
  onSourceTimings?: (sourceMs: Readonly<Record<string, number>>) => void;
  /** Called with each place's web pages fetched, by outcome (`ok`, `cached`, `timeout`, …), for metrics. */
  onFetchOutcomes?: (counts: Readonly<Record<string, number>>) => void;
}

const THREAD = threadModule("./enrichment-thread", import.meta.url);

/**
 * Young generation of each enrichment thread (MB; V8's default is 48: 16 MB semi-spaces). Reference
 * matching decodes ~287 candidates a job in a dense centre, ~30,000 objects live per chunk of 100
 * jobs, which the default's scavenges copy again and again: with 96 MB, matching on the 1M-place
 * bench index took 12–22 % less CPU (3 rounds, 3,000 jobs, load average 5.5–6; 192 MB no better).
 * RSS grows only as far as a thread allocates.
 */
export const ENRICHMENT_YOUNG_GENERATION_MB = 96;
/**
 * How long close() waits for running tasks. The worker's own shutdown grace has already passed by
 * then; a short wait covers a task whose answer is on its way without holding up the exit.
 */
const CLOSE_SETTLE_MS = 500;
export const DEFAULT_ENRICHER_MODULE = moduleUrl("../enrich/enricher-factory", import.meta.url);

function chunk<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.max(1, Math.ceil(items.length / Math.max(1, parts)));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class EnrichmentPool {
  readonly threads: number;
  private readonly piscina: Piscina;
  private readonly onSourceTimings: EnrichmentPoolOptions["onSourceTimings"];
  private readonly onFetchOutcomes: EnrichmentPoolOptions["onFetchOutcomes"];
  private readyPromise: Promise<WarmUpTimings | null> | null = null;
  private closed = false;
  private readonly taskTimeoutMs: number;
  private readonly running = new RunningTasks();

  constructor(options: EnrichmentPoolOptions) {
    this.threads = Math.max(1, Math.floor(options.threads));
    this.onSourceTimings = options.onSourceTimings;
    this.onFetchOutcomes = options.onFetchOutcomes;
    this.taskTimeoutMs = options.taskTimeoutMs ?? 300_000;
    const workerData: EnrichThreadData = {
      threadModule: THREAD.threadModule,
      enricherModule: options.enricherModule ?? DEFAULT_ENRICHER_MODULE,
      enricherOptions: options.enricherOptions ?? {},
      concurrency: Math.max(1, options.concurrencyPerThread),
      warmUp: options.warmUp !== false,
      nice: options.nice ?? 10,
    };
    this.piscina = new Piscina({
      filename: THREAD.filename,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      // Two tasks per thread: one lane's chunk is queued in the thread while another's runs, and
      // sources that wait on the network (later) overlap.
      concurrentTasksPerWorker: 2,
      // Atomics wake-ups pause a thread between tasks; tasks here keep async work (fetches) open.
      atomics: "disabled",
      resourceLimits: { maxYoungGenerationSizeMb: ENRICHMENT_YOUNG_GENERATION_MB },
      workerData,
    });
    this.piscina.on("error", (error: Error) => options.onError?.(error));
  }

  /**
   * Resolves when every thread has loaded its enricher (and warmed it up): one probe task per
   * thread, each landing on a different idle thread. Returns the first thread's load timings.
   */
  ready(): Promise<WarmUpTimings | null> {
    this.readyPromise ??= Promise.all(
      Array.from({ length: this.threads }, () =>
        this.running.track(
          this.piscina.run({ kind: "warmUp" } satisfies ThreadTask) as Promise<WarmUpTimings | null>,
        ),
      ),
    ).then((timings) => timings[0] ?? null);
    return this.readyPromise;
  }

  /** Prepares every place; a place whose preparation failed (or took too long) gets an error. */
  async prepare(tasks: readonly PrepareTask[]): Promise<PrepareOutcome[]> {
    return this.runChunked(
      tasks,
      (part) => ({ kind: "prepare", tasks: part }),
      (error) => ({ error }),
    );
  }

  /** Enriches every place; one whose task failed (or took too long) gets a retryable failure. */
  async enrich(tasks: readonly EnrichTask[]): Promise<EnrichTaskOutcome[]> {
    const outcomes = await this.runChunked<EnrichTask, EnrichTaskOutcome>(
      tasks,
      (part) => ({ kind: "enrich", tasks: part }),
      (error) => ({ kind: "failed", error, retryable: true }),
    );
    const observe = this.onSourceTimings;
    const observeFetches = this.onFetchOutcomes;
    for (const outcome of outcomes) {
      if (observe && outcome.kind === "completed" && outcome.sourceMs) observe(outcome.sourceMs);
      if (observeFetches && outcome.fetchOutcomes && Object.keys(outcome.fetchOutcomes).length > 0)
        observeFetches(outcome.fetchOutcomes);
    }
    return outcomes;
  }

  /**
   * One task per thread's chunk. A chunk whose task fails as a whole — its thread crashed or hung
   * past the deadline, or its data could not be copied to the thread — is run again place by place,
   * one at a time, so one poisonous place fails alone instead of taking its chunk-mates with it.
   */
  private async runChunked<T, R>(
    items: readonly T[],
    task: (part: T[]) => ThreadTask,
    failed: (error: string) => R,
  ): Promise<R[]> {
    if (items.length === 0) return [];
    const parts = await Promise.all(
      chunk(items, this.threads).map(async (part) => {
        try {
          return await this.run<R[]>(task(part));
        } catch (error) {
          if (part.length === 1) return [failed(describeError(error))];
          // One at a time: a place that hangs its thread must not share it with the others.
          const alone: R[] = [];
          for (const item of part) {
            alone.push(
              await this.run<R[]>(task([item])).then(
                (single) => single[0]!,
                (e: unknown) => failed(describeError(e)),
              ),
            );
          }
          return alone;
        }
      }),
    );
    return parts.flat();
  }

  private run<R>(task: ThreadTask): Promise<R> {
    return this.running
      .track(this.piscina.run(task, { signal: AbortSignal.timeout(this.taskTimeoutMs) }))
      .catch((error: unknown) => {
        if (error instanceof Error && error.name === "AbortError") {
          throw new Error(`enrichment took longer than ${Math.round(this.taskTimeoutMs / 1000)} s`);
        }
        throw error;
      }) as Promise<R>;
  }

  /**
   * Terminates the threads once the tasks still running have settled, or after CLOSE_SETTLE_MS;
   * tasks past that are abandoned (their jobs were released). See settled-shutdown.ts.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.running.settled(CLOSE_SETTLE_MS);
    await this.piscina.destroy();
  }
}
