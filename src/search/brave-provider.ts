/**
 * The Brave Search API behind the same port (the second provider the issue asks for):
 * `GET https://api.search.brave.com/res/v1/web/search?q=…` with `X-Subscription-Token: <key>`
 * (SEARCH_AUTH_HEADER), results in `web.results[]` as `url`, `title`, `description`. 401/403/422 of
 * a bad key or plan are configuration errors; 429 is its per-second or monthly limit.
 */
import secureJsonParse from "secure-json-parse";
import { SearchError } from "./search-error.js";
import { retryAfterMs, type SearchHttp } from "./search-http.js";
import type { SearchProvider, SearchResult } from "./search-provider.js";

export interface BraveOptions {
  /** `https://api.search.brave.com/res/v1/web/search` */
  url: string;
  timeoutMs: number;
  headers: Record<string, string>;
}

/** The results of a Brave answer (parsed JSON); throws SearchError `search_bad_response` on another shape. */
export function parseBraveAnswer(body: unknown): SearchResult[] {
  if (body === null || typeof body !== "object")
    throw new SearchError("search_bad_response", "search answer is not a Brave Search object");
  const web = (body as { web?: { results?: unknown } }).web;
  if (web === undefined) return []; // Brave leaves `web` out when nothing was found.
  if (!Array.isArray(web.results))
    throw new SearchError("search_bad_response", "Brave answer has no web.results list");
  return web.results.flatMap((item): SearchResult[] => {
    const r = (item ?? {}) as Record<string, unknown>;
    if (typeof r.url !== "string" || !/^https?:\/\//i.test(r.url)) return [];
    return [
      {
        url: r.url,
        title: typeof r.title === "string" ? r.title : "",
        content: typeof r.description === "string" ? r.description.replace(/<\/?strong>/g, "") : "",
        engine: "brave",
        score: null,
      },
    ];
  });
}

export function createBraveProvider(options: BraveOptions, http: SearchHttp): SearchProvider {
  return {
    name: "brave",
    async search({ query, signal }) {
      const url = new URL(options.url);
      url.searchParams.set("q", query);
      url.searchParams.set("count", "20");
      const res = await http.get(url.toString(), {
        timeoutMs: options.timeoutMs,
        headers: { accept: "application/json", ...options.headers },
        ...(signal ? { signal } : {}),
      });
      if (res.status === 401 || res.status === 403 || res.status === 422)
        throw new SearchError(
          "search_configuration",
          `Brave Search refused the key or plan (${res.status})`,
          {
            status: res.status,
          },
        );
      if (res.status === 429) {
        const wait = retryAfterMs(res.headers["retry-after"]);
        throw new SearchError("search_rate_limited", "Brave Search rate limit (429)", {
          status: 429,
          ...(wait !== undefined ? { retryAfterMs: wait } : {}),
        });
      }
      if (res.status !== 200)
        throw new SearchError("search_unavailable", `search endpoint answered ${res.status}`, {
          status: res.status,
        });
      let body: unknown;
      try {
        body = secureJsonParse.parse(res.text);
      } catch (error) {
        throw new SearchError(
          "search_bad_response",
          `search answer is not JSON: ${(error as Error).message}`,
        );
      }
      return parseBraveAnswer(body);
    },
    close: () => http.close(),
  };
}
