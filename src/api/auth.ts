/**
 * Bearer-key authentication for /v1/{org_slug}/... (API.md §1): `Authorization: Bearer <key>` or
 * `apiKey: <key>`. Missing, unknown or revoked → 401; a valid key of another org → 403.
 *
 * The key's shown prefix (not secret: `keys list` prints it) finds the candidate records; the
 * presented key's SHA-256 is compared with each candidate's hash in constant time
 * (crypto.timingSafeEqual), so no comparison of secret material takes a time that depends on how
 * much of it matched.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { hashApiKey, keyPrefix } from "../accounts/api-keys.js";
import type { OrgLimits, Store } from "../store/port.js";
import { clip } from "./echo.js";
import { ApiError } from "./errors.js";

export interface AuthenticatedOrg {
  orgId: string;
  orgSlug: string;
  keyId: string;
  orgLimits: OrgLimits;
}

/** Longest key worth hashing: ours are 46 characters; anything far longer is not one of them. */
const MAX_KEY_LENGTH = 256;

export function presentedKey(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === "string") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1]!;
  }
  const apiKey = request.headers.apikey;
  if (typeof apiKey === "string" && apiKey.trim() !== "") return apiKey.trim();
  return null;
}

/** Throws 401 (missing, unknown or revoked key) or 403 (another org's key). */
export async function authenticate(
  store: Store,
  request: FastifyRequest,
  orgSlug: string,
): Promise<AuthenticatedOrg> {
  const key = presentedKey(request);
  if (!key) throw new ApiError(401, "unauthorized", "Missing API key: send 'Authorization: Bearer <key>'");
  const invalid = new ApiError(401, "unauthorized", "Invalid or revoked API key");
  if (key.length > MAX_KEY_LENGTH) throw invalid;
  const hash = Buffer.from(hashApiKey(key), "hex");
  const candidates = await store.findApiKeysByPrefix(keyPrefix(key));
  const record = candidates.find((c) => {
    const stored = Buffer.from(c.keyHash, "hex");
    return stored.length === hash.length && timingSafeEqual(stored, hash);
  });
  if (!record || record.revokedAt !== null) throw invalid;
  // Slugs are matched case-insensitively: the CLI stores them lower-case.
  if (record.orgSlug.toLowerCase() !== orgSlug.toLowerCase()) {
    throw new ApiError(403, "forbidden", `This API key does not belong to organization "${clip(orgSlug)}"`);
  }
  return { orgId: record.orgId, orgSlug: record.orgSlug, keyId: record.id, orgLimits: record.orgLimits };
}

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the onRequest hook of the /v1/{org_slug} scope, before the body is even parsed. */
    org: AuthenticatedOrg;
  }
}
