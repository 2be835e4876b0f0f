/**
 * One HTTP request to the API with the retry policy (retry-policy.ts): global fetch (undici), the
 * key as `Authorization: Bearer`, JSON in and out, a per-attempt timeout, the caller's AbortSignal.
 */
import { timeLimit } from "../abort/time-limit.js";
import { PlaceEnrichmentApiError, PlaceEnrichmentConnectionError, PlaceEnrichmentError } from "./errors.js";
import { isConnectionRefused, nextRetryDelay, parseRetryAfter, type RetryOptions } from "./retry-policy.js";
import type { ValidationIssue } from "./wire-types.js";

export interface TransportOptions {
  /** The server's root, e.g. `http://127.0.0.1:8080` (a path prefix is kept). */
  baseUrl: string;
  org: string;
  apiKey: string;
  retry: RetryOptions;
  /** Per attempt, in ms. */
  timeoutMs: number;
  fetch: typeof fetch;
  userAgent: string;
  /** Called before each retry: the attempt that failed, the wait in ms, the reason. */
  onRetry?: (info: {
    method: string;
    path: string;
    attempt: number;
    delayMs: number;
    reason: string;
  }) => void;
}

export interface ApiRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Below `/v1/{org}/place_enrichment`, e.g. `/batches`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The body as JSON text already (instead of `body`). */
  jsonText?: string;
  /** Safe to send twice (GET; POST with an Idempotency-Key or a client-chosen batch id). */
  repeatable: boolean;
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Per attempt, in ms; the transport's default otherwise. */
  timeoutMs?: number;
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export class Transport {
  private readonly root: string;

  constructor(private readonly options: TransportOptions) {
    this.root = `${options.baseUrl.replace(/\/+$/, "")}/v1/${encodeURIComponent(options.org)}/place_enrichment`;
  }

  url(path: string, query?: ApiRequest["query"]): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.toString();
    return `${this.root}${path}${search ? `?${search}` : ""}`;
  }

  /**
   * The parsed JSON answer of a 2xx (undefined for an empty body). Throws PlaceEnrichmentApiError for
   * any other status after the retries, PlaceEnrichmentConnectionError when no answer came, or the
   * signal's reason when the caller aborted.
   */
  async request<T>(request: ApiRequest): Promise<T> {
    const { method, path } = request;
    const url = this.url(path, request.query);
    const body = request.jsonText ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      accept: "application/json",
      "user-agent": this.options.userAgent,
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (request.idempotencyKey) headers["idempotency-key"] = request.idempotencyKey;
    const repeatable = request.repeatable || Boolean(request.idempotencyKey);
    const where = { method, path };
    for (let attempt = 1; ; attempt++) {
      request.signal?.throwIfAborted();
      // The attempt's time limit covers the answer's body too; cleared before any wait for a retry.
      const limit = timeLimit(request.timeoutMs ?? this.options.timeoutMs, request.signal);
      let response: Response;
      let text: string;
      try {
        try {
          // Called as a plain function: a browser's fetch called as a method of another object
          // (`this.options.fetch(...)`) throws "Illegal invocation".
          const fetchFunction = this.options.fetch;
          response = await fetchFunction(url, { method, headers, body, signal: limit.signal });
        } catch (error) {
          if (request.signal?.aborted) throw request.signal.reason;
          limit.clear();
          const refused = isConnectionRefused(error);
          const reason = limit.expired ? "timed out" : describeFetchError(error);
          const delay = nextRetryDelay({ refused }, attempt, repeatable, this.options.retry);
          if (delay === null) {
            throw new PlaceEnrichmentConnectionError(`${reason} (after ${attempt} attempt(s))`, where, {
              cause: error,
            });
          }
          this.options.onRetry?.({ method, path, attempt, delayMs: delay, reason });
          await sleep(delay, request.signal);
          continue;
        }
        try {
          text = await response.text();
        } catch (error) {
          if (request.signal?.aborted) throw request.signal.reason;
          limit.clear();
          // The answer was cut: for a repeatable request, ask again.
          const delay = nextRetryDelay({}, attempt, repeatable, this.options.retry);
          if (delay === null) {
            throw new PlaceEnrichmentConnectionError(`answer cut: ${describeFetchError(error)}`, where, {
              cause: error,
            });
          }
          this.options.onRetry?.({ method, path, attempt, delayMs: delay, reason: "answer cut" });
          await sleep(delay, request.signal);
          continue;
        }
      } finally {
        limit.clear();
      }
      if (response.ok) return parseJson<T>(text, response.status, where);
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), Date.now());
      const delay = nextRetryDelay(
        { status: response.status, retryAfterMs },
        attempt,
        repeatable,
        this.options.retry,
      );
      if (delay === null) throw apiError(response, text, where, retryAfterMs);
      this.options.onRetry?.({ method, path, attempt, delayMs: delay, reason: `status ${response.status}` });
      await sleep(delay, request.signal);
    }
  }
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return error instanceof Error ? error.message : String(error);
}

function parseJson<T>(text: string, status: number, where: { method: string; path: string }): T {
  if (text === "") return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new PlaceEnrichmentError(
      `${where.method} ${where.path}: ${status} answer is not JSON: ${text.slice(0, 200)}`,
    );
  }
}

function apiError(
  response: Response,
  text: string,
  where: { method: string; path: string },
  retryAfterMs: number | undefined,
): PlaceEnrichmentApiError {
  let detail: string | ValidationIssue[] = text.slice(0, 1000) || response.statusText;
  let requestId: string | undefined;
  try {
    const body = JSON.parse(text) as { detail?: unknown; request_id?: unknown };
    if (typeof body.detail === "string" || Array.isArray(body.detail)) {
      detail = body.detail as string | ValidationIssue[];
    }
    if (typeof body.request_id === "string") requestId = body.request_id;
  } catch {
    // not JSON (a proxy's page): the text is the detail
  }
  const retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
  return new PlaceEnrichmentApiError(response.status, detail, where, requestId, retryAfterSeconds);
}
