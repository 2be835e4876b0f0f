/**
 * One enrichment thread's way to the search engine: the provider behind a rate limit and a
 * concurrency limit (p-queue), a result cache with a TTL (lru-cache, bounded), and a pause after
 * the engine refused us, so a batch of 50,000 places does not send 50,000 requests into a 429 or a
 * 403.
 *
 * - Rate: one search started every 1/`ratePerSecond` seconds; `concurrency` in flight.
 * - Cache: results per query (exact text) for `cacheTtlMs`, at most `cacheEntries` queries, least
 *   recently used dropped; failures are not cached; `refresh` bypasses reading (and stores anew).
 * - Pause: after a 429 (for its Retry-After, else 10 s; at most 60 s) or a configuration error
 *   (60 s), searches fail at once with the same SearchError instead of asking again.
 */
import { LRUCache } from "lru-cache";
import PQueue from "p-queue";
import type { Clock } from "../clock.js";
import { SearchError } from "./search-error.js";
import type { SearchProvider, SearchResult } from "./search-provider.js";

export interface SearchClientOptions {
  ratePerSecond: number;
  concurrency: number;
  cacheTtlMs: number;
  cacheEntries: number;
  clock: Clock;
}

export interface SearchAnswer {
  results: SearchResult[];
  fromCache: boolean;
}

/** Queries differing only in case and spacing are one. */
function cacheKey(query: string): string {
  return query.trim().toLowerCase().replace(/\s+/g, " ");
}

const RATE_LIMIT_PAUSE_MS = 10_000;
const MAX_PAUSE_MS = 60_000;

export class SearchClient {
  private readonly queue: PQueue;
  private readonly cache: LRUCache<string, SearchResult[]> | null;
  private paused: { until: number; error: SearchError } | null = null;

  constructor(
    readonly provider: SearchProvider,
    private readonly options: SearchClientOptions,
  ) {
    // One start per 1/rate seconds (sliding window): exact for any rate (0.5/s, 2.5/s), and no burst
    // at the start of each second that an engine's per-second limit would refuse.
    this.queue = new PQueue({
      concurrency: options.concurrency,
      intervalCap: 1,
      interval: Math.max(1, Math.round(1000 / options.ratePerSecond)),
      strict: true,
    });
    this.cache =
      options.cacheTtlMs > 0
        ? new LRUCache<string, SearchResult[]>({
            max: options.cacheEntries,
            ttl: options.cacheTtlMs,
            perf: { now: () => options.clock.now() },
          })
        : null;
  }

  get name(): string {
    return this.provider.name;
  }

  /** The cached results for `query`, if fresh (a cached answer costs no search). */
  cached(query: string): SearchResult[] | null {
    return this.cache?.get(cacheKey(query)) ?? null;
  }

  /**
   * The results for `query` (cached unless `refresh`). Rejects with SearchError (typed failure), or
   * the signal's reason when it aborts while waiting for a slot or the answer.
   */
  async search(
    query: string,
    options: { refresh?: boolean; signal?: AbortSignal } = {},
  ): Promise<SearchAnswer> {
    const key = cacheKey(query);
    if (!options.refresh) {
      const hit = this.cache?.get(key);
      if (hit) return { results: hit, fromCache: true };
    }
    this.throwIfPaused();
    const results = await this.queue.add(
      async () => {
        this.throwIfPaused();
        try {
          return await this.provider.search({ query, ...(options.signal ? { signal: options.signal } : {}) });
        } catch (error) {
          if (error instanceof SearchError) this.pauseAfter(error);
          throw error;
        }
      },
      options.signal ? { signal: options.signal } : {},
    );
    this.cache?.set(key, results);
    return { results, fromCache: false };
  }

  async close(): Promise<void> {
    this.queue.clear();
    await this.provider.close();
  }

  private throwIfPaused(): void {
    if (this.paused && this.paused.until > this.options.clock.now()) throw this.paused.error;
  }

  private pauseAfter(error: SearchError): void {
    const now = this.options.clock.now();
    if (error.code === "search_rate_limited")
      this.paused = {
        until: now + Math.min(error.details.retryAfterMs ?? RATE_LIMIT_PAUSE_MS, MAX_PAUSE_MS),
        error,
      };
    else if (error.code === "search_configuration") this.paused = { until: now + MAX_PAUSE_MS, error };
  }
}
