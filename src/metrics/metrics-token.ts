import { timingSafeEqual } from "node:crypto";

/**
 * Whether an Authorization header carries `Bearer <token>` (METRICS_TOKEN), compared in constant
 * time so that response times do not leak the token.
 */
export function bearerTokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith("Bearer ") ? header.slice(7).trim() : "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const METRICS_TOKEN_REQUIRED = "GET /metrics needs 'Authorization: Bearer <METRICS_TOKEN>'";
