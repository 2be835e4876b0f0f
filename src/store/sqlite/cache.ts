/**
 * Per-org cache of enrichment results: one row per (org, normalized-input hash) with every cached
 * attribute of that place (format and why: ../cache-rows.ts).
 */
import { cachedEntries, cacheRowsOf, hashesOf } from "../cache-rows.js";
import type { CacheEntry, CacheKey, CacheWrite } from "../port.js";
import type { SqliteConnection } from "./connection.js";

/** Hashes per lookup statement; they travel as one JSON parameter, so this only bounds its size. */
const LOOKUP_CHUNK = 1000;

export class SqliteCache {
  constructor(private readonly conn: SqliteConnection) {}

  /** Entries for `keys` stored at or after `notBefore` (older ones are stale); keys without one are absent. */
  getCachedResults(orgId: string, keys: CacheKey[], notBefore: number): CacheEntry[] {
    const hashes = hashesOf(keys);
    // json_each drives the join (CROSS JOIN fixes the order), each hash a unique-index lookup. A row
    // last written before notBefore holds no fresh attribute.
    const lookup = this.conn
      .stmt(
        `SELECT c.input_hash, c.value FROM json_each(?) AS k CROSS JOIN cache AS c
         WHERE c.org_id = ? AND c.input_hash = k.value AND c.created_at >= ?`,
      )
      .raw();
    const rows: Array<[string, string]> = [];
    this.conn.db.transaction(() => {
      for (let i = 0; i < hashes.length; i += LOOKUP_CHUNK) {
        const chunk = JSON.stringify(hashes.slice(i, i + LOOKUP_CHUNK));
        rows.push(...(lookup.all(chunk, orgId, notBefore) as Array<[string, string]>));
      }
    })();
    return cachedEntries(rows, keys, notBefore);
  }

  /** Inserts or replaces entries; a replaced attribute's age restarts at `now`, the others keep theirs. */
  putCachedResults(orgId: string, entries: CacheWrite[], now: number): void {
    if (entries.length === 0) return;
    this.conn.immediate(() => {
      const upsert = this.conn.stmt(
        `INSERT INTO cache (org_id, input_hash, value, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (org_id, input_hash) DO UPDATE SET
           value = json_patch(value, excluded.value), created_at = excluded.created_at`,
      );
      for (const [hash, value] of cacheRowsOf(entries, now)) upsert.run(orgId, hash, value, now);
    });
  }

  /** Deletes up to `limit` places' rows last written before `notBefore`. */
  pruneCache(input: { notBefore: number; limit: number }): number {
    return this.conn
      .stmt("DELETE FROM cache WHERE rowid IN (SELECT rowid FROM cache WHERE created_at < ? LIMIT ?)")
      .run(input.notBefore, input.limit).changes;
  }

  /** Deletes up to `limit` of the org's cached places (the unique index starts with org_id). */
  purgeCache(input: { orgId: string; limit: number }): number {
    return this.conn
      .stmt("DELETE FROM cache WHERE rowid IN (SELECT rowid FROM cache WHERE org_id = ? LIMIT ?)")
      .run(input.orgId, input.limit).changes;
  }
}
