/**
 * Exponential backoff with jitter: attempt n waits base·2^(n-1), capped, scaled by a random factor
 * in [0.5, 1) so that jobs that failed together (a flaky source) do not all come back together.
 */
import type { Random } from "../clock.js";

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/** When to try again after the given failed attempt, or null when it was the last one. */
export function nextRetryAt(
  policy: RetryPolicy,
  attempts: number,
  now: number,
  random: Random,
): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return now + Math.round(exponential * (0.5 + random() / 2));
}
