/**
 * Name resolution for the SSRF guard, injected so tests control the answers (a name that resolves
 * to loopback) without touching the system's resolver.
 */
import { lookup } from "node:dns/promises";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a name resolves to, in the resolver's order. Rejects when the name does not resolve. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/**
 * The system resolver (getaddrinfo: /etc/hosts, then DNS), every answer (`all: true`) in its own
 * order (`verbatim`), as the connection would have used it.
 */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export interface CachingResolverOptions {
  /** How long an answer is reused (ms). getaddrinfo gives no TTL; 5 minutes is a common floor. */
  ttlMs: number;
  /** How long a failure ("does not resolve", a DNS timeout) is reused (ms). */
  failureTtlMs: number;
  /** Names remembered at most (oldest forgotten first). */
  maxEntries: number;
  now: () => number;
}

/**
 * `resolver` with a per-thread cache of answers and failures, and one lookup in flight per name.
 * Many places share a host (a chain's site, a platform), and getaddrinfo runs on libuv's 4-thread
 * pool: measured here, a burst of 40 lookups of distinct names that do not resolve took 5 s (the
 * DNS server answered the first ~25 and the rest waited for the resolver's 5 s retry), and every
 * job of a 50,000-job batch looked its host up again. The guard still checks every answer, cached
 * or not, and the connection goes to the checked address, so caching opens no rebinding hole.
 */
export function cachingResolver(resolver: Resolver, options: CachingResolverOptions): Resolver {
  const entries = new Map<string, { until: number; answer: Promise<ResolvedAddress[]> }>();
  return (hostname) => {
    const key = hostname.toLowerCase();
    const now = options.now();
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.answer;
    const answer = resolver(key);
    const entry = { until: Number.POSITIVE_INFINITY, answer };
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
    answer.then(
      () => {
        entry.until = options.now() + options.ttlMs;
      },
      () => {
        entry.until = options.now() + options.failureTtlMs;
      },
    );
    return answer;
  };
}
