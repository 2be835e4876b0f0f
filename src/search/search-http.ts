/**
 * One GET to the search endpoint, its body read up to a bound, failures typed (SearchError).
 *
 * The endpoint is the operator's own configuration (SEARCH_URL: often a SearXNG on loopback or the
 * private network), so it is not put through the website fetcher's SSRF guard; the URLs in its
 * results are, when discovery fetches them (src/web/fetch). No redirects are followed: an API that
 * redirects is misconfigured (SearXNG sends a 302 to its HTML page for a bad query).
 */
import { Agent, errors, request } from "undici";
import { timeLimit } from "../abort/time-limit.js";
import { SearchError } from "./search-error.js";

/** A search answer is a few KiB (SearXNG: ~30 results, 10–40 KiB measured); 4 MiB is far past any. */
export const MAX_SEARCH_BODY_BYTES = 4 * 1024 * 1024;

export interface SearchHttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface SearchHttpOptions {
  timeoutMs: number;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

/** Retry-After (seconds or an HTTP date) in ms, or undefined. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class SearchHttp {
  private readonly agent = new Agent({ connections: 8, keepAliveTimeout: 30_000 });

  /**
   * GET `url`. Resolves with any status (the provider maps it); rejects with SearchError
   * `search_unavailable` (network, timeout) or `search_bad_response` (body over the bound), or with
   * the caller's signal's reason when it aborts.
   */
  async get(url: string, options: SearchHttpOptions): Promise<SearchHttpResponse> {
    const timeout = timeLimit(options.timeoutMs, options.signal);
    const signal = timeout.signal;
    try {
      const res = await request(url, {
        method: "GET",
        dispatcher: this.agent,
        headers: options.headers,
        signal,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_SEARCH_BODY_BYTES) {
          res.body.destroy();
          throw new SearchError(
            "search_bad_response",
            `search answer larger than ${MAX_SEARCH_BODY_BYTES} bytes`,
            {
              status: res.statusCode,
            },
          );
        }
        chunks.push(chunk as Buffer);
      }
      return { status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") };
    } catch (error) {
      if (error instanceof SearchError) throw error;
      if (options.signal?.aborted) throw options.signal.reason;
      if (
        timeout.expired ||
        error instanceof errors.HeadersTimeoutError ||
        error instanceof errors.BodyTimeoutError
      )
        throw new SearchError("search_unavailable", `search did not answer within ${options.timeoutMs} ms`);
      const code = (error as { code?: string }).code;
      throw new SearchError(
        "search_unavailable",
        `search endpoint not reachable${code ? ` (${code})` : ""}: ${(error as Error).message}`,
      );
    } finally {
      timeout.clear();
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
