/**
 * robots.txt per origin (scheme, host, port: RFC 9309 §2.3), fetched once and reused: rules for
 * `ttlMs` (24 h, the RFC's limit), an unreachable robots.txt's "disallow everything" for
 * `backoffMs` only, so a host that was briefly down is asked again soon. Concurrent checks of one
 * origin share one fetch. The cache holds `maxOrigins` origins, the least recently used dropped
 * first. One policy per fetcher (per enrichment thread).
 */
import type { Clock } from "../../clock.js";
import { abortable } from "../abortable.js";
import {
  type RobotsAnswer,
  type RobotsRules,
  type RobotsTransportFailure,
  robotsRules,
} from "./robots-rules.js";

export interface RobotsDecision {
  allowed: boolean;
  /** Why, for the fetch outcome: "robots.txt disallows it (line 3)", "robots.txt answered 404", ... */
  reason: string;
  /** The host's Crawl-delay for our product token (capped), or null. */
  crawlDelayMs: number | null;
  /** When disallowed because the host could not be reached at all: how it failed. */
  failure?: RobotsTransportFailure;
}

/** Fetches an origin's /robots.txt (redirects followed, SSRF-checked); never rejects but on `signal`. */
export type RobotsFetch = (robotsUrl: URL, signal?: AbortSignal) => Promise<RobotsAnswer>;

export interface RobotsPolicyOptions {
  productToken: string;
  fetchRobots: RobotsFetch;
  clock: Clock;
  ttlMs: number;
  backoffMs: number;
  maxOrigins?: number;
}

export interface RobotsPolicy {
  /** Whether our crawler may fetch `url`. Rejects only when `signal` aborts. */
  check(url: URL, signal?: AbortSignal): Promise<RobotsDecision>;
}

interface Entry {
  rules: RobotsRules;
  expiresAt: number;
}

export function createRobotsPolicy(options: RobotsPolicyOptions): RobotsPolicy {
  const maxOrigins = options.maxOrigins ?? 1000;
  const cache = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Entry>>();

  async function load(origin: string, signal?: AbortSignal): Promise<Entry> {
    const robotsUrl = new URL("/robots.txt", origin);
    const answer = await options.fetchRobots(robotsUrl, signal);
    const rules = robotsRules(robotsUrl.href, answer, options.productToken);
    const ttl = rules.kind === "disallow_all" ? options.backoffMs : options.ttlMs;
    const entry = { rules, expiresAt: options.clock.now() + ttl };
    cache.delete(origin);
    cache.set(origin, entry);
    if (cache.size > maxOrigins) cache.delete(cache.keys().next().value!);
    return entry;
  }

  async function entryFor(origin: string, signal?: AbortSignal): Promise<Entry> {
    const cached = cache.get(origin);
    if (cached && cached.expiresAt > options.clock.now()) {
      cache.delete(origin);
      cache.set(origin, cached);
      return cached;
    }
    const shared = inFlight.get(origin);
    if (shared) {
      try {
        return await abortable(shared, signal);
      } catch (error) {
        // Another caller's fetch was aborted by that caller's signal: fetch again under ours.
        if (signal?.aborted) throw error;
      }
    }
    const pending = load(origin, signal).finally(() => {
      if (inFlight.get(origin) === pending) inFlight.delete(origin);
    });
    inFlight.set(origin, pending);
    return pending;
  }

  return {
    async check(url, signal) {
      const { rules } = await entryFor(url.origin, signal);
      if (rules.kind === "allow_all") return { allowed: true, reason: rules.why, crawlDelayMs: null };
      if (rules.kind === "disallow_all") {
        return { allowed: false, reason: rules.why, crawlDelayMs: null, failure: rules.failure };
      }
      const { allowed, line } = rules.check(url.href);
      const where = line > 0 ? ` (line ${line})` : "";
      return {
        allowed,
        reason: allowed ? `robots.txt allows it${where}` : `robots.txt disallows it${where}`,
        crawlDelayMs: rules.crawlDelayMs,
      };
    },
  };
}
