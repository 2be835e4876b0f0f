/**
 * What a robots.txt answer means for a host (RFC 9309, https://www.rfc-editor.org/rfc/rfc9309):
 *
 * - 2xx: its rules, matched on our product token (§2.2.1: the name before "/", case-insensitive;
 *   the `*` group when no group names us). But an HTML page served as /robots.txt (a CMS's catch-all
 *   or error page, status 200) is not a rule file: allow everything, as crawlers do, rather than read
 *   markup as rules.
 * - 4xx ("unavailable", §2.3.1.3), 404 and 410 included: no rules, allow everything. 429 is the
 *   exception: the server asks us to slow down, so it counts as unreachable.
 * - 5xx, 429, a timeout or a failed connection ("unreachable", §2.3.1.4): disallow everything for a
 *   while (the caller's backoff), then ask again.
 */
import { createRequire } from "node:module";

// robots-parser is CommonJS exporting the function itself, but its typings declare an ES default
// export, which NodeNext resolution makes a namespace: require it and take the declared type.
const robotsParser = createRequire(import.meta.url)(
  "robots-parser",
) as typeof import("robots-parser").default;

export type RobotsAnswer =
  /** A 2xx answer (after redirects), its body (at most ~500 KiB, §2.5) and Content-Type. */
  | { kind: "ok"; status: number; contentType: string | null; body: string }
  /** A 4xx answer other than 429. */
  | { kind: "unavailable"; status: number }
  /**
   * 5xx, 429, timeout, connection failure; `failure` names a transport failure (the host itself is
   * unreachable), which the fetcher reports as the page's own outcome rather than a robots block.
   */
  | { kind: "unreachable"; reason: string; failure?: RobotsTransportFailure };

export type RobotsTransportFailure = "timeout" | "connection_error" | "tls_error" | "bad_response";

export type RobotsRules =
  | { kind: "rules"; check(url: string): { allowed: boolean; line: number }; crawlDelayMs: number | null }
  | { kind: "allow_all"; why: string }
  | { kind: "disallow_all"; why: string; failure?: RobotsTransportFailure };

/** Longest Crawl-delay honoured: a site asking for a minute between requests would hold a job. */
export const MAX_CRAWL_DELAY_MS = 10_000;

/** Reads a robots.txt answer for `robotsUrl`'s origin, for the crawler named `productToken`. */
export function robotsRules(robotsUrl: string, answer: RobotsAnswer, productToken: string): RobotsRules {
  if (answer.kind === "unreachable") {
    return {
      kind: "disallow_all",
      why: `robots.txt unreachable (${answer.reason})`,
      failure: answer.failure,
    };
  }
  if (answer.kind === "unavailable")
    return { kind: "allow_all", why: `robots.txt answered ${answer.status}` };
  if (looksLikeHtml(answer.body))
    return { kind: "allow_all", why: "robots.txt is an HTML page, not a rule file" };
  const robots = robotsParser(robotsUrl, answer.body);
  const delay = robots.getCrawlDelay(productToken);
  return {
    kind: "rules",
    check(url) {
      // undefined: the URL is not on this robots.txt's origin (the caller keys rules by origin).
      const allowed = robots.isAllowed(url, productToken) !== false;
      return { allowed, line: robots.getMatchingLineNumber(url, productToken) };
    },
    crawlDelayMs:
      typeof delay === "number" && Number.isFinite(delay) && delay > 0
        ? Math.min(delay * 1000, MAX_CRAWL_DELAY_MS)
        : null,
  };
}

/** Markup rather than rules: the file starts with a tag and names an HTML element early on. */
export function looksLikeHtml(body: string): boolean {
  const head = body
    .slice(0, 1024)
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  return head.startsWith("<") && /<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|title>)/.test(head);
}
