/**
 * The website fetcher: `createPageFetcher(config.web, deps).fetchPage(url, {refresh, signal})` →
 * a FetchOutcome (fetch-outcome.ts). One per enrichment thread: it holds the connection pool, the
 * request slots, robots.txt and page caches of that thread. Rules (docs/web.md):
 *
 * - every hop (the first URL, each redirect, each robots.txt) passes the SSRF guard, and connects
 *   only to the address the guard checked;
 * - every page hop is checked against its origin's robots.txt (product token of the User-Agent);
 * - redirects are followed by hand, at most `maxRedirects`; a URL seen twice is a loop;
 * - at most `concurrency` requests in flight, `perHostConcurrency` per host, `perHostDelayMs`
 *   (or the site's Crawl-delay, capped) between two requests to one host;
 * - a page has `pageTimeoutMs` in all once its first request starts, headers must come within
 *   `headersTimeoutMs`, and its body may hold `maxPageBytes` after decompression;
 * - a dropped connection, a 429 or a 503 is tried again (at most `maxRetries` times) after its
 *   Retry-After, when that is at most `maxRetryWaitMs` and fits the page's time; nothing else is;
 * - settled outcomes are cached for `pageCacheTtlMs`; `refresh` fetches again (and re-caches).
 *
 * fetchPage never rejects except when the caller's `signal` aborts (with the signal's reason) or
 * `url` is not a URL (TypeError).
 */
import type { Readable } from "node:stream";
import { type Clock, systemClock } from "../../clock.js";
import type { WebConfig } from "../../config.js";
import { abortable } from "../abortable.js";
import { isHtmlType, parseContentType } from "../decode/content-type.js";
import { decodePage } from "../decode/decode-page.js";
import type { Resolver } from "../guard/resolver.js";
import { cachingResolver, systemResolver } from "../guard/resolver.js";
import { createSsrfGuard } from "../guard/ssrf-guard.js";
import { createRobotsPolicy, type RobotsPolicy } from "../robots/robots-policy.js";
import { discardBody, readBody } from "./body-reader.js";
import type { FetchOutcome, PageHeaders, RedirectHop } from "./fetch-outcome.js";
import { sniffsAsHtml } from "./html-sniff.js";
import { HttpTransport, headerValue } from "./http-transport.js";
import { PageCache } from "./page-cache.js";
import { PageDeadline } from "./page-deadline.js";
import { RequestScheduler } from "./request-scheduler.js";
import { retryAfterMs } from "./retry-after.js";
import { createRobotsFetch } from "./robots-fetch.js";
import { classifyTransportFailure, type TransportFailure } from "./transport-failure.js";

export interface PageFetcherDeps {
  /** Cache ages, robots.txt ages, Retry-After dates, `timings.startedAt`. Default: the system clock. */
  clock?: Clock;
  /** Name resolution for the SSRF guard. Default: the system resolver (getaddrinfo). */
  resolver?: Resolver;
  /** Extra trusted CAs for TLS (an intranet's own, or a test's). */
  tls?: { ca?: string | Buffer | Array<string | Buffer> };
}

export interface FetchPageOptions {
  /** Fetch again even when the page cache holds the URL (the new outcome replaces it). */
  refresh?: boolean;
  /** Ends the fetch: fetchPage then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface PageFetcher {
  fetchPage(url: string | URL, options?: FetchPageOptions): Promise<FetchOutcome>;
  /** Closes the connection pool; fetchPage must not be called afterwards. */
  close(): Promise<void>;
}

const ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1";
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/**
 * Wait before retrying a dropped connection, or a 429/503 without Retry-After: long enough for a
 * restarting server, short beside the page's 10 s, so two retries still fit.
 */
const DEFAULT_RETRY_WAIT_MS = 1000;
const KEPT_HEADERS = [
  "content-type",
  "content-language",
  "last-modified",
  "date",
  "x-robots-tag",
  "retry-after",
] as const;

export function createPageFetcher(config: WebConfig, deps: PageFetcherDeps = {}): PageFetcher {
  const clock = deps.clock ?? systemClock;
  const guard = createSsrfGuard({
    allowPrivateNetwork: config.allowPrivateNetwork,
    allowedPorts: config.allowedPorts,
    resolver:
      deps.resolver ??
      cachingResolver(systemResolver, {
        ttlMs: 5 * 60_000,
        // A name that does not resolve now may a minute later (a flaky resolver, a network back).
        failureTtlMs: 60_000,
        maxEntries: 10_000,
        now: () => clock.now(),
      }),
  });
  const transport = new HttpTransport(guard, {
    userAgent: config.userAgent,
    headersTimeoutMs: config.headersTimeoutMs,
    bodyIdleTimeoutMs: config.pageTimeoutMs,
    connectionsPerOrigin: config.perHostConcurrency,
    tls: deps.tls,
  });
  const scheduler = new RequestScheduler({
    concurrency: config.concurrency,
    perHostConcurrency: config.perHostConcurrency,
    perHostDelayMs: config.perHostDelayMs,
  });
  const robots = createRobotsPolicy({
    productToken: config.productToken,
    fetchRobots: createRobotsFetch({ transport, scheduler, timeoutMs: config.pageTimeoutMs }),
    clock,
    ttlMs: config.robotsTtlMs,
    backoffMs: config.robotsBackoffMs,
  });
  const cache = new PageCache({
    ttlMs: config.pageCacheTtlMs,
    maxEntries: config.pageCacheEntries,
    maxBytes: config.pageCacheBytes,
    clock,
  });
  const inFlight = new Map<string, Promise<FetchOutcome>>();
  const run = { config, clock, transport, scheduler, robots };

  return {
    async fetchPage(input, options = {}) {
      const url = new URL(String(input));
      url.hash = "";
      const key = url.href;
      if (!options.refresh) {
        const cached = cache.get(key);
        if (cached) return { ...cached, url: String(input), fromCache: true };
      }
      const shared = inFlight.get(key);
      if (shared) {
        try {
          return { ...(await abortable(shared, options.signal)), url: String(input) };
        } catch {
          if (options.signal?.aborted) throw options.signal.reason;
          // The caller whose fetch we shared was aborted by its own signal: fetch under ours.
        }
      }
      const pending = fetchUncached(run, url, String(input), options.signal).then((outcome) => {
        if (cacheable(outcome)) cache.set(key, outcome);
        return outcome;
      });
      const tracked = pending.finally(() => {
        if (inFlight.get(key) === tracked) inFlight.delete(key);
      });
      inFlight.set(key, tracked);
      return tracked;
    },
    close: () => transport.close(),
  };
}

/** Outcomes that will not change within the cache's TTL: pages, client errors, refusals. */
function cacheable(outcome: FetchOutcome): boolean {
  switch (outcome.kind) {
    case "ok":
    case "not_html":
    case "too_large":
    case "redirect_loop":
    case "too_many_redirects":
    case "blocked_address":
    case "robots_blocked":
      return true;
    case "http_error":
      return (
        outcome.status >= 400 && outcome.status < 500 && outcome.status !== 408 && outcome.status !== 429
      );
    default:
      return false;
  }
}

interface Run {
  config: WebConfig;
  clock: Clock;
  transport: HttpTransport;
  scheduler: RequestScheduler;
  robots: RobotsPolicy;
}

/** What one page fetch knows as it goes; `finish` turns it into an outcome. */
class Progress {
  readonly redirects: RedirectHop[] = [];
  readonly startedAt: number;
  private readonly t0 = performance.now();
  waitMs = 0;
  status: number | null = null;

  constructor(
    readonly url: string,
    public current: URL,
    clock: Clock,
  ) {
    this.startedAt = clock.now();
  }

  finish<T extends object>(kind: FetchOutcome["kind"], reason: string, rest: T): FetchOutcome {
    return {
      kind,
      url: this.url,
      finalUrl: this.current.href,
      redirects: this.redirects,
      status: this.status,
      reason,
      fromCache: false,
      timings: {
        startedAt: this.startedAt,
        waitMs: Math.round(this.waitMs),
        totalMs: Math.round(performance.now() - this.t0),
      },
      ...rest,
    } as FetchOutcome;
  }
}

async function fetchUncached(
  run: Run,
  url: URL,
  asked: string,
  callerSignal?: AbortSignal,
): Promise<FetchOutcome> {
  const deadline = new PageDeadline(run.config.pageTimeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, deadline.signal]) : deadline.signal;
  const progress = new Progress(asked, url, run.clock);
  try {
    return await followRedirects(run, progress, deadline, signal);
  } catch (error) {
    if (callerSignal?.aborted) throw callerSignal.reason;
    if (deadline.signal.aborted) {
      return progress.finish("timeout", `no complete page within ${run.config.pageTimeoutMs / 1000} s`, {});
    }
    throw error;
  } finally {
    deadline.dispose();
  }
}

async function followRedirects(
  run: Run,
  progress: Progress,
  deadline: PageDeadline,
  signal: AbortSignal,
): Promise<FetchOutcome> {
  const seen = new Set<string>([progress.current.href]);
  for (;;) {
    const hop = await fetchHop(run, progress, deadline, signal);
    if (hop.kind !== "redirect") return hop.outcome;
    const from = progress.current;
    let next: URL;
    try {
      next = new URL(hop.location, from);
    } catch {
      return progress.finish("bad_response", `HTTP ${hop.status} to an invalid Location at ${from.href}`, {});
    }
    next.hash = "";
    progress.redirects.push({ url: from.href, status: hop.status, location: next.href });
    if (seen.has(next.href)) {
      return progress.finish("redirect_loop", `redirect loop: ${from.href} leads back to ${next.href}`, {});
    }
    if (progress.redirects.length > run.config.maxRedirects) {
      return progress.finish("too_many_redirects", `more than ${run.config.maxRedirects} redirects`, {});
    }
    seen.add(next.href);
    progress.current = next;
  }
}

type HopResult =
  | { kind: "redirect"; status: number; location: string }
  | { kind: "final"; outcome: FetchOutcome };

/** One URL: guard, robots, then the request (tried again on transient failures). */
async function fetchHop(
  run: Run,
  progress: Progress,
  deadline: PageDeadline,
  signal: AbortSignal,
): Promise<HopResult> {
  const { config } = run;
  const url = progress.current;
  const final = (kind: FetchOutcome["kind"], reason: string, rest: object = {}): HopResult => ({
    kind: "final",
    outcome: progress.finish(kind, reason, rest),
  });

  const verdict = await run.transport.check(url, signal);
  if (verdict.kind === "blocked") {
    return final("blocked_address", `refused ${url.href}: ${verdict.reason}`, { refusal: verdict.refusal });
  }
  if (verdict.kind === "dns_failure") return final("dns_failure", verdict.reason);
  const permission = await run.robots.check(url, signal);
  if (!permission.allowed) {
    // A host whose robots.txt cannot even be connected to is down, not forbidding us.
    return final(permission.failure ?? "robots_blocked", `${url.href}: ${permission.reason}`);
  }

  for (let attempt = 0; ; attempt++) {
    const waitStart = performance.now();
    const release = await run.scheduler.acquire(url.hostname, signal);
    progress.waitMs += performance.now() - waitStart;
    deadline.arm();
    let pauseMs = permission.crawlDelayMs ?? 0;
    try {
      const sent = await run.transport.send(url, verdict, ACCEPT_HTML, signal);
      if (sent.kind === "failed") {
        const { failure } = sent;
        if (failure.transient && retryable(run, attempt, DEFAULT_RETRY_WAIT_MS, deadline)) {
          pauseMs = Math.max(pauseMs, DEFAULT_RETRY_WAIT_MS);
          continue;
        }
        return final(failure.kind, `${url.href}: ${failure.reason}`);
      }
      const { status, headers, body } = sent;
      progress.status = status;
      const location = headerValue(headers.location);
      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        discardBody(body);
        return { kind: "redirect", status, location };
      }
      if (status === 429 || status === 503) {
        discardBody(body);
        const asked = retryAfterMs(headerValue(headers["retry-after"]), run.clock.now());
        const wait = asked ?? DEFAULT_RETRY_WAIT_MS;
        if (wait <= config.maxRetryWaitMs && retryable(run, attempt, wait, deadline)) {
          pauseMs = Math.max(pauseMs, wait);
          continue;
        }
        // Honour it for the host's next request too, within the bound: a longer wait would hold
        // every queued page of the host rather than fail them.
        pauseMs = Math.max(pauseMs, Math.min(wait, config.maxRetryWaitMs));
        return final("http_error", `HTTP ${status} at ${url.href}`, {
          headers: kept(headers),
          retryAfterMs: asked,
        });
      }
      if (status < 200 || status >= 300) {
        discardBody(body);
        return final("http_error", `HTTP ${status} at ${url.href}`, {
          headers: kept(headers),
          retryAfterMs: null,
        });
      }
      try {
        return { kind: "final", outcome: await readPage(run, progress, url, status, headers, body, signal) };
      } catch (error) {
        if (!(error instanceof BodyFailure)) throw error;
        if (error.failure.transient && retryable(run, attempt, DEFAULT_RETRY_WAIT_MS, deadline)) {
          pauseMs = Math.max(pauseMs, DEFAULT_RETRY_WAIT_MS);
          continue;
        }
        return final(error.failure.kind, `${url.href}: ${error.failure.reason} while reading the body`);
      }
    } finally {
      release(pauseMs);
    }
  }
}

/** The transfer of a body failed (connection dropped mid-body): the hop may try again. */
class BodyFailure extends Error {
  constructor(readonly failure: TransportFailure) {
    super(failure.reason);
  }
}

function retryable(run: Run, attempt: number, waitMs: number, deadline: PageDeadline): boolean {
  // The retry must leave time for a response: a tenth of the page's budget at least.
  return attempt < run.config.maxRetries && deadline.remainingMs() > waitMs + run.config.pageTimeoutMs / 10;
}

async function readPage(
  run: Run,
  progress: Progress,
  url: URL,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: Readable,
  signal: AbortSignal,
): Promise<FetchOutcome> {
  const limit = run.config.maxPageBytes;
  const contentType = parseContentType(headerValue(headers["content-type"]));
  if (contentType.essence !== "" && !isHtmlType(contentType.essence)) {
    discardBody(body);
    return progress.finish("not_html", `${url.href} is ${contentType.essence}, not HTML`, {
      contentType: contentType.essence,
    });
  }
  const declared = Number(headerValue(headers["content-length"]));
  if (Number.isFinite(declared) && declared > limit) {
    discardBody(body);
    return progress.finish("too_large", `${url.href} declares ${declared} bytes, over ${limit}`, {
      limitBytes: limit,
    });
  }
  let read: Awaited<ReturnType<typeof readBody>>;
  try {
    read = await readBody(body, {
      contentEncoding: headerValue(headers["content-encoding"]) ?? null,
      maxBytes: limit,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new BodyFailure(classifyTransportFailure(error));
  }
  if (read.kind === "too_large") {
    return progress.finish("too_large", `${url.href} is over ${limit} bytes`, { limitBytes: limit });
  }
  if (read.kind === "bad_encoding") return progress.finish("bad_response", `${url.href}: ${read.reason}`, {});
  if (contentType.essence === "" && !sniffsAsHtml(read.bytes)) {
    return progress.finish("not_html", `${url.href} has no Content-Type and does not look like HTML`, {
      contentType: "",
    });
  }
  const decoded = decodePage(read.bytes, contentType.charset);
  return progress.finish("ok", `HTTP ${status} at ${url.href}`, {
    text: decoded.text,
    encoding: decoded.encoding,
    charsetSource: decoded.source,
    bytes: read.bytes.length,
    headers: kept(headers),
  });
}

function kept(headers: Record<string, string | string[] | undefined>): PageHeaders {
  const out: PageHeaders = {};
  for (const name of KEPT_HEADERS) {
    const value = headerValue(headers[name]);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
