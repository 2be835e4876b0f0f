/**
 * When the client tries a request again, and how long it waits first. Pure functions, so the rules
 * are tested without a server.
 *
 * - 429 and 503 are retried for every request: the server refused the request before doing
 *   anything (a rate limit, a full upload buffer, the database away; README "Limits, retries and
 *   timeouts"), and says when to come back in `Retry-After`, which is honoured up to
 *   `maxRetryAfterMs`; a longer wait is given up on at once (the error carries the seconds).
 * - 409 with `Retry-After` is retried when the request carries an Idempotency-Key: the server is
 *   still running the first attempt of that key.
 * - 502 and 504 (a proxy without an answer) and a connection reset are retried only for requests
 *   that are safe to repeat: GETs, and POSTs with an Idempotency-Key or a client-chosen batch_id.
 * - A refused connection (nothing was sent) is retried for every request.
 * Without `Retry-After` the wait grows: base·2^(attempt−1), times a random 0.5–1, capped.
 */
export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  maxAttempts: number;
  /** First back-off without Retry-After, in ms (default 500). */
  baseDelayMs: number;
  /** Longest back-off without Retry-After, in ms (default 30,000). */
  maxDelayMs: number;
  /** Longest Retry-After honoured, in ms (default 120,000); a longer one fails at once. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/**
 * `Retry-After` in ms: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or
 * unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Exponential back-off with jitter for the `attempt`-th retry (1-based), in ms. */
export function backoffMs(
  attempt: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  const exponential = options.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(Math.min(options.maxDelayMs, exponential) * (0.5 + random() * 0.5));
}

export interface AttemptOutcome {
  /** The answer's status, or undefined when there was no answer. */
  status?: number;
  /** Retry-After of the answer, in ms. */
  retryAfterMs?: number;
  /** The connection was refused: the request never reached the server. */
  refused?: boolean;
}

/**
 * The wait in ms before the next attempt, or null when the request must not be tried again.
 * `attempt` is the number of attempts made so far; `repeatable` says whether the request is safe to
 * send twice (see the module comment).
 */
export function nextRetryDelay(
  outcome: AttemptOutcome,
  attempt: number,
  repeatable: boolean,
  options: RetryOptions,
  random: () => number = Math.random,
): number | null {
  if (attempt >= options.maxAttempts) return null;
  const { status, retryAfterMs } = outcome;
  let retry: boolean;
  if (status === undefined) retry = outcome.refused === true || repeatable;
  else if (status === 429 || status === 503) retry = true;
  else if (status === 409) retry = repeatable && retryAfterMs !== undefined;
  else if (status === 502 || status === 504) retry = repeatable;
  else retry = false;
  if (!retry) return null;
  if (retryAfterMs !== undefined) return retryAfterMs > options.maxRetryAfterMs ? null : retryAfterMs;
  return backoffMs(attempt, options, random);
}

/** Error codes of Node's sockets and undici meaning the request never reached the server. */
const REFUSED_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/** Whether a fetch failure means nothing was sent (so any request may be sent again). */
export function isConnectionRefused(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && REFUSED_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
