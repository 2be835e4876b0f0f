/**
 * Request limits counted in the store, so that every API process on one database shares them
 * (issue 12). Fixed one-minute windows (one hour for jobs), one store statement per request:
 *
 *   key:<key id>:requests   RATE_LIMIT_PER_MINUTE        every request of a key but status polls
 *   key:<key id>:polls      POLL_RATE_LIMIT_PER_MINUTE   GET /batches/{id}, GET /jobs/{place_id}
 *   org:<org id>:requests   ORG_RATE_LIMIT_PER_MINUTE    every request of the org
 *   org:<org id>:jobs       JOBS_PER_HOUR                jobs accepted (cost = their number)
 *   auth:<client address>   AUTH_FAILURES_PER_MINUTE     failed authentications
 *
 * Per-org overrides (`place-enrich orgs limits`) replace the first four; 0 disables a limit.
 * A refused request is not counted, so a client that waits for Retry-After gets through.
 *
 * Failed authentication is limited before any key is looked up: each request reads its address's
 * failure count first (a locked-out address is remembered in memory until its window ends, so a
 * key-guessing flood costs no database work at all).
 */
import type { Clock } from "../clock.js";
import type { RequestLimitsConfig } from "../config.js";
import type { OrgLimits, RateLimitHit, RateLimitState, Store } from "../store/port.js";
import { ApiError } from "./errors.js";

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Locked-out addresses remembered per process; the oldest are forgotten first past this. */
const MAX_REMEMBERED_LOCKOUTS = 10_000;

export type RequestKind = "request" | "poll";

export interface RateLimitedCaller {
  orgId: string;
  keyId: string;
  orgLimits: OrgLimits;
}

/** `RateLimit-*` headers (draft-ietf-httpapi-ratelimit-headers) of the bucket that binds. */
export type RateLimitHeaders = Record<string, string>;

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

export class RequestLimiter {
  private readonly lockedOut = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly config: RequestLimitsConfig,
    private readonly clock: Clock,
  ) {}

  /** 429 when `address` failed authentication too often this minute. Call before the key lookup. */
  async checkAuthFailures(address: string): Promise<void> {
    const limit = this.config.authFailuresPerMinute;
    if (limit <= 0) return;
    const now = this.clock.now();
    const until = this.lockedOut.get(address);
    if (until !== undefined) {
      if (until > now) throw this.lockout(until - now);
      this.lockedOut.delete(address);
    }
    const [state] = await this.store.peekRateLimits({
      buckets: [{ bucket: `auth:${address}`, windowMs: MINUTE }],
      now,
    });
    if (state!.hits >= limit) {
      this.remember(address, state!.resetAt);
      throw this.lockout(state!.resetAt - now);
    }
  }

  /**
   * Counts one failed authentication of `address`. Returns the 429 to answer instead of the 401
   * when this failure was one too many.
   */
  async recordAuthFailure(address: string): Promise<ApiError | null> {
    const limit = this.config.authFailuresPerMinute;
    if (limit <= 0) return null;
    const now = this.clock.now();
    const [state] = await this.store.consumeRateLimits({
      hits: [{ bucket: `auth:${address}`, windowMs: MINUTE, limit, cost: 1 }],
      now,
    });
    if (state!.allowed && state!.hits < limit) return null;
    this.remember(address, state!.resetAt);
    return state!.allowed ? null : this.lockout(state!.resetAt - now);
  }

  /**
   * Counts one request of an authenticated caller; throws a 429 when a limit refuses it. Returns the
   * RateLimit-* headers of the key's bucket for the response.
   */
  async admitRequest(caller: RateLimitedCaller, kind: RequestKind): Promise<RateLimitHeaders> {
    const { orgLimits } = caller;
    const keyLimit =
      kind === "poll"
        ? (orgLimits.pollsPerMinute ?? this.config.pollsPerMinute)
        : (orgLimits.keyRequestsPerMinute ?? this.config.keyRequestsPerMinute);
    const orgLimit = orgLimits.requestsPerMinute ?? this.config.orgRequestsPerMinute;
    const hits: RateLimitHit[] = [];
    if (keyLimit > 0) {
      hits.push({ bucket: `key:${caller.keyId}:${kind}s`, windowMs: MINUTE, limit: keyLimit, cost: 1 });
    }
    if (orgLimit > 0) {
      hits.push({ bucket: `org:${caller.orgId}:requests`, windowMs: MINUTE, limit: orgLimit, cost: 1 });
    }
    if (hits.length === 0) return {};
    const now = this.clock.now();
    const states = await this.store.consumeRateLimits({ hits, now });
    const what = (bucket: string) =>
      bucket.startsWith("org:")
        ? "requests per minute of this organization"
        : kind === "poll"
          ? "status polls per minute of this API key"
          : "requests per minute of this API key";
    this.refuseIfDenied(hits, states, now, what);
    return rateLimitHeaders(hits[0]!, states[0]!, now);
  }

  /**
   * Counts `count` accepted jobs of the org in this hour; throws a 429 when they would pass the
   * limit (nothing is counted then).
   */
  async admitJobs(caller: RateLimitedCaller, count: number): Promise<void> {
    const [hit] = this.jobHits(caller, count);
    if (!hit) return;
    const now = this.clock.now();
    const [state] = await this.store.consumeRateLimits({ hits: [hit], now });
    if (!state!.allowed) throw this.jobsRefused(caller, count, state!, now);
  }

  /**
   * The hits of `count` jobs against the org's jobs per hour ([] when that limit is off), for a
   * store write that counts them in its own transaction (CreateBatchInput.countHits): a batch's jobs
   * count only once all of them were checked, and only when they are stored.
   */
  jobHits(caller: RateLimitedCaller, count: number): RateLimitHit[] {
    const limit = caller.orgLimits.jobsPerHour ?? this.config.jobsPerHour;
    if (limit <= 0 || count <= 0) return [];
    // Exact: a batch counts them in its own write, which a count kept aside would not see.
    return [{ bucket: `org:${caller.orgId}:jobs`, windowMs: HOUR, limit, cost: count, exact: true }];
  }

  /**
   * The 400 `batch_too_large` when `count` jobs alone pass the org's jobs per hour (no hour would
   * take them in one request), else null. Known from the count alone: a batch checks it before its
   * jobs are checked or written, so that a request that can never succeed holds no write lock.
   */
  moreThanAnHour(
    caller: RateLimitedCaller,
    count: number,
    what: "submit" | "reprocess" = "submit",
  ): ApiError | null {
    const [hit] = this.jobHits(caller, count);
    if (!hit || count <= hit.limit) return null;
    const advice =
      what === "submit"
        ? `Split the places into requests of at most ${hit.limit} jobs (repeat the same batch_id to append), one hour apart.`
        : `Reprocess at most ${hit.limit} jobs an hour: the failed ones only (failed_only), or some place_ids at a time (POST /jobs/reprocess).`;
    return ApiError.badRequest(
      `Too many jobs for one request: ${count}, and this organization may submit ${hit.limit} jobs per hour. ${advice}`,
      "batch_too_large",
    );
  }

  /**
   * The 429 for `count` jobs the jobs-per-hour limit refused (`state`: the store's, at `now`); a 400
   * when `count` alone passes the limit: no hour would take them in one request, so waiting is no use.
   */
  jobsRefused(
    caller: RateLimitedCaller,
    count: number,
    state: RateLimitState,
    now: number,
    what: "submit" | "reprocess" = "submit",
  ): ApiError {
    const [hit] = this.jobHits(caller, count);
    const limit = hit?.limit ?? 0;
    const tooMany = this.moreThanAnHour(caller, count, what);
    if (tooMany) return tooMany;
    const left = Math.max(0, limit - state.hits);
    return new ApiError(
      429,
      "rate_limited",
      `Job limit reached: ${count} more jobs would pass the ${limit} jobs per hour of this organization (${left} left this hour); retry in ${seconds(state.resetAt - now)} s`,
      undefined,
      {
        "retry-after": String(seconds(state.resetAt - now)),
        ...(hit ? rateLimitHeaders(hit, state, now) : {}),
      },
    );
  }

  private refuseIfDenied(
    hits: readonly RateLimitHit[],
    states: readonly RateLimitState[],
    now: number,
    what: (bucket: string) => string,
  ): void {
    const denied = states.map((s, i) => [s, hits[i]!] as const).filter(([s]) => !s.allowed);
    if (denied.length === 0) return;
    // The bucket that frees up last decides when a retry can succeed.
    const [state, hit] = denied.reduce((a, b) => (b[0].resetAt > a[0].resetAt ? b : a));
    const wait = seconds(state.resetAt - now);
    throw new ApiError(
      429,
      "rate_limited",
      `Rate limit exceeded: ${hit.limit} ${what(hit.bucket)}; retry in ${wait} s`,
      undefined,
      { "retry-after": String(wait), ...rateLimitHeaders(hit, state, now) },
    );
  }

  private lockout(ms: number): ApiError {
    const wait = seconds(ms);
    return new ApiError(
      429,
      "rate_limited",
      `Too many failed authentications from this address: ${this.config.authFailuresPerMinute} per minute; retry in ${wait} s`,
      undefined,
      { "retry-after": String(wait) },
    );
  }

  private remember(address: string, until: number): void {
    if (this.lockedOut.size >= MAX_REMEMBERED_LOCKOUTS) {
      this.lockedOut.delete(this.lockedOut.keys().next().value!);
    }
    this.lockedOut.set(address, until);
  }
}

export function rateLimitHeaders(hit: RateLimitHit, state: RateLimitState, now: number): RateLimitHeaders {
  return {
    "ratelimit-limit": String(hit.limit),
    "ratelimit-remaining": String(Math.max(0, hit.limit - state.hits)),
    "ratelimit-reset": String(seconds(state.resetAt - now)),
  };
}
