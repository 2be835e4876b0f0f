/**
 * Rate-limit hits decided while another connection held SQLite's one write lock, kept here until they
 * can be written (request-state.ts). Every API request counts its hits in the database; when a long
 * write holds the lock (a 50,000-job batch being stored holds it ~0.5–1 s), waiting for it made every
 * request wait as long: a status poll took 1,541 ms behind an outside lock of 1.5 s, 4 ms with the
 * limits off (measured on the embedded default). Instead the decision is made from the committed
 * counters, which a WAL reader reads without waiting, plus the hits kept here.
 *
 * Within one process (the requests thread serves all its requests) the count stays exact. Between
 * processes sharing the file, each decides alone while the lock is held elsewhere: together they may
 * pass a limit by what they admit meanwhile, until their kept hits are written.
 */
import type { RateLimitHit, RateLimitState } from "../port.js";
import { windowEnd } from "../rate-limit-window.js";

/** A bucket's committed counter row. */
export interface CounterRow {
  windowEnd: number;
  hits: number;
}

export class DeferredRateHits {
  /** bucket → hits kept for its window, and the limit to store with them. */
  private readonly kept = new Map<string, { windowEnd: number; hits: number; limit: number }>();

  get size(): number {
    return this.kept.size;
  }

  /**
   * Decides `hits` at `now` from the committed `rows` plus the hits kept here, and keeps them when all
   * fit. Same states as the store's upsert (countHits) would give.
   */
  decide(
    hits: readonly RateLimitHit[],
    now: number,
    rows: ReadonlyMap<string, CounterRow>,
  ): RateLimitState[] {
    const decided = hits.map((hit) => {
      const window = windowEnd(now, hit.windowMs);
      const row = rows.get(hit.bucket);
      const committed = row !== undefined && row.windowEnd > now ? row.hits : 0;
      const kept = this.kept.get(hit.bucket);
      // Hits kept for an earlier window are over: not counted (nor written).
      const pending = kept !== undefined && kept.windowEnd === window ? kept.hits : 0;
      return {
        hit,
        window,
        before: committed + pending,
        pending,
        fits: committed + pending + hit.cost <= hit.limit,
      };
    });
    // All or nothing, as countHits: a request refused by one limit counts against none.
    const counted = decided.every((d) => d.fits);
    return decided.map(({ hit, window, before, pending, fits }) => {
      if (counted)
        this.kept.set(hit.bucket, { windowEnd: window, hits: pending + hit.cost, limit: hit.limit });
      return { bucket: hit.bucket, allowed: fits, hits: before + (counted ? hit.cost : 0), resetAt: window };
    });
  }

  /** The kept hits whose window has not ended at `now`, as [bucket, window_end, hits, limit] rows. */
  rows(now: number): Array<[string, number, number, number]> {
    const rows: Array<[string, number, number, number]> = [];
    for (const [bucket, kept] of this.kept) {
      if (kept.windowEnd > now && kept.hits !== 0) rows.push([bucket, kept.windowEnd, kept.hits, kept.limit]);
    }
    return rows;
  }

  /** Forgets every kept hit (once written). */
  clear(): void {
    this.kept.clear();
  }
}
