/**
 * Per-org cache of enrichment results: one row per (org, normalized-input hash) with every cached
 * attribute of that place (format and why: ../cache-rows.ts).
 */
import { cachedEntries, cacheRowsOf, hashesOf } from "../cache-rows.js";
import type { CacheEntry, CacheKey, CacheWrite } from "../port.js";
import type { PostgresConnection } from "./connection.js";

/** Hashes/rows per statement; they travel as array parameters, so this only bounds one message's size. */
const CHUNK = 10_000;

export class PostgresCache {
  constructor(private readonly conn: PostgresConnection) {}

  /** Entries for `keys` stored at or after `notBefore` (older ones are stale); keys without one are absent. */
  async getCachedResults(orgId: string, keys: CacheKey[], notBefore: number): Promise<CacheEntry[]> {
    const hashes = hashesOf(keys);
    const rows: Array<[string, string]> = [];
    for (let i = 0; i < hashes.length; i += CHUNK) {
      // The hash array drives the join, each hash a primary-key lookup; a row last written before
      // notBefore holds no fresh attribute.
      const result = await this.conn.pool.query<[string, string]>({
        text: `SELECT c.input_hash, c.value FROM unnest($2::text[]) AS k(input_hash)
               JOIN cache c ON c.org_id = $1 AND c.input_hash = k.input_hash
               WHERE c.created_at >= $3`,
        values: [orgId, hashes.slice(i, i + CHUNK), notBefore],
        rowMode: "array",
      });
      rows.push(...result.rows);
    }
    return cachedEntries(rows, keys, notBefore);
  }

  /** Inserts or replaces entries; a replaced attribute's age restarts at `now`, the others keep theirs. */
  async putCachedResults(orgId: string, entries: CacheWrite[], now: number): Promise<void> {
    if (entries.length === 0) return;
    const rows = cacheRowsOf(entries, now); // one per hash: a statement may not upsert a row twice
    type Run = (sql: string, params: unknown[]) => Promise<unknown>;
    const upsert = (run: Run, chunk: Array<[string, string]>) =>
      run(
        `INSERT INTO cache (org_id, input_hash, value, created_at)
         SELECT $1::text, u.input_hash, u.value, $2::bigint
         FROM unnest($3::text[], $4::text[]) AS u(input_hash, value)
         ON CONFLICT (org_id, input_hash) DO UPDATE SET
           value = (cache.value::jsonb || excluded.value::jsonb)::text, created_at = excluded.created_at`,
        [orgId, now, chunk.map(([hash]) => hash), chunk.map(([, value]) => value)],
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

  /** Deletes up to `limit` places' rows last written before `notBefore`. */
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
