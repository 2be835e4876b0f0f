/** Per-org cache of enrichment results keyed by (attribute, normalized-input hash). */
import type { AttributeKey } from "../../domain/attributes.js";
import type { CacheEntry, CacheKey } from "../port.js";
import type { PostgresConnection } from "./connection.js";

/** Keys/entries per statement; they travel as array parameters, so this only bounds one message's size. */
const CHUNK = 10_000;

export class PostgresCache {
  constructor(private readonly conn: PostgresConnection) {}

  /** Entries for `keys` stored at or after `notBefore` (older ones are stale); keys without one are absent. */
  async getCachedResults(orgId: string, keys: CacheKey[], notBefore: number): Promise<CacheEntry[]> {
    const unique = new Map<string, CacheKey>();
    for (const k of keys) unique.set(`${k.attribute}\u0000${k.inputHash}`, k);
    const pairs = [...unique.values()];
    const entries: CacheEntry[] = [];
    for (let i = 0; i < pairs.length; i += CHUNK) {
      const chunk = pairs.slice(i, i + CHUNK);
      // The key arrays drive the join, each key a primary-key lookup.
      const { rows } = await this.conn.pool.query<[AttributeKey, string, string]>({
        text: `SELECT c.attribute, c.input_hash, c.value
               FROM unnest($2::text[], $3::text[]) AS k(attribute, input_hash)
               JOIN cache c ON c.org_id = $1 AND c.attribute = k.attribute AND c.input_hash = k.input_hash
               WHERE c.created_at >= $4`,
        values: [orgId, chunk.map((k) => k.attribute), chunk.map((k) => k.inputHash), notBefore],
        rowMode: "array",
      });
      for (const [attribute, inputHash, value] of rows) {
        entries.push({ attribute, inputHash, value: JSON.parse(value) });
      }
    }
    return entries;
  }

  /** Inserts or replaces entries; the replaced entry's age restarts at `now`. A key given twice: the last wins. */
  async putCachedResults(orgId: string, entries: CacheEntry[], now: number): Promise<void> {
    if (entries.length === 0) return;
    // One statement may not upsert the same row twice, so duplicates are resolved here first.
    const unique = new Map<string, CacheEntry>();
    for (const e of entries) unique.set(`${e.attribute}\u0000${e.inputHash}`, e);
    const rows = [...unique.values()];
    type Run = (sql: string, params: unknown[]) => Promise<unknown>;
    const upsert = (run: Run, chunk: CacheEntry[]) =>
      run(
        `INSERT INTO cache (org_id, attribute, input_hash, value, created_at)
         SELECT $1::text, u.attribute, u.input_hash, u.value, $2::bigint
         FROM unnest($3::text[], $4::text[], $5::text[]) AS u(attribute, input_hash, value)
         ON CONFLICT (org_id, attribute, input_hash) DO UPDATE SET
           value = excluded.value, created_at = excluded.created_at`,
        [
          orgId,
          now,
          chunk.map((e) => e.attribute),
          chunk.map((e) => e.inputHash),
          chunk.map((e) => JSON.stringify(e.value ?? null)),
        ],
      );
    if (rows.length <= CHUNK) {
      await upsert((sql, params) => this.conn.pool.query(sql, params), rows);
      return;
    }
    await this.conn.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await upsert((sql, params) => tx.query(sql, params), rows.slice(i, i + CHUNK));
      }
    });
  }

  async pruneCache(input: { notBefore: number; limit: number }): Promise<number> {
    const result = await this.conn.pool.query(
      "DELETE FROM cache WHERE ctid IN (SELECT ctid FROM cache WHERE created_at < $1 LIMIT $2)",
      [input.notBefore, input.limit],
    );
    return result.rowCount ?? 0;
  }

  async purgeCache(input: { orgId: string; limit: number }): Promise<number> {
    // The primary key starts with org_id: the inner select reads only this org's entries.
    const result = await this.conn.pool.query(
      "DELETE FROM cache WHERE ctid IN (SELECT ctid FROM cache WHERE org_id = $1 LIMIT $2)",
      [input.orgId, input.limit],
    );
    return result.rowCount ?? 0;
  }
}
