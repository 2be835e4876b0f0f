/** Organizations and their API keys (stored as hashes only). */
import { randomUUID } from "node:crypto";
import { StoreConflictError } from "../errors.js";
import type { ApiKeyCredential, ApiKeyRecord, Org, OrgLimits } from "../port.js";
import {
  CREDENTIAL_COLUMNS,
  KEY_COLUMNS,
  ORG_LIMIT_FIELDS,
  toApiKey,
  toApiKeyCredential,
  toOrg,
  toOrgLimits,
} from "../row-mapping.js";
import { isUniqueViolation, type PostgresConnection } from "./connection.js";

export class PostgresOrgs {
  constructor(private readonly conn: PostgresConnection) {}

  async createOrg(slug: string, now: number): Promise<Org> {
    try {
      const [row] = await this.conn.query(
        "INSERT INTO orgs (id, slug, created_at) VALUES ($1, $2, $3) RETURNING id, slug, created_at",
        [randomUUID(), slug, now],
      );
      return toOrg(row!);
    } catch (error) {
      if (isUniqueViolation(error, "orgs_slug_unique")) {
        throw new StoreConflictError("duplicate_org_slug", `organization "${slug}" already exists`);
      }
      throw error;
    }
  }

  async getOrgBySlug(slug: string): Promise<Org | null> {
    const [row] = await this.conn.query("SELECT id, slug, created_at FROM orgs WHERE slug = $1", [slug]);
    return row ? toOrg(row) : null;
  }

  async countOrgs(): Promise<number> {
    const [row] = await this.conn.query("SELECT count(*) AS n FROM orgs");
    return row!.n as number;
  }

  async listOrgs(): Promise<Org[]> {
    const rows = await this.conn.query("SELECT id, slug, created_at FROM orgs ORDER BY created_at, slug");
    return rows.map(toOrg);
  }

  async createApiKey(input: {
    orgId: string;
    keyHash: string;
    prefix: string;
    label: string | null;
    now: number;
  }): Promise<ApiKeyRecord> {
    // One statement: the insert and the org's slug for the returned record.
    const [row] = await this.conn.query(
      `WITH k AS (
         INSERT INTO api_keys (id, org_id, key_hash, prefix, label, created_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6, NULL)
         RETURNING id, org_id, prefix, label, created_at, revoked_at
       )
       SELECT ${KEY_COLUMNS} FROM k JOIN orgs o ON o.id = k.org_id`,
      [randomUUID(), input.orgId, input.keyHash, input.prefix, input.label, input.now],
    );
    return toApiKey(row!);
  }

  async listApiKeys(orgId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.conn.query(
      `SELECT ${KEY_COLUMNS} FROM api_keys k JOIN orgs o ON o.id = k.org_id
       WHERE k.org_id = $1 ORDER BY k.created_at, k.seq`,
      [orgId],
    );
    return rows.map(toApiKey);
  }

  /** Revokes the org's active keys whose id equals, or whose prefix equals, `idOrPrefix`. */
  async revokeApiKey(orgId: string, idOrPrefix: string, now: number): Promise<number> {
    const result = await this.conn.pool.query(
      `UPDATE api_keys SET revoked_at = $1
       WHERE org_id = $2 AND revoked_at IS NULL AND (id = $3 OR prefix = $3)`,
      [now, orgId, idOrPrefix],
    );
    return result.rowCount ?? 0;
  }

  /** The key with this hash, revoked or not (the caller rejects revoked keys). */
  async findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | null> {
    const [row] = await this.conn.query(
      `SELECT ${KEY_COLUMNS} FROM api_keys k JOIN orgs o ON o.id = k.org_id WHERE k.key_hash = $1`,
      [keyHash],
    );
    return row ? toApiKey(row) : null;
  }

  async findApiKeysByPrefix(prefix: string): Promise<ApiKeyCredential[]> {
    const rows = await this.conn.query(
      `SELECT ${CREDENTIAL_COLUMNS} FROM api_keys k JOIN orgs o ON o.id = k.org_id WHERE k.prefix = $1`,
      [prefix],
    );
    return rows.map(toApiKeyCredential);
  }

  /** One statement: each column is set when its flag is true, else kept. */
  async setOrgLimits(orgId: string, limits: Partial<OrgLimits>): Promise<OrgLimits | null> {
    const sets = ORG_LIMIT_FIELDS.map(
      ([, column], i) =>
        `${column} = CASE WHEN $${2 * i + 2}::boolean THEN $${2 * i + 3}::bigint ELSE ${column} END`,
    );
    const returning = ORG_LIMIT_FIELDS.map(([, column]) => column).join(", ");
    const params = ORG_LIMIT_FIELDS.flatMap(([field]) => [
      field in limits,
      limits[field] === undefined ? null : limits[field],
    ]);
    const [row] = await this.conn.query(
      `UPDATE orgs SET ${sets.join(", ")} WHERE id = $1 RETURNING ${returning}`,
      [orgId, ...params],
    );
    return row ? toOrgLimits(row) : null;
  }
}
