/** Per-org cache of enrichment results keyed by (attribute, normalized-input hash). */
import type { AttributeKey } from "../../domain/attributes.js";
import type { CacheEntry, CacheKey } from "../port.js";
import type { SqliteConnection } from "./connection.js";

/** Keys per lookup statement; the keys travel as one JSON parameter, so this only bounds its size. */
const LOOKUP_CHUNK = 1000;

export class SqliteCache {
  constructor(private readonly conn: SqliteConnection) {}

  /** Entries for `keys` stored at or after `notBefore` (older ones are stale); keys without one are absent. */
  getCachedResults(orgId: string, keys: CacheKey[], notBefore: number): CacheEntry[] {
    const unique = new Map<string, [string, string]>();
    for (const k of keys) unique.set(`${k.attribute}\u0000${k.inputHash}`, [k.attribute, k.inputHash]);
    const pairs = [...unique.values()];
    // json_each drives the join (CROSS JOIN fixes the order), each key a primary-key lookup.
    const lookup = this.conn
      .stmt(
        `SELECT c.attribute, c.input_hash, c.value
         FROM json_each(?) AS k CROSS JOIN cache AS c
         WHERE c.org_id = ? AND c.attribute = k.value ->> 0 AND c.input_hash = k.value ->> 1
           AND c.created_at >= ?`,
      )
      .raw();
    const entries: CacheEntry[] = [];
    return this.conn.db.transaction(() => {
      for (let i = 0; i < pairs.length; i += LOOKUP_CHUNK) {
        const rows = lookup.all(JSON.stringify(pairs.slice(i, i + LOOKUP_CHUNK)), orgId, notBefore) as Array<
          [AttributeKey, string, string]
        >;
        for (const [attribute, inputHash, value] of rows) {
          entries.push({ attribute, inputHash, value: JSON.parse(value) });
        }
      }
      return entries;
    })();
  }

  /** Inserts or replaces entries; the replaced entry's age restarts at `now`. */
  putCachedResults(orgId: string, entries: CacheEntry[], now: number): void {
    if (entries.length === 0) return;
    this.conn.immediate(() => {
      const upsert = this.conn.stmt(
        `INSERT INTO cache (org_id, attribute, input_hash, value, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (org_id, attribute, input_hash) DO UPDATE SET
           value = excluded.value, created_at = excluded.created_at`,
      );
      for (const e of entries) {
        upsert.run(orgId, e.attribute, e.inputHash, JSON.stringify(e.value ?? null), now);
      }
    });
  }

  pruneCache(input: { notBefore: number; limit: number }): number {
    return this.conn
      .stmt("DELETE FROM cache WHERE rowid IN (SELECT rowid FROM cache WHERE created_at < ? LIMIT ?)")
      .run(input.notBefore, input.limit).changes;
  }

  purgeCache(input: { orgId: string; limit: number }): number {
    return (
      this.conn
        // The primary key starts with org_id: the inner select reads only this org's entries.
        .stmt(
          `DELETE FROM cache WHERE (org_id, attribute, input_hash) IN
           (SELECT org_id, attribute, input_hash FROM cache WHERE org_id = ? LIMIT ?)`,
        )
        .run(input.orgId, input.limit).changes
    );
  }
}
