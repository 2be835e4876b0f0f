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
import type { Row, SqliteConnection } from "./connection.js";

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE";
}

export class SqliteOrgs {
  constructor(private readonly conn: SqliteConnection) {}

  createOrg(slug: string, now: number): Org {
    try {
      const row = this.conn
        .stmt("INSERT INTO orgs (id, slug, created_at) VALUES (?, ?, ?) RETURNING id, slug, created_at")
        .get(randomUUID(), slug, now) as Row;
      return toOrg(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new StoreConflictError("duplicate_org_slug", `organization "${slug}" already exists`);
      }
      throw error;
    }
  }

  getOrgBySlug(slug: string): Org | null {
    const row = this.conn.stmt("SELECT id, slug, created_at FROM orgs WHERE slug = ?").get(slug) as
      | Row
      | undefined;
    return row ? toOrg(row) : null;
  }

  countOrgs(): number {
    return this.conn.stmt("SELECT count(*) FROM orgs").pluck().get() as number;
  }

  listOrgs(): Org[] {
    const rows = this.conn
      .stmt("SELECT id, slug, created_at FROM orgs ORDER BY created_at, slug")
      .all() as Row[];
    return rows.map(toOrg);
  }

  createApiKey(input: {
    orgId: string;
    keyHash: string;
    prefix: string;
    label: string | null;
    now: number;
  }): ApiKeyRecord {
    const id = randomUUID();
    this.conn
      .stmt(
        `INSERT INTO api_keys (id, org_id, key_hash, prefix, label, created_at, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?, NULL)`,
      )
      .run(id, input.orgId, input.keyHash, input.prefix, input.label, input.now);
    return this.getApiKey(id)!;
  }

  private getApiKey(id: string): ApiKeyRecord | null {
    const row = this.conn
      .stmt(`SELECT ${KEY_COLUMNS} FROM api_keys k JOIN orgs o ON o.id = k.org_id WHERE k.id = ?`)
      .get(id) as Row | undefined;
    return row ? toApiKey(row) : null;
  }

  listApiKeys(orgId: string): ApiKeyRecord[] {
    const rows = this.conn
      .stmt(
        `SELECT ${KEY_COLUMNS} FROM api_keys k JOIN orgs o ON o.id = k.org_id
         WHERE k.org_id = ? ORDER BY k.created_at, k.rowid`,
      )
      .all(orgId) as Row[];
    return rows.map(toApiKey);
  }

  /** Revokes the org's active keys whose id equals, or whose prefix equals, `idOrPrefix`. */
  revokeApiKey(orgId: string, idOrPrefix: string, now: number): number {
    return this.conn
      .stmt(
        `UPDATE api_keys SET revoked_at = ?
         WHERE org_id = ? AND revoked_at IS NULL AND (id = ? OR prefix = ?)`,
      )
      .run(now, orgId, idOrPrefix, idOrPrefix).changes;
  }

  /** The key with this hash, revoked or not (the caller rejects revoked keys). */
  findApiKeyByHash(keyHash: string): ApiKeyRecord | null {
    const row = this.conn
      .stmt(`SELECT ${KEY_COLUMNS} FROM api_keys k JOIN orgs o ON o.id = k.org_id WHERE k.key_hash = ?`)
      .get(keyHash) as Row | undefined;
    return row ? toApiKey(row) : null;
  }

  findApiKeysByPrefix(prefix: string): ApiKeyCredential[] {
    const rows = this.conn
      .stmt(`SELECT ${CREDENTIAL_COLUMNS} FROM api_keys k JOIN orgs o ON o.id = k.org_id WHERE k.prefix = ?`)
      .all(prefix) as Row[];
    return rows.map(toApiKeyCredential);
  }

  /** One statement: each column is set when its flag is 1, else kept. */
  setOrgLimits(orgId: string, limits: Partial<OrgLimits>): OrgLimits | null {
    const sets = ORG_LIMIT_FIELDS.map(([, column]) => `${column} = CASE WHEN ? THEN ? ELSE ${column} END`);
    const returning = ORG_LIMIT_FIELDS.map(([, column]) => column).join(", ");
    const params = ORG_LIMIT_FIELDS.flatMap(([field]) => [
      field in limits ? 1 : 0,
      limits[field] === undefined ? null : limits[field],
    ]);
    const row = this.conn
      .stmt(`UPDATE orgs SET ${sets.join(", ")} WHERE id = ? RETURNING ${returning}`)
      .get(...params, orgId) as Row | undefined;
    return row ? toOrgLimits(row) : null;
  }
}
