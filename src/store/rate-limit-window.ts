/**
 * Fixed windows shared by both stores' rate-limit counters. A window of `windowMs` ends at the next
 * multiple of `windowMs` since the epoch, so every process (and both stores) agree on the window of
 * a given time; a counter row is current while its window_end lies ahead.
 */
import type { RateLimitHit, RateLimitState } from "./port.js";

/** End of the window holding `now`, epoch ms. */
export function windowEnd(now: number, windowMs: number): number {
  return (Math.floor(now / windowMs) + 1) * windowMs;
}

/** Each hit as [bucket, window_end, cost, limit], the rows the stores' upserts read. */
export function hitRows(hits: readonly RateLimitHit[], now: number): Array<[string, number, number, number]> {
  const seen = new Set<string>();
  return hits.map((h) => {
    if (seen.has(h.bucket)) throw new Error(`rate-limit bucket "${h.bucket}" given twice`);
    seen.add(h.bucket);
    return [h.bucket, windowEnd(now, h.windowMs), h.cost, h.limit];
  });
}

/**
 * The states of `hits` from what the store did: the buckets whose cost was added (`applied`) and
 * each bucket's row after the statement (absent when none was ever stored).
 */
export function rateLimitStates(
  hits: readonly RateLimitHit[],
  now: number,
  applied: ReadonlySet<string>,
  rows: ReadonlyMap<string, { windowEnd: number; hits: number }>,
): RateLimitState[] {
  return hits.map((h) => {
    const row = rows.get(h.bucket);
    const current = row !== undefined && row.windowEnd > now;
    return {
      bucket: h.bucket,
      allowed: applied.has(h.bucket),
      hits: current ? row.hits : 0,
      resetAt: current ? row.windowEnd : windowEnd(now, h.windowMs),
    };
  });
}
