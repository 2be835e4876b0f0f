/**
 * Signing webhook requests (docs/webhooks.md). The receiver recomputes
 *
 *   X-PlaceEnrich-Signature: v1=<hex HMAC-SHA256(secret, "<X-PlaceEnrich-Timestamp>.<raw body>")>
 *
 * with its organization's secret and compares in constant time; the timestamp (unix seconds) inside
 * the signed text lets it refuse replays older than its tolerance (5 minutes in our snippets).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const EVENT_ID_HEADER = "x-placeenrich-event-id";
export const TIMESTAMP_HEADER = "x-placeenrich-timestamp";
export const SIGNATURE_HEADER = "x-placeenrich-signature";

/** `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>` keyed with the secret's UTF-8 bytes. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * The receiver's check, as the docs give it: a `v1=` signature of this secret, timestamp and body,
 * with the timestamp within `toleranceSeconds` of `nowSeconds`. Compared in constant time.
 */
export function verifyWebhook(input: {
  secret: string;
  timestamp: string;
  signature: string;
  body: string;
  nowSeconds: number;
  toleranceSeconds: number;
}): boolean {
  const timestamp = Number(input.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(input.nowSeconds - timestamp) > input.toleranceSeconds)
    return false;
  const expected = Buffer.from(signWebhook(input.secret, timestamp, input.body));
  const given = Buffer.from(input.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A new signing secret: `whsec_` + 32 random bytes (crypto) in base64url. Stored as is (it must
 * sign, so it cannot be hashed like an API key) and shown by `place-enrich orgs webhook-secret`.
 */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
