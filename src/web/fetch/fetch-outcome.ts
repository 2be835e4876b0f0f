/**
 * What fetching one page gives: a typed outcome, never an exception (fetchPage rejects only when
 * the caller's own signal aborts). Every outcome carries the URL asked for, the last URL requested,
 * the redirect chain followed (evidence: a site that now redirects elsewhere says something about
 * the place), a one-line `reason` for a resolver's reasoning, and timings.
 */
import type { CharsetSource } from "../decode/decode-page.js";
import type { GuardRefusal } from "../guard/ssrf-guard.js";

export type FetchOutcomeKind =
  | "ok"
  | "http_error"
  | "dns_failure"
  | "tls_error"
  | "timeout"
  | "connection_error"
  | "robots_blocked"
  | "too_large"
  | "not_html"
  | "blocked_address"
  | "redirect_loop"
  | "too_many_redirects"
  | "bad_response";

export interface RedirectHop {
  /** The URL requested. */
  url: string;
  /** Its 3xx status. */
  status: number;
  /** Where it led (absolute, without fragment). */
  location: string;
}

/** The response headers kept (lower-case names), from the last response. */
export type PageHeaders = Partial<
  Record<
    "content-type" | "content-language" | "last-modified" | "date" | "x-robots-tag" | "retry-after",
    string
  >
>;

export interface FetchTimings {
  /** When the fetch began (the injected clock, ms since the epoch). */
  startedAt: number;
  /** Waiting for a request slot: the global limit, the host's limit and its politeness delay (ms). */
  waitMs: number;
  /** Start to end, wait included (ms, monotonic). */
  totalMs: number;
}

interface OutcomeBase {
  /** The URL asked for, as given. */
  url: string;
  /** The last URL requested (the page's own URL when ok). */
  finalUrl: string;
  redirects: RedirectHop[];
  /** HTTP status of the last response, or null when none came. */
  status: number | null;
  /** One line saying what happened, for a reasoning ("HTTP 404 at https://…", "robots.txt disallows it"). */
  reason: string;
  /** Served from the page cache (then `timings` are the original fetch's). */
  fromCache: boolean;
  timings: FetchTimings;
}

export interface FetchedPage {
  /** The decoded page text. */
  text: string;
  /** WHATWG name of the encoding the text was decoded from, and which rule chose it. */
  encoding: string;
  charsetSource: CharsetSource;
  /** Body bytes after decompression. */
  bytes: number;
  headers: PageHeaders;
}

export type FetchOutcome = OutcomeBase &
  (
    | ({ kind: "ok"; status: number } & FetchedPage)
    /** Any other final status (4xx, 5xx, a 3xx without Location); `retryAfterMs` when sent. */
    | { kind: "http_error"; status: number; headers: PageHeaders; retryAfterMs: number | null }
    | { kind: "not_html"; status: number; contentType: string }
    | { kind: "blocked_address"; refusal: GuardRefusal }
    | { kind: "too_large"; limitBytes: number }
    | {
        kind:
          | "dns_failure"
          | "tls_error"
          | "timeout"
          | "connection_error"
          | "robots_blocked"
          | "redirect_loop"
          | "too_many_redirects"
          | "bad_response";
      }
  );
