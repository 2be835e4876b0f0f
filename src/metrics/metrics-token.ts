import { createHash, timingSafeEqual } from "node:crypto";

const BEARER = /^bearer\s+(.+)$/i;

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * Whether an Authorization header carries `Bearer <token>` (METRICS_TOKEN; the scheme is
 * case-insensitive, RFC 9110 §11.1). Both sides are hashed before a constant-time comparison, so
 * neither the token's characters nor its length show in response times.
 */
export function bearerTokenMatches(header: string | undefined, token: string): boolean {
  const given = BEARER.exec(header?.trim() ?? "")?.[1]?.trim() ?? "";
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

export const METRICS_TOKEN_REQUIRED = "GET /metrics needs 'Authorization: Bearer <METRICS_TOKEN>'";
