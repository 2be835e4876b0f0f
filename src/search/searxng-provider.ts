/**
 * SearXNG's JSON API: `GET <base>/search?q=…&format=json` (docs.searxng.org, Search API). Results
 * carry `url`, `title`, `content`, `engine` and `score`; `number_of_results` is not read (removed in
 * 2026). An instance answers 403 when the `json` format is not enabled in its settings.yml
 * (`search.formats`): a configuration error, never an empty result. Its limiter answers 429; when
 * every upstream engine failed (CAPTCHA, throttled, timeout) it answers 200 with no results and
 * `unresponsive_engines` — reported as rate limited, not as "nothing found", so the job is retried.
 */
import secureJsonParse from "secure-json-parse";
import { SearchError } from "./search-error.js";
import { retryAfterMs, type SearchHttp } from "./search-http.js";
import type { SearchProvider, SearchRequest, SearchResult } from "./search-provider.js";

export interface SearxngOptions {
  /** The instance's base URL (`http://127.0.0.1:8888/`) or its `/search` URL. */
  url: string;
  timeoutMs: number;
  /** Extra headers (SEARCH_AUTH_HEADER) and the User-Agent. */
  headers: Record<string, string>;
}

/** `<base>/search?q=…&format=json&categories=general` for `query`. */
export function searxngSearchUrl(base: string, query: string): string {
  const url = new URL(base);
  if (!/\/search\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, "")}/search`;
  url.search = "";
  url.searchParams.set("q", query);
  url.searchParams.set("format", "json");
  url.searchParams.set("categories", "general");
  return url.toString();
}

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * The results of a SearXNG JSON answer (already parsed), in its order; items without an http(s)
 * URL are skipped. Throws SearchError `search_bad_response` when the shape is not SearXNG's, and
 * `search_rate_limited` when it has no results because every engine failed.
 */
export function parseSearxngAnswer(body: unknown): SearchResult[] {
  if (body === null || typeof body !== "object" || !Array.isArray((body as { results?: unknown }).results))
    throw new SearchError("search_bad_response", "search answer has no `results` list (not SearXNG's JSON)");
  const answer = body as { results: unknown[]; unresponsive_engines?: unknown };
  const out: SearchResult[] = [];
  for (const item of answer.results) {
    if (item === null || typeof item !== "object") continue;
    const r = item as Record<string, unknown>;
    const url = text(r.url);
    if (!/^https?:\/\//i.test(url)) continue;
    out.push({
      url,
      title: text(r.title),
      content: text(r.content),
      engine: text(r.engine) || "searxng",
      score: typeof r.score === "number" && Number.isFinite(r.score) ? r.score : null,
    });
  }
  const unresponsive = Array.isArray(answer.unresponsive_engines) ? answer.unresponsive_engines : [];
  if (out.length === 0 && unresponsive.length > 0) {
    const which = unresponsive
      .map((u) => (Array.isArray(u) ? u.map(String).join(": ") : String(u)))
      .slice(0, 5)
      .join(", ");
    throw new SearchError("search_rate_limited", `every search engine of the instance failed (${which})`);
  }
  return out;
}

export function createSearxngProvider(options: SearxngOptions, http: SearchHttp): SearchProvider {
  return {
    name: "searxng",
    async search({ query, signal }: SearchRequest): Promise<SearchResult[]> {
      const res = await http.get(searxngSearchUrl(options.url, query), {
        timeoutMs: options.timeoutMs,
        headers: { accept: "application/json", ...options.headers },
        ...(signal ? { signal } : {}),
      });
      const status = res.status;
      if (status === 403)
        throw new SearchError(
          "search_configuration",
          "SearXNG refused the JSON format (403): add `json` to `search.formats` in its settings.yml (or the proxy in front refused SEARCH_AUTH_HEADER)",
          { status },
        );
      if (status === 401)
        throw new SearchError(
          "search_configuration",
          "search endpoint needs credentials (401): set SEARCH_AUTH_HEADER",
          {
            status,
          },
        );
      if (status === 429) {
        const wait = retryAfterMs(res.headers["retry-after"]);
        throw new SearchError("search_rate_limited", "SearXNG is rate limiting us (429)", {
          status,
          ...(wait !== undefined ? { retryAfterMs: wait } : {}),
        });
      }
      if (status >= 300 && status < 400)
        throw new SearchError(
          "search_configuration",
          `search endpoint redirects (${status}): SEARCH_URL must be the instance's base URL`,
          { status },
        );
      if (status !== 200)
        throw new SearchError("search_unavailable", `search endpoint answered ${status}`, { status });
      let body: unknown;
      try {
        body = secureJsonParse.parse(res.text);
      } catch (error) {
        throw new SearchError(
          "search_bad_response",
          `search answer is not JSON: ${(error as Error).message}`,
          {
            status,
          },
        );
      }
      return parseSearxngAnswer(body);
    },
    close: () => http.close(),
  };
}
