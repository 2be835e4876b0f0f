/**
 * Recently fetched pages, in memory, per fetcher (one per enrichment thread): a chain's 200 stores
 * often share one website, and a job retried minutes later need not fetch its site again. Entries
 * live `ttlMs` (by the injected clock) and the cache holds at most `maxEntries` outcomes and
 * `maxBytes` of page text (2 bytes per UTF-16 code unit), the least recently used dropped first.
 * Only settled outcomes are stored (see cacheable in page-fetcher.ts); `refresh` bypasses reading.
 */
import type { Clock } from "../../clock.js";
import type { FetchOutcome } from "./fetch-outcome.js";

export interface PageCacheOptions {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
  clock: Clock;
}

interface Entry {
  outcome: FetchOutcome;
  size: number;
  expiresAt: number;
}

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly options: PageCacheOptions) {}

  /** The stored outcome for `url` if still fresh. */
  get(url: string): FetchOutcome | null {
    const entry = this.entries.get(url);
    if (!entry) return null;
    this.entries.delete(url);
    if (entry.expiresAt <= this.options.clock.now()) {
      this.bytes -= entry.size;
      return null;
    }
    this.entries.set(url, entry);
    return entry.outcome;
  }

  set(url: string, outcome: FetchOutcome): void {
    if (this.options.ttlMs <= 0) return;
    const size = outcome.kind === "ok" ? outcome.text.length * 2 : 0;
    if (size > this.options.maxBytes) return;
    this.delete(url);
    this.entries.set(url, { outcome, size, expiresAt: this.options.clock.now() + this.options.ttlMs });
    this.bytes += size;
    while (this.entries.size > this.options.maxEntries || this.bytes > this.options.maxBytes) {
      this.delete(this.entries.keys().next().value!);
    }
  }

  /** Entries and bytes held now. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private delete(url: string): void {
    const entry = this.entries.get(url);
    if (!entry) return;
    this.entries.delete(url);
    this.bytes -= entry.size;
  }
}
