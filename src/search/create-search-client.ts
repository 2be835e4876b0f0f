/**
 * A SearchClient from plain config (config.search, cloned into each enrichment thread): the
 * provider SEARCH_PROVIDER names, on SEARCH_URL, with SEARCH_AUTH_HEADER and the fetcher's
 * User-Agent (an operator reading the engine's log sees who asks). Null when SEARCH_URL is unset.
 */
import { type Clock, systemClock } from "../clock.js";
import type { SearchConfig } from "../config.js";
import { createBraveProvider } from "./brave-provider.js";
import { SearchClient } from "./search-client.js";
import { SearchHttp } from "./search-http.js";
import type { SearchProvider } from "./search-provider.js";
import { createSearxngProvider } from "./searxng-provider.js";

export function createSearchClient(
  config: SearchConfig,
  options: { userAgent: string; clock?: Clock; provider?: SearchProvider },
): SearchClient | null {
  if (!config.url && !options.provider) return null;
  const headers: Record<string, string> = { "user-agent": options.userAgent };
  if (config.authHeader) headers[config.authHeader.name.toLowerCase()] = config.authHeader.value;
  const settings = { url: config.url ?? "", timeoutMs: config.timeoutMs, headers };
  const provider =
    options.provider ??
    (config.provider === "brave"
      ? createBraveProvider(settings, new SearchHttp())
      : createSearxngProvider(settings, new SearchHttp()));
  return new SearchClient(provider, {
    ratePerSecond: config.ratePerSecond,
    concurrency: config.concurrency,
    cacheTtlMs: config.cacheTtlMs,
    cacheEntries: config.cacheEntries,
    clock: options.clock ?? systemClock,
  });
}
