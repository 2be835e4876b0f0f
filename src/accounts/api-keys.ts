/**
 * API keys: 32 random bytes, shown once, stored only as a SHA-256 hash. A fast hash is enough here
 * (unlike passwords) because the key has 256 bits of entropy: there is nothing to brute-force.
 */
import { createHash, randomBytes } from "node:crypto";
import type { ApiKeyRecord, Org, Store } from "../store/port.js";

const KEY_PREFIX = "pe_";
/** Characters kept in clear for listings: enough to tell keys apart, useless for guessing. */
const SHOWN_PREFIX_LENGTH = 10;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** The part of a key stored in clear and listed (`pe_` and 7 characters): how it is looked up. */
export function keyPrefix(key: string): string {
  return key.slice(0, SHOWN_PREFIX_LENGTH);
}

export function generateApiKey(random: (size: number) => Buffer = randomBytes): string {
  return KEY_PREFIX + random(32).toString("base64url");
}

export async function issueApiKey(
  store: Store,
  orgId: string,
  label: string | null,
  now: number,
): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = generateApiKey();
  const record = await store.createApiKey({
    orgId,
    keyHash: hashApiKey(key),
    prefix: keyPrefix(key),
    label,
    now,
  });
  return { key, record };
}

/** What `keys list` prints after a key's prefix; `keys revoke` accepts the prefix with it. */
export const PREFIX_ELLIPSIS = "…";

/**
 * Revokes one of the org's active keys, named as an operator has it at hand: its id, its prefix as
 * `keys list` prints it (`pe_AbCdEfG…`, the ellipsis optional, "..." too), or the full key (hashed
 * and matched: the key itself is never stored). Returns how many keys were revoked (0: none matched,
 * or the full key belongs to another organization).
 */
export async function revokeApiKey(store: Store, orgId: string, given: string, now: number): Promise<number> {
  const name = given.trim().replace(/(?:…|\.\.\.)$/, "");
  if (name.startsWith(KEY_PREFIX) && name.length > SHOWN_PREFIX_LENGTH) {
    const record = await store.findApiKeyByHash(hashApiKey(name));
    if (!record || record.orgId !== orgId) return 0;
    return store.revokeApiKey(orgId, record.id, now);
  }
  return store.revokeApiKey(orgId, name, now);
}

export const ORG_SLUG_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,48}[a-zA-Z0-9])$/;

export class OrgSlugError extends Error {}

/** Creates an organization and its first key; the key is returned once and never stored in clear. */
export async function createOrgWithKey(
  store: Store,
  slug: string,
  now: number,
): Promise<{ org: Org; key: string; record: ApiKeyRecord }> {
  if (!ORG_SLUG_PATTERN.test(slug)) {
    throw new OrgSlugError(
      `invalid org slug "${slug}": 2-50 characters [a-zA-Z0-9-], no leading or trailing "-"`,
    );
  }
  const org = await store.createOrg(slug.toLowerCase(), now);
  const { key, record } = await issueApiKey(store, org.id, "initial", now);
  return { org, key, record };
}
