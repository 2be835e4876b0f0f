/**
 * Row ↔ record mapping shared by the SQLite and PostgreSQL stores: both keep the same columns, JSON as
 * TEXT and epoch-ms times, so one mapping serves both (they differ only in how `refresh` comes back:
 * SQLite integer 1, PostgreSQL boolean true).
 */
import {
  ATTRIBUTES,
  type AttributeKey,
  attributesToMask,
  enrichableAttributes,
  type PublicAttributeKey,
} from "../domain/attributes.js";
import type { JobStatus } from "../domain/job-status.js";
import type { PrefilledData } from "../domain/place.js";
import type {
  ApiKeyCredential,
  ApiKeyRecord,
  BatchRecord,
  BatchWebhook,
  ClaimedJob,
  JobRecord,
  Org,
  OrgLimits,
  WebhookAttempt,
  WebhookState,
} from "./port.js";

export type Row = Record<string, unknown>;

export const JOB_COLUMNS =
  "pk, org_id, batch_pk, place_id, status, inputs, attributes, refresh, attempts, result, attribute_status, " +
  "error, created_at, updated_at";

/** JSON column (TEXT) → value; NULL stays null. */
export function parseJson<T>(text: unknown): T | null {
  return typeof text === "string" ? (JSON.parse(text) as T) : null;
}

/** Value → JSON column (TEXT); undefined and null become NULL. */
export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** LIKE pattern matching `text` as a substring, with `%`, `_` and the escape character `\` escaped. */
export function likeSubstring(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function toJobRecord(row: Row): JobRecord {
  return {
    pk: row.pk as number,
    orgId: row.org_id as string,
    batchPk: (row.batch_pk as number | null) ?? null,
    placeId: row.place_id as string,
    status: row.status as JobStatus,
    inputs: parseJson(row.inputs)!,
    attributes: parseJson<PublicAttributeKey[]>(row.attributes) ?? [],
    refresh: row.refresh === 1 || row.refresh === true,
    attempts: row.attempts as number,
    result: parseJson(row.result),
    ...(typeof row.result_view === "string" ? { view: row.result_view } : {}),
    attributeStatus: parseJson(row.attribute_status),
    error: (row.error as string | null) ?? null,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
    ...(row.version !== undefined ? { version: Number(row.version) } : {}),
  };
}

/** What a claim returns (both stores' RETURNING lists). */
export const CLAIMED_JOB_COLUMNS =
  "pk, org_id, batch_pk, place_id, inputs, attributes, refresh, attempts, prefilled";

/** A claimed row → ClaimedJob; public-only attribute keys are left out (workers enrich ours only). */
export function toClaimedJob(row: Row): ClaimedJob {
  const requested = parseJson<PublicAttributeKey[]>(row.attributes) ?? [];
  return {
    pk: row.pk as number,
    orgId: row.org_id as string,
    placeId: row.place_id as string,
    inputs: parseJson(row.inputs)!,
    attributes: enrichableAttributes(requested),
    requestedAttributes: requested,
    refresh: row.refresh === 1 || row.refresh === true,
    attempts: row.attempts as number,
    prefilled: parseJson<PrefilledData>(row.prefilled),
    batchPk: row.batch_pk === null || row.batch_pk === undefined ? null : Number(row.batch_pk),
  };
}

/**
 * Stored attribute lists (JSON) → arrays, memoized: a batch's jobs usually share a handful of lists, so
 * a 50,000-job batch parses each distinct list once. The arrays are shared: callers must not mutate them.
 */
export class AttributeDecoder {
  private readonly memo = new Map<string, PublicAttributeKey[]>();

  decode(json: string): PublicAttributeKey[] {
    let decoded = this.memo.get(json);
    if (!decoded) {
      decoded = JSON.parse(json) as PublicAttributeKey[];
      this.memo.set(json, decoded);
    }
    return decoded;
  }
}

/**
 * Attribute lists → [JSON, requested mask], memoized: the jobs of one request usually share one resolved
 * attribute list, so a 50,000-job batch computes both once instead of per job.
 */
export class AttributeEncoder {
  private readonly memo = new Map<string, [string, number]>();
  /**
   * The last list encoded, by identity: the jobs without attributes of their own share one array
   * (toNewJob), so most jobs skip even the join below. An encoder lives for one batch, whose lists are
   * not modified meanwhile.
   */
  private last: { attributes: readonly PublicAttributeKey[]; encoded: [string, number] } | null = null;

  encode(attributes: readonly PublicAttributeKey[]): [json: string, mask: number] {
    if (this.last?.attributes === attributes) return this.last.encoded;
    const encoded = this.encodeList(attributes);
    this.last = { attributes, encoded };
    return encoded;
  }

  private encodeList(attributes: readonly PublicAttributeKey[]): [json: string, mask: number] {
    const key = attributes.join(",");
    let encoded = this.memo.get(key);
    if (!encoded) {
      encoded = [JSON.stringify(attributes), attributesToMask(attributes)];
      this.memo.set(key, encoded);
    }
    return encoded;
  }
}

export const BATCH_COLUMNS = "pk, id, org_id, name, created_at, updated_at";

export function toBatch(row: Row): BatchRecord {
  return {
    pk: row.pk as number,
    id: row.id as string,
    orgId: row.org_id as string,
    name: row.name as string,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
    ...(row.version !== undefined ? { version: Number(row.version) } : {}),
  };
}

/** API key columns joined with the org's slug (`api_keys k JOIN orgs o`). */
export const KEY_COLUMNS =
  "k.id, k.org_id, o.slug AS org_slug, k.prefix, k.label, k.created_at, k.revoked_at";

export function toOrg(row: Row): Org {
  return { id: row.id as string, slug: row.slug as string, createdAt: row.created_at as number };
}

export function toApiKey(row: Row): ApiKeyRecord {
  return {
    id: row.id as string,
    orgId: row.org_id as string,
    orgSlug: row.org_slug as string,
    prefix: row.prefix as string,
    label: (row.label as string | null) ?? null,
    createdAt: row.created_at as number,
    revokedAt: (row.revoked_at as number | null) ?? null,
  };
}

/** An org's limit overrides (`orgs o`), in OrgLimits order. */
export const ORG_LIMIT_COLUMNS =
  "o.rate_limit_per_minute, o.key_rate_limit_per_minute, o.poll_rate_limit_per_minute, o.jobs_per_hour, o.searches_per_day, o.model_requests_per_day, o.model_tokens_per_day";

/** The org columns behind each OrgLimits field, in ORG_LIMIT_COLUMNS order. */
export const ORG_LIMIT_FIELDS: ReadonlyArray<readonly [keyof OrgLimits, string]> = [
  ["requestsPerMinute", "rate_limit_per_minute"],
  ["keyRequestsPerMinute", "key_rate_limit_per_minute"],
  ["pollsPerMinute", "poll_rate_limit_per_minute"],
  ["jobsPerHour", "jobs_per_hour"],
  ["searchesPerDay", "searches_per_day"],
  ["modelRequestsPerDay", "model_requests_per_day"],
  ["modelTokensPerDay", "model_tokens_per_day"],
];

export function toOrgLimits(row: Row): OrgLimits {
  const limits = {} as OrgLimits;
  for (const [field, column] of ORG_LIMIT_FIELDS) {
    const value = row[column];
    limits[field] = value === null || value === undefined ? null : Number(value);
  }
  return limits;
}

/** KEY_COLUMNS plus the hash and the org's limits. */
export const CREDENTIAL_COLUMNS = `${KEY_COLUMNS}, k.key_hash, ${ORG_LIMIT_COLUMNS}`;

export function toApiKeyCredential(row: Row): ApiKeyCredential {
  return { ...toApiKey(row), keyHash: row.key_hash as string, orgLimits: toOrgLimits(row) };
}

/**
 * Fill statistics from the per-attribute sums both stores select in catalogue order
 * ([requested, filled] for each attribute); attributes nobody requested are left out.
 */
export function fillStatsFromSums(sums: ReadonlyArray<number | null>): {
  attributeRequested: Partial<Record<AttributeKey, number>>;
  attributeFilled: Partial<Record<AttributeKey, number>>;
} {
  const attributeRequested: Partial<Record<AttributeKey, number>> = {};
  const attributeFilled: Partial<Record<AttributeKey, number>> = {};
  ATTRIBUTES.forEach((attribute, i) => {
    const requested = sums[2 * i] ?? 0;
    if (requested > 0) {
      attributeRequested[attribute.key] = requested;
      attributeFilled[attribute.key] = sums[2 * i + 1] ?? 0;
    }
  });
  return { attributeRequested, attributeFilled };
}

/**
 * batches ⟕ webhook_deliveries row → BatchWebhook (both stores). A batch that is not terminal, or
 * has had no event yet, is `waiting`.
 */
export function toBatchWebhook(row: Row): BatchWebhook {
  const terminal = row.finished_at !== null && row.event_id !== null && row.event_id !== undefined;
  return {
    batchPk: Number(row.pk),
    url: row.webhook_url as string,
    eventId: terminal ? (row.event_id as string) : null,
    state: terminal ? (row.state as WebhookState) : "waiting",
    attempts: terminal ? (JSON.parse(row.log as string) as WebhookAttempt[]) : [],
  };
}
