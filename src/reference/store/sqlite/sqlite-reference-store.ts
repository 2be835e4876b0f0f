/**
 * The reference store on SQLite (better-sqlite3: R*Tree and FTS5 are compiled in).
 *
 * Import: rows go to a TEMP staging table keyed by (spatial key, sequence); commit then, in one
 * IMMEDIATE transaction, deletes the source's previous records, copies the staged rows into
 * reference_places / reference_keys with new pks in spatial order (a plain-table bulk load), and only
 * then fills the R*Tree and the FTS5 name index from reference_keys in pk order. Measured in the issue:
 * 41–43k rows/s with every index, against 24k/s when the R*Tree is filled row by row as rows arrive.
 * Rows are staged with 64-row INSERT statements. The journal stays WAL and synchronous NORMAL during
 * an import: WAL is what lets running services read meanwhile, and NORMAL syncs only at checkpoints,
 * so OFF would save one fsync per import while risking the whole database (job store included) on an
 * OS crash. Measured per row on 200,000 synthetic places (CPU of the importing thread, load average
 * 6–11): staging 8 µs, copy of the documents 7, of the key columns 4, R*Tree 4, FTS5 1, phones 1, the
 * commit's page writes 7.
 *
 * Reads: one statement per chunk of jobs (the chunk's boxes as JSON, joined to the R*Tree with the
 * query list as the outer loop — CROSS JOIN fixes that order; the planner otherwise scans the R*Tree).
 * Candidates near a point come back as one JSON text per job (json_group_array), not one row per
 * candidate, and partial: the seven columns the cheap pass scores ~300 candidates a job with; the
 * other four are read for the top K only (completeCandidates). On the 1M-place bench index this took
 * the bare lookup from 345–374 to 571–603 jobs per CPU-second (load average 7–9). Readers use their
 * own connection (WAL: they never block the importer, nor it them).
 */
import type Database from "better-sqlite3";
import { SqliteConnection } from "../../../store/sqlite/connection.js";
import type { ReferenceFormat, StoredReferenceRecord } from "../../record.js";
import { boxAround } from "../geo-box.js";
import {
  checkSourceName,
  MAX_PHONE_SHARING,
  MIN_STORED_DF,
  type NamedNearQuery,
  type NameQuery,
  type NearQuery,
  type ReferenceCandidate,
  type ReferenceImport,
  type ReferenceRow,
  type ReferenceSourceInfo,
  type ReferenceStore,
  type TokenFrequencies,
} from "../port.js";
import {
  appendByAddress,
  candidateFromArray,
  candidateFromRow,
  candidatesFromJson,
  completeFromRows,
  DETAIL_KEY_COLUMNS,
  decodeDoc,
  KEY_COLUMNS,
  LIGHT_KEY_COLUMNS,
  partialPks,
  STAGED_FIELDS,
  type StagedRows,
  safeTokens,
  stagedCount,
  stageRows,
} from "../row-columns.js";
import { migrateReference } from "./reference-migrations.js";

/** Statement parameters per staging insert: 13 columns × 64 rows stays far below SQLite's limit. */
const STAGE_ROWS = 64;

/**
 * Page cache (KiB) of the importing connection's temp database (the staging table) and, during the
 * commit, of the main one (the copies, the R*Tree and FTS5 builds); the defaults (2 MB) are restored
 * afterwards.
 */
const IMPORT_CACHE_KIB = 128 * 1024;

/** How long an import's commit waits for the write lock (ms): another import's commit may hold it. */
const IMPORT_LOCK_WAIT_MS = 30 * 60_000;

/** KEY_COLUMNS of reference_keys `k`, as the select list of the row-returning candidate queries. */
const K = KEY_COLUMNS.split(", ")
  .map((c) => `k.${c}`)
  .join(", ");

/**
 * One row per query: its index and its candidates as one JSON list of LIGHT_KEY_COLUMNS lists (partial
 * candidates, decoded by candidatesFromJson), gathered by a correlated subquery that the R*Tree answers
 * for that query's box; completeCandidates reads the other columns for the few that need them.
 */
export const NEAR_SQL = `
  WITH q(i, min_lat, max_lat, min_lon, max_lon, wmin_lat, wmax_lat, wmin_lon, wmax_lon, phone, domain) AS MATERIALIZED (
    SELECT key, value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7,
           value->>8, value->>9
    FROM json_each(?))
  SELECT q.i AS i, (
    SELECT json_group_array(json_array(${LIGHT_KEY_COLUMNS.split(", ")
      .map((c) => `k.${c}`)
      .join(", ")}))
    FROM reference_rtree r CROSS JOIN reference_keys k
    WHERE r.max_lat >= q.wmin_lat AND r.min_lat <= q.wmax_lat AND r.max_lon >= q.wmin_lon AND r.min_lon <= q.wmax_lon
      AND k.pk = r.pk
      AND ((r.max_lat >= q.min_lat AND r.min_lat <= q.max_lat AND r.max_lon >= q.min_lon AND r.min_lon <= q.max_lon)
           OR (q.phone IS NOT NULL AND instr(' ' || k.phones || ' ', ' ' || q.phone || ' ') > 0)
           OR (q.domain IS NOT NULL AND k.domain = q.domain))) AS c
  FROM q`;

const PHONE_SQL = `
  WITH q(i, phone) AS (SELECT DISTINCT value->>0, value->>1 FROM json_each(?))
  SELECT DISTINCT q.i AS i, ${K}
  FROM q CROSS JOIN reference_phones p CROSS JOIN reference_keys k
  WHERE p.phone = q.phone AND k.pk = p.pk
    AND (SELECT count(*) FROM reference_phones c WHERE c.phone = q.phone) <= ${MAX_PHONE_SHARING}`;

/** LIMIT cannot refer to the outer query's columns: the statement is built (and cached) per limit. */
const nameSql = (limit: number) => `
  WITH q(i, expr) AS (SELECT value->>0, value->>1 FROM json_each(?))
  SELECT q.i AS i, ${K}
  FROM q CROSS JOIN reference_keys k
  WHERE k.pk IN (SELECT rowid FROM reference_names WHERE reference_names MATCH q.expr ORDER BY rank LIMIT ${Math.max(1, Math.floor(limit))})`;

/**
 * The records of the job's postcode or city among those having its tokens (a chain's branches beyond
 * nameSql's limit): the FTS5 posting list, each record's postcode and city checked (no index on them:
 * the posting list bounds the work, and a query is only sent for names on more records than the
 * name limit), those agreeing on the postcode, the street and the house number first.
 */
const addressNameSql = (limit: number) => `
  WITH q(i, expr, postcode, city, house, street) AS (
    SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5 FROM json_each(?))
  SELECT q.i AS i, ${K}
  FROM q CROSS JOIN reference_keys k
  WHERE k.pk IN (
    SELECT a.pk FROM reference_names n CROSS JOIN reference_keys a
    WHERE reference_names MATCH q.expr AND a.pk = n.rowid
      AND (a.postcode = q.postcode OR a.city_key = q.city)
    ORDER BY coalesce(a.postcode = q.postcode, 0) * 2 + coalesce(a.street_key = q.street, 0) * 2
             + coalesce(a.house = q.house, 0) DESC, a.pk
    LIMIT ${Math.max(1, Math.floor(limit))})`;

/** The FTS5 posting list of the query's tokens, each record's coordinates checked against its box. */
const NAMED_NEAR_SQL = `
  WITH q(i, expr, min_lat, max_lat, min_lon, max_lon) AS MATERIALIZED (
    SELECT key, value->>0, value->>1, value->>2, value->>3, value->>4 FROM json_each(?))
  SELECT q.i AS i, ${K}
  FROM q CROSS JOIN reference_names n CROSS JOIN reference_keys k
  WHERE reference_names MATCH q.expr AND k.pk = n.rowid
    AND k.lat BETWEEN q.min_lat AND q.max_lat AND k.lon BETWEEN q.min_lon AND q.max_lon`;

export class SqliteReferenceStore implements ReferenceStore {
  readonly kind = "sqlite" as const;
  private readonly conn: SqliteConnection;

  /** `path`: the SQLite file of DATABASE_URL. */
  constructor(path: string) {
    this.conn = new SqliteConnection(path);
  }

  get db(): Database.Database {
    return this.conn.db;
  }

  async migrate(): Promise<void> {
    migrateReference(this.conn.db);
  }

  async beginImport(source: {
    name: string;
    format: ReferenceFormat;
    file: string | null;
    now: number;
  }): Promise<ReferenceImport> {
    const name = checkSourceName(source.name);
    const db = this.conn.db;
    const staging = `reference_staging_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    // The staging table is TEMP: private to this connection, in the temp file (not the WAL), gone
    // with the connection if the process dies mid-import. Its cache is raised for the import (see
    // IMPORT_CACHE_KIB): the commit reads it back in spatial order, one random row at a time.
    const tempCacheSize = db.pragma("temp.cache_size", { simple: true }) as number;
    db.pragma(`temp.cache_size = -${IMPORT_CACHE_KIB}`);
    db.exec(`CREATE TEMP TABLE ${staging} (
      sk INTEGER NOT NULL, record_id TEXT, doc TEXT, lat REAL, lon REAL, name_key TEXT, phones TEXT,
      domain TEXT, house TEXT, street_key TEXT, postcode TEXT, city_key TEXT, category TEXT)`);
    const width = STAGED_FIELDS.length;
    const placeholders = (n: number) =>
      Array.from({ length: n }, () => `(${Array.from({ length: width }, () => "?").join(", ")})`).join(", ");
    const insertFull = db.prepare(`INSERT INTO ${staging} VALUES ${placeholders(STAGE_ROWS)}`);
    const params: unknown[] = new Array(STAGE_ROWS * width);
    const stage = (rows: StagedRows) => {
      const columns = STAGED_FIELDS.map((f) => rows[f] as unknown[]);
      const n = stagedCount(rows);
      let i = 0;
      for (; i + STAGE_ROWS <= n; i += STAGE_ROWS) {
        let p = 0;
        for (let r = i; r < i + STAGE_ROWS; r++) for (let c = 0; c < width; c++) params[p++] = columns[c]![r];
        insertFull.run(params);
      }
      if (i < n) {
        const rest: unknown[] = [];
        for (let r = i; r < n; r++) for (let c = 0; c < width; c++) rest.push(columns[c]![r]);
        db.prepare(`INSERT INTO ${staging} VALUES ${placeholders(n - i)}`).run(rest);
      }
    };
    let finished = false;
    const drop = () => {
      if (finished) return;
      finished = true;
      db.exec(`DROP TABLE IF EXISTS ${staging}`);
      db.pragma(`temp.cache_size = ${tempCacheSize}`);
    };
    return {
      add: async (rows) => {
        const staged = Array.isArray(rows)
          ? stageRows(rows as readonly ReferenceRow[])
          : (rows as StagedRows);
        db.transaction(() => stage(staged))();
      },
      commit: async (tokenCounts, committedAt = source.now) => {
        const cacheSize = db.pragma("cache_size", { simple: true }) as number;
        db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
        // Another import's commit holds the write lock for as long as it copies (~30 s a million
        // places): wait for it rather than fail after the whole import (break-it trial: two of three
        // concurrent imports died "database is locked" after 2.5 minutes).
        const busyTimeout = db.pragma("busy_timeout", { simple: true }) as number;
        db.pragma(`busy_timeout = ${IMPORT_LOCK_WAIT_MS}`);
        let count: number;
        try {
          count = db
            .transaction(() => {
              // Sorting the (spatial key, rowid) pairs alone, not the rows with their documents.
              db.exec(`CREATE INDEX ${staging}_order ON ${staging} (sk)`);
              this.deleteSource(name);
              // Above every pk ever given (reference_state.pk_high): a running matcher's candidate pk never
              // names another record when it reads the documents.
              const base =
                (db
                  .prepare(
                    "SELECT max((SELECT coalesce(max(pk), 0) FROM reference_places), (SELECT pk_high FROM reference_state))",
                  )
                  .pluck()
                  .get() as number) + 1;
              const n = db.prepare(`SELECT count(*) FROM ${staging}`).pluck().get() as number;
              db.prepare("UPDATE reference_state SET pk_high = ?, changed_at = max(changed_at, ?)").run(
                base + n - 1,
                committedAt,
              );
              db.prepare(
                `INSERT INTO reference_places (pk, source, record_id, doc)
               SELECT ? + row_number() OVER (ORDER BY sk, rowid) - 1, ?, record_id, doc FROM ${staging} ORDER BY sk, rowid`,
              ).run(base, name);
              db.prepare(
                `INSERT INTO reference_keys (${KEY_COLUMNS})
               SELECT ? + row_number() OVER (ORDER BY sk, rowid) - 1, lat, lon, name_key, phones, domain, house,
                      street_key, postcode, city_key, category
               FROM ${staging} ORDER BY sk, rowid`,
              ).run(base);
              const last = base + n - 1;
              db.prepare(
                `INSERT INTO reference_rtree (pk, min_lat, max_lat, min_lon, max_lon)
               SELECT pk, lat, lat, lon, lon FROM reference_keys
               WHERE pk BETWEEN ? AND ? AND lat IS NOT NULL AND lon IS NOT NULL ORDER BY pk`,
              ).run(base, last);
              db.prepare(
                "INSERT INTO reference_names (rowid, name_key) SELECT pk, name_key FROM reference_keys WHERE pk BETWEEN ? AND ? ORDER BY pk",
              ).run(base, last);
              // phones holds E.164 numbers separated by spaces: safe to turn into a JSON array.
              db.prepare(
                `INSERT OR IGNORE INTO reference_phones (phone, pk)
               SELECT j.value, k.pk FROM reference_keys k, json_each('["' || replace(k.phones, ' ', '","') || '"]') j
               WHERE k.pk BETWEEN ? AND ? AND k.phones IS NOT NULL ORDER BY 1, 2`,
              ).run(base, last);
              const insertToken = db.prepare(
                "INSERT INTO reference_tokens (source, token, df) VALUES (?, ?, ?)",
              );
              for (const [token, df] of tokenCounts)
                if (df >= MIN_STORED_DF) insertToken.run(name, token, df);
              db.prepare(
                `INSERT INTO reference_sources (name, format, file, record_count, pk_min, pk_max, imported_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)`,
              ).run(
                name,
                source.format,
                source.file,
                n,
                n > 0 ? base : null,
                n > 0 ? last : null,
                source.now,
              );
              return n;
            })
            .immediate();
        } finally {
          db.pragma(`cache_size = ${cacheSize}`);
          db.pragma(`busy_timeout = ${busyTimeout}`);
          drop();
        }
        // The whole import went through the WAL: fold it into the database file now rather than
        // leaving a file as large as the import beside it until the next checkpoint.
        db.pragma("wal_checkpoint(TRUNCATE)");
        return count;
      },
      abort: async () => {
        drop();
      },
    };
  }

  /** Deletes a source's rows from every table (inside the caller's transaction). */
  private deleteSource(name: string): boolean {
    const db = this.conn.db;
    const src = db.prepare("SELECT pk_min, pk_max FROM reference_sources WHERE name = ?").get(name) as
      | { pk_min: number | null; pk_max: number | null }
      | undefined;
    if (!src) return false;
    if (src.pk_min !== null && src.pk_max !== null) {
      const range = [src.pk_min, src.pk_max];
      db.prepare("DELETE FROM reference_rtree WHERE pk BETWEEN ? AND ?").run(range);
      db.prepare("DELETE FROM reference_names WHERE rowid BETWEEN ? AND ?").run(range);
      db.prepare("DELETE FROM reference_phones WHERE pk BETWEEN ? AND ?").run(range);
      db.prepare("DELETE FROM reference_keys WHERE pk BETWEEN ? AND ?").run(range);
      db.prepare("DELETE FROM reference_places WHERE pk BETWEEN ? AND ?").run(range);
    }
    db.prepare("DELETE FROM reference_tokens WHERE source = ?").run(name);
    db.prepare("DELETE FROM reference_sources WHERE name = ?").run(name);
    return true;
  }

  async listSources(): Promise<ReferenceSourceInfo[]> {
    const rows = this.conn
      .stmt(
        "SELECT name, format, file, record_count, imported_at, pk_min, pk_max FROM reference_sources ORDER BY name",
      )
      .all() as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      name: r.name as string,
      format: r.format as ReferenceFormat,
      file: (r.file as string | null) ?? null,
      records: Number(r.record_count),
      importedAt: Number(r.imported_at),
      pkMin: r.pk_min === null ? null : Number(r.pk_min),
      pkMax: r.pk_max === null ? null : Number(r.pk_max),
    }));
  }

  async removeSource(name: string, now: number = Date.now()): Promise<boolean> {
    return this.conn.immediate(() => {
      const removed = this.deleteSource(name);
      if (removed)
        this.conn.db.prepare("UPDATE reference_state SET changed_at = max(changed_at, ?)").run(now);
      return removed;
    });
  }

  async changedAt(): Promise<number> {
    return (this.conn.db.prepare("SELECT changed_at FROM reference_state").pluck().get() as number) ?? 0;
  }

  async candidatesNear(queries: readonly NearQuery[]): Promise<ReferenceCandidate[][]> {
    const out: ReferenceCandidate[][] = queries.map(() => []);
    if (queries.length === 0) return out;
    const params = queries.map((q) => {
      const inner = boxAround(q.latitude, q.longitude, q.radiusM);
      const wide = q.phone || q.domain ? boxAround(q.latitude, q.longitude, q.wideRadiusM) : inner;
      return [
        inner.minLat,
        inner.maxLat,
        inner.minLon,
        inner.maxLon,
        wide.minLat,
        wide.maxLat,
        wide.minLon,
        wide.maxLon,
        q.phone,
        q.domain,
      ];
    });
    // One JSON text per query (~300 candidates per job in a dense centre), not one row per candidate.
    const rows = this.conn.stmt(NEAR_SQL).raw(true).all(JSON.stringify(params)) as Array<[number, string]>;
    for (const [i, list] of rows) out[i] = candidatesFromJson(list);
    return out;
  }

  async candidatesByName(queries: readonly NameQuery[]): Promise<ReferenceCandidate[][]> {
    const out: ReferenceCandidate[][] = queries.map(() => []);
    const byLimit = new Map<number, Array<[number, string]>>();
    const byAddressLimit = new Map<number, unknown[][]>();
    queries.forEach((q, i) => {
      const tokens = safeTokens(q.tokens);
      if (tokens.length === 0) return;
      const expr = tokens.map((t) => `"${t}"`).join(" OR ");
      if (q.limit > 0) {
        const list = byLimit.get(q.limit) ?? [];
        list.push([i, expr]);
        byLimit.set(q.limit, list);
      }
      const addressLimit = q.addressLimit ?? 0;
      if (addressLimit > 0 && (q.postcode || q.cityKey)) {
        const list = byAddressLimit.get(addressLimit) ?? [];
        list.push([i, expr, q.postcode || null, q.cityKey || null, q.house ?? null, q.streetKey ?? null]);
        byAddressLimit.set(addressLimit, list);
      }
    });
    for (const [limit, list] of byLimit) {
      for (const row of this.conn.stmt(nameSql(limit)).all(JSON.stringify(list)) as Array<
        Record<string, unknown>
      >)
        out[Number(row.i)]!.push(candidateFromRow(row));
    }
    for (const [limit, list] of byAddressLimit) {
      const rows = this.conn.stmt(addressNameSql(limit)).all(JSON.stringify(list)) as Array<
        Record<string, unknown>
      >;
      appendByAddress(
        out,
        rows.map((row) => [Number(row.i), candidateFromRow(row)] as const),
      );
    }
    return out;
  }

  async candidatesNamedNear(queries: readonly NamedNearQuery[]): Promise<ReferenceCandidate[][]> {
    const out: ReferenceCandidate[][] = queries.map(() => []);
    const params = queries.map((q) => {
      const tokens = safeTokens(q.tokens);
      if (tokens.length === 0) return null;
      const box = boxAround(q.latitude, q.longitude, q.radiusM);
      return [tokens.map((t) => `"${t}"`).join(" OR "), box.minLat, box.maxLat, box.minLon, box.maxLon];
    });
    if (params.every((p) => p === null)) return out;
    // Queries without tokens keep their slot (json_each's key is the query index) and match nothing.
    const json = JSON.stringify(params.map((p) => p ?? ['""', 1, 0, 1, 0]));
    const rows = this.conn.stmt(NAMED_NEAR_SQL).raw(true).all(json) as unknown[][];
    for (const row of rows) out[row[0] as number]!.push(candidateFromArray(row));
    return out;
  }

  async candidatesByPhone(queries: readonly (readonly string[])[]): Promise<ReferenceCandidate[][]> {
    const out: ReferenceCandidate[][] = queries.map(() => []);
    const pairs = queries.flatMap((phones, i) => phones.map((p) => [i, p]));
    if (pairs.length === 0) return out;
    const seen = queries.map(() => new Set<number>());
    for (const row of this.conn.stmt(PHONE_SQL).all(JSON.stringify(pairs)) as Array<
      Record<string, unknown>
    >) {
      const i = Number(row.i);
      const c = candidateFromRow(row);
      if (seen[i]!.has(c.pk)) continue;
      seen[i]!.add(c.pk);
      out[i]!.push(c);
    }
    return out;
  }

  async completeCandidates(candidates: readonly ReferenceCandidate[]): Promise<void> {
    const pks = partialPks(candidates);
    if (pks.length === 0) return;
    const rows = this.conn
      .stmt(`SELECT ${DETAIL_KEY_COLUMNS} FROM reference_keys WHERE pk IN (SELECT value FROM json_each(?))`)
      .raw(true)
      .all(JSON.stringify(pks)) as unknown[][];
    completeFromRows(candidates, rows);
  }

  async getRecords(pks: readonly number[]): Promise<Map<number, StoredReferenceRecord>> {
    const map = new Map<number, StoredReferenceRecord>();
    if (pks.length === 0) return map;
    const rows = this.conn
      .stmt(
        `SELECT p.pk, p.source, p.doc, s.format FROM reference_places p JOIN reference_sources s ON s.name = p.source
         WHERE p.pk IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify([...new Set(pks)])) as Array<Record<string, unknown>>;
    for (const r of rows) {
      const record = decodeDoc(r.doc as string, r.format as ReferenceFormat) as StoredReferenceRecord;
      record.pk = Number(r.pk);
      record.source = r.source as string;
      record.format = r.format as ReferenceFormat;
      map.set(record.pk, record);
    }
    return map;
  }

  async tokenFrequencies(): Promise<TokenFrequencies> {
    const total = this.conn
      .stmt("SELECT coalesce(sum(record_count), 0) FROM reference_sources")
      .pluck()
      .get() as number;
    const df = new Map<string, number>();
    for (const r of this.conn
      .stmt("SELECT token, sum(df) AS df FROM reference_tokens GROUP BY token")
      .all() as Array<{
      token: string;
      df: number;
    }>) {
      df.set(r.token, Number(r.df));
    }
    return { total: Number(total), df };
  }

  async countRecords(): Promise<number> {
    return Number(
      this.conn.stmt("SELECT coalesce(sum(record_count), 0) FROM reference_sources").pluck().get(),
    );
  }

  async close(): Promise<void> {
    this.conn.close();
  }
}
