/**
 * `webhook_url` of POST /batches (our extension, docs/webhooks.md): the rules a schema cannot say.
 * The schema bounds the length (MAX_WEBHOOK_URL_LENGTH); here: an absolute http or https URL with a
 * host and without credentials (a secret in a URL ends up in logs and in the batch view). Whether
 * its address may be reached is decided at each delivery by the SSRF guard, as DNS answers change.
 */
import { clip } from "./echo.js";
import type { ValidationIssue } from "./errors.js";

/** Longest accepted webhook URL, in characters (common browser and proxy limits sit at 2,048+). */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** [] when `url` is absent or acceptable; otherwise one issue at `loc`. */
export function checkWebhookUrl(url: string | undefined, loc: Array<string | number>): ValidationIssue[] {
  if (url === undefined) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ loc, msg: `Not an absolute URL: "${clip(url)}"`, type: "url_parsing" }];
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return [
      { loc, msg: `The webhook URL must be http or https, not ${clip(parsed.protocol)}`, type: "url_scheme" },
    ];
  }
  if (parsed.hostname === "") {
    return [{ loc, msg: "The webhook URL has no host", type: "url_parsing" }];
  }
  if (parsed.username !== "" || parsed.password !== "") {
    return [
      {
        loc,
        msg: "The webhook URL must not carry credentials (user:password@); verify the signature instead",
        type: "url_credentials",
      },
    ];
  }
  return [];
}
