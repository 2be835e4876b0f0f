/**
 * Bearer-key authentication for /v1/{org_slug}/... (API.md §1): `Authorization: Bearer <key>` or
 * `apiKey: <key>`. Missing, unknown or revoked → 401; a valid key of another org → 403.
 */
import type { FastifyRequest } from "fastify";
import { hashApiKey } from "../accounts/api-keys.js";
import type { Store } from "../store/port.js";
import { ApiError } from "./errors.js";

export interface AuthenticatedOrg {
  orgId: string;
  orgSlug: string;
}

function presentedKey(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === "string") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1]!;
  }
  const apiKey = request.headers.apikey;
  if (typeof apiKey === "string" && apiKey.trim() !== "") return apiKey.trim();
  return null;
}

/** Rate-limit bucket: the presented key's hash, or the client address when no key is sent. */
export function rateLimitKey(request: FastifyRequest): string {
  const key = presentedKey(request);
  return key ? `key:${hashApiKey(key)}` : `ip:${request.ip}`;
}

export async function authenticate(
  store: Store,
  request: FastifyRequest,
  orgSlug: string,
): Promise<AuthenticatedOrg> {
  const key = presentedKey(request);
  if (!key) throw new ApiError(401, "unauthorized", "Missing API key: send 'Authorization: Bearer <key>'");
  const record = await store.findApiKeyByHash(hashApiKey(key));
  if (!record || record.revokedAt !== null)
    throw new ApiError(401, "unauthorized", "Invalid or revoked API key");
  // Slugs are matched case-insensitively: the CLI stores them lower-case.
  if (record.orgSlug.toLowerCase() !== orgSlug.toLowerCase()) {
    throw new ApiError(403, "forbidden", `This API key does not belong to organization "${orgSlug}"`);
  }
  return { orgId: record.orgId, orgSlug: record.orgSlug };
}

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the onRequest hook of the /v1/{org_slug} scope, before the body is even parsed. */
    org: AuthenticatedOrg;
  }
}
