/**
 * The reference store on PostgreSQL.
 *
 * Import: one dedicated connection; rows stream with COPY (pg-copy-streams; 161k rows/s measured in
 * the issue, against a few tens of thousands for multi-row INSERTs) into a TEMP staging table (never
 * WAL-logged); commit then, in one transaction, deletes the source's previous records and copies the
 * staged rows: documents in arrival order (pk = the source's base + arrival number), key columns
 * sorted by their spatial key (so a box's rows share heap pages: the GiST lookups read few pages),
 * then ANALYZE. Readers keep reading the previous records (MVCC) until the commit. Concurrent imports
 * serialize on a lock of reference_sources. Measured (200,000 synthetic places, load average ~12 on
 * 2 cores): materializing a sorted copy of the staging table first, then copying both tables and the
 * phones from it with a DISTINCT, took 25 s of commit; this, with work_mem raised for the commit's
 * sorts, 23 s (noise: the server shares the cores; its index upkeep — GiST, GIN, B-trees — is most of it).
 *
 * Reads: one statement per chunk of jobs — the chunk's queries as arrays, unnest()ed, each joined
 * LATERAL to the GiST point index or to the full-text name index.
 */

import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { PostgresConnection } from "../../../store/postgres/connection.js";
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
  candidateFromRow,
  completeFromRows,
  DETAIL_KEY_COLUMNS,
  decodeDoc,
  KEY_COLUMNS,
  partialPks,
  STAGED_FIELDS,
  type StagedRows,
  safeTokens,
  stagedCount,
  stageRows,
} from "../row-columns.js";
import { migrateReference } from "./reference-migrations.js";

const K = KEY_COLUMNS.split(", ")
  .map((c) => `k.${c}`)
  .join(", ");

const NEAR_SQL = `
  SELECT q.i, ${K}
  FROM unnest($1::float8[], $2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
              $7::float8[], $8::float8[], $9::text[], $10::text[])
       WITH ORDINALITY AS q(min_lat, max_lat, min_lon, max_lon, wmin_lat, wmax_lat, wmin_lon, wmax_lon,
                            phone, domain, i)
  CROSS JOIN LATERAL (
    SELECT * FROM reference_keys k
    WHERE point(k.lon, k.lat) <@ box(point(q.wmin_lon, q.wmin_lat), point(q.wmax_lon, q.wmax_lat))
      AND ((k.lat BETWEEN q.min_lat AND q.max_lat AND k.lon BETWEEN q.min_lon AND q.max_lon)
           OR (q.phone IS NOT NULL AND position(' ' || q.phone || ' ' IN ' ' || k.phones || ' ') > 0)
           OR (q.domain IS NOT NULL AND k.domain = q.domain))
  ) k`;

/**
 * Per query, the `lim` best-ranked records having its tokens, and (a chain's branches beyond that
 * limit) up to `alim` more of them in its postcode or city, those agreeing on the postcode, the
 * street and the house number first: the same GIN posting list, each record's postcode and city
 * checked (no index on them; a query gets an `alim` only for names on more records than `lim`).
 * `by_address` tells the halves apart (a record both return is kept once, as name-ranked); LIMIT 0
 * reads nothing.
 */
const NAME_SQL = `
  SELECT q.i, k.by_address, ${K}
  FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[])
       WITH ORDINALITY AS q(expr, lim, postcode, city, house, street, alim, i)
  CROSS JOIN LATERAL (
    (SELECT *, false AS by_address FROM reference_keys k
     WHERE to_tsvector('simple', k.name_key) @@ to_tsquery('simple', q.expr)
     ORDER BY ts_rank(to_tsvector('simple', k.name_key), to_tsquery('simple', q.expr)) DESC, k.pk
     LIMIT q.lim)
    UNION ALL
    (SELECT *, true AS by_address FROM reference_keys k
     WHERE to_tsvector('simple', k.name_key) @@ to_tsquery('simple', q.expr)
       AND (k.postcode = q.postcode OR k.city_key = q.city)
     ORDER BY coalesce(k.postcode = q.postcode, false)::int * 2 + coalesce(k.street_key = q.street, false)::int * 2
              + coalesce(k.house = q.house, false)::int DESC, k.pk
     LIMIT q.alim)
  ) k`;

const NAMED_NEAR_SQL = `
  SELECT q.i, ${K}
  FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::float8[])
       WITH ORDINALITY AS q(expr, min_lat, max_lat, min_lon, max_lon, i)
  CROSS JOIN LATERAL (
    SELECT * FROM reference_keys k
    WHERE to_tsvector('simple', k.name_key) @@ to_tsquery('simple', q.expr)
      AND point(k.lon, k.lat) <@ box(point(q.min_lon, q.min_lat), point(q.max_lon, q.max_lat))
  ) k
  WHERE q.expr IS NOT NULL`;

const PHONE_SQL = `
  SELECT DISTINCT q.i, ${K}
  FROM unnest($1::int[], $2::text[]) AS q(i, phone)
  JOIN reference_phones p ON p.phone = q.phone
  JOIN reference_keys k ON k.pk = p.pk
  WHERE (SELECT count(*) FROM reference_phones c WHERE c.phone = q.phone) <= ${MAX_PHONE_SHARING}`;

/** work_mem of the import's commit (its sorts of the staged rows). */
const IMPORT_WORK_MEM = "256MB";

/** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
function copyField(v: string | number | null): string {
  if (v === null) return "\\N";
  if (typeof v === "number") return String(v);
  return v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

export class PostgresReferenceStore implements ReferenceStore {
  readonly kind = "postgres" as const;
  private readonly conn: PostgresConnection;

  constructor(url: string, options: { poolSize?: number } = {}) {
    this.conn = new PostgresConnection(url, { poolSize: options.poolSize ?? 4 });
  }

  async migrate(): Promise<void> {
    await migrateReference(this.conn);
  }

  async beginImport(source: {
    name: string;
    format: ReferenceFormat;
    file: string | null;
    now: number;
  }): Promise<ReferenceImport> {
    const name = checkSourceName(source.name);
    const client = await this.conn.pool.connect();
    let broken: Error | undefined;
    client.on("error", (error) => {
      broken = error;
    });
    let seq = 0;
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      if (!broken) await client.query("DROP TABLE IF EXISTS reference_staging").catch(() => {});
      client.release(broken);
    };
    try {
      await client.query(`CREATE TEMP TABLE reference_staging (
        seq BIGINT NOT NULL, sk BIGINT NOT NULL, record_id TEXT, doc TEXT, lat DOUBLE PRECISION, lon DOUBLE PRECISION,
        name_key TEXT, phones TEXT, domain TEXT, house TEXT, street_key TEXT, postcode TEXT, city_key TEXT,
        category TEXT)`);
    } catch (error) {
      await release();
      throw error;
    }
    return {
      add: async (rows) => {
        const staged = Array.isArray(rows)
          ? stageRows(rows as readonly ReferenceRow[])
          : (rows as StagedRows);
        const columns = STAGED_FIELDS.map((f) => staged[f] as Array<string | number | null>);
        const n = stagedCount(staged);
        let text = "";
        for (let r = 0; r < n; r++) {
          // The arrival order (the record's pk is the source's base + seq), then the columns.
          text += seq++;
          for (let c = 0; c < columns.length; c++) text += `\t${copyField(columns[c]![r] ?? null)}`;
          text += "\n";
        }
        const stream = client.query(copyFrom("COPY reference_staging FROM STDIN"));
        await pipeline(Readable.from([text]), stream);
      },
      commit: async (tokenCounts, committedAt = source.now) => {
        try {
          await client.query("BEGIN");
          await client.query("LOCK TABLE reference_sources IN SHARE ROW EXCLUSIVE MODE");
          await this.deleteSource(client, name);
          // Above every pk ever given (reference_state.pk_high): a running matcher's candidate pk never
          // names another record when it reads the documents.
          const base =
            Number(
              (
                await client.query(
                  "SELECT greatest((SELECT coalesce(max(pk), 0) FROM reference_places), (SELECT pk_high FROM reference_state)) AS m",
                )
              ).rows[0].m,
            ) + 1;
          const n = seq;
          await client.query(
            "UPDATE reference_state SET pk_high = $1, changed_at = greatest(changed_at, $2)",
            [base + n - 1, committedAt],
          );
          // Sorts below in memory rather than in temp files (default 4 MB): this transaction only.
          await client.query(`SET LOCAL work_mem = '${IMPORT_WORK_MEM}'`);
          // Documents in arrival order (read a few at a time by pk); the key columns in spatial
          // order, so that a box's candidates share heap pages.
          await client.query(
            `INSERT INTO reference_places (pk, source, record_id, doc)
             SELECT $1::bigint + seq, $2, record_id, doc FROM reference_staging`,
            [base, name],
          );
          await client.query(
            `INSERT INTO reference_keys (${KEY_COLUMNS})
             SELECT $1::bigint + seq, lat, lon, name_key, phones, domain, house, street_key, postcode, city_key,
                    category
             FROM reference_staging ORDER BY sk, seq`,
            [base],
          );
          // A record's phones are distinct already (build-record.ts); sorted for the B-tree's sake.
          await client.query(
            `INSERT INTO reference_phones (phone, pk)
             SELECT p.phone, $1::bigint + s.seq
             FROM reference_staging s, unnest(string_to_array(s.phones, ' ')) AS p(phone)
             WHERE s.phones IS NOT NULL ORDER BY 1, 2`,
            [base],
          );
          const tokens = [...tokenCounts].filter(([, df]) => df >= MIN_STORED_DF);
          if (tokens.length > 0) {
            await client.query(
              `INSERT INTO reference_tokens (source, token, df)
               SELECT $1, t, d FROM unnest($2::text[], $3::bigint[]) AS u(t, d)`,
              [name, tokens.map(([t]) => t), tokens.map(([, d]) => d)],
            );
          }
          await client.query(
            `INSERT INTO reference_sources (name, format, file, record_count, pk_min, pk_max, imported_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [
              name,
              source.format,
              source.file,
              n,
              n > 0 ? base : null,
              n > 0 ? base + n - 1 : null,
              source.now,
            ],
          );
          await client.query("COMMIT");
          await client.query("ANALYZE reference_keys");
          return n;
        } catch (error) {
          if (!broken) await client.query("ROLLBACK").catch(() => {});
          throw error;
        } finally {
          await release();
        }
      },
      abort: async () => release(),
    };
  }

  private async deleteSource(q: pg.PoolClient, name: string): Promise<boolean> {
    const src = (await q.query("SELECT pk_min, pk_max FROM reference_sources WHERE name = $1", [name]))
      .rows[0] as { pk_min: string | number | null; pk_max: string | number | null } | undefined;
    if (!src) return false;
    if (src.pk_min !== null && src.pk_max !== null) {
      const range = [Number(src.pk_min), Number(src.pk_max)];
      await q.query("DELETE FROM reference_keys WHERE pk BETWEEN $1 AND $2", range);
      await q.query("DELETE FROM reference_phones WHERE pk BETWEEN $1 AND $2", range);
      await q.query("DELETE FROM reference_places WHERE pk BETWEEN $1 AND $2", range);
    }
    await q.query("DELETE FROM reference_tokens WHERE source = $1", [name]);
    await q.query("DELETE FROM reference_sources WHERE name = $1", [name]);
    return true;
  }

  async listSources(): Promise<ReferenceSourceInfo[]> {
    const rows = await this.conn.query(
      "SELECT name, format, file, record_count, imported_at, pk_min, pk_max FROM reference_sources ORDER BY name",
    );
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
    return this.conn.transaction(async (tx) => {
      await tx.query("LOCK TABLE reference_sources IN SHARE ROW EXCLUSIVE MODE");
      const removed = await this.deleteSource(tx, name);
      if (removed) await tx.query("UPDATE reference_state SET changed_at = greatest(changed_at, $1)", [now]);
      return removed;
    });
  }

  async changedAt(): Promise<number> {
    return Number((await this.conn.query("SELECT changed_at FROM reference_state"))[0]?.changed_at ?? 0);
  }

  async candidatesNear(queries: readonly NearQuery[]): Promise<ReferenceCandidate[][]> {
    const out: ReferenceCandidate[][] = queries.map(() => []);
    if (queries.length === 0) return out;
    const cols: unknown[][] = Array.from({ length: 10 }, () => []);
    for (const q of queries) {
      const inner = boxAround(q.latitude, q.longitude, q.radiusM);
      const wide = q.phone || q.domain ? boxAround(q.latitude, q.longitude, q.wideRadiusM) : inner;
      const values = [
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
      for (let i = 0; i < values.length; i++) cols[i]!.push(values[i]);
    }
    for (const row of await this.conn.query(NEAR_SQL, cols))
      out[Number(row.i) - 1]!.push(candidateFromRow(row));
    return out;
  }

  async candidatesByName(queries: readonly NameQuery[]): Promise<ReferenceCandidate[][]> {
    const out: ReferenceCandidate[][] = queries.map(() => []);
    const cols: unknown[][] = Array.from({ length: 7 }, () => []);
    for (const q of queries) {
      const tokens = safeTokens(q.tokens);
      const byAddress = tokens.length > 0 && !!(q.postcode || q.cityKey);
      // A query without usable tokens keeps its slot with limits of 0.
      const values = [
        tokens.length > 0 ? tokens.join(" | ") : "x",
        tokens.length > 0 ? Math.max(0, Math.floor(q.limit)) : 0,
        q.postcode || null,
        q.cityKey || null,
        q.house ?? null,
        q.streetKey ?? null,
        byAddress ? Math.max(0, Math.floor(q.addressLimit ?? 0)) : 0,
      ];
      for (let i = 0; i < values.length; i++) cols[i]!.push(values[i]);
    }
    if (cols[1]!.every((l, j) => l === 0 && cols[6]![j] === 0)) return out;
    const byAddress: Array<Record<string, unknown>> = [];
    for (const row of await this.conn.query(NAME_SQL, cols)) {
      if (row.by_address) byAddress.push(row);
      else out[Number(row.i) - 1]!.push(candidateFromRow(row));
    }
    appendByAddress(
      out,
      byAddress.map((row) => [Number(row.i) - 1, candidateFromRow(row)] as const),
    );
    return out;
  }

  async candidatesNamedNear(queries: readonly NamedNearQuery[]): Promise<ReferenceCandidate[][]> {
    const out: ReferenceCandidate[][] = queries.map(() => []);
    const cols: unknown[][] = Array.from({ length: 5 }, () => []);
    for (const q of queries) {
      const tokens = safeTokens(q.tokens);
      const box = boxAround(q.latitude, q.longitude, q.radiusM);
      const values = [
        tokens.length > 0 ? tokens.join(" | ") : null,
        box.minLat,
        box.maxLat,
        box.minLon,
        box.maxLon,
      ];
      for (let i = 0; i < values.length; i++) cols[i]!.push(values[i]);
    }
    if (cols[0]!.every((e) => e === null)) return out;
    for (const row of await this.conn.query(NAMED_NEAR_SQL, cols))
      out[Number(row.i) - 1]!.push(candidateFromRow(row));
    return out;
  }

  async candidatesByPhone(queries: readonly (readonly string[])[]): Promise<ReferenceCandidate[][]> {
    const out: ReferenceCandidate[][] = queries.map(() => []);
    const idx: number[] = [];
    const phones: string[] = [];
    queries.forEach((list, i) => {
      for (const p of list) {
        idx.push(i);
        phones.push(p);
      }
    });
    if (phones.length === 0) return out;
    const seen = queries.map(() => new Set<number>());
    for (const row of await this.conn.query(PHONE_SQL, [idx, phones])) {
      const i = Number(row.i);
      const c = candidateFromRow(row);
      if (seen[i]!.has(c.pk)) continue;
      seen[i]!.add(c.pk);
      out[i]!.push(c);
    }
    return out;
  }

  /** This store's candidates are never partial; the query serves candidates built elsewhere. */
  async completeCandidates(candidates: readonly ReferenceCandidate[]): Promise<void> {
    const pks = partialPks(candidates);
    if (pks.length === 0) return;
    const rows = await this.conn.query(
      `SELECT ${DETAIL_KEY_COLUMNS} FROM reference_keys WHERE pk = ANY($1::bigint[])`,
      [pks],
    );
    completeFromRows(
      candidates,
      rows.map((r) => [r.pk, r.street_key, r.postcode, r.city_key, r.category]),
    );
  }

  async getRecords(pks: readonly number[]): Promise<Map<number, StoredReferenceRecord>> {
    const map = new Map<number, StoredReferenceRecord>();
    if (pks.length === 0) return map;
    const rows = await this.conn.query(
      `SELECT p.pk, p.source, p.doc, s.format FROM reference_places p JOIN reference_sources s ON s.name = p.source
       WHERE p.pk = ANY($1::bigint[])`,
      [[...new Set(pks)]],
    );
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
    const total = Number(
      (await this.conn.query("SELECT coalesce(sum(record_count), 0) AS n FROM reference_sources"))[0]!.n,
    );
    const df = new Map<string, number>();
    for (const r of await this.conn.query("SELECT token, sum(df) AS df FROM reference_tokens GROUP BY token"))
      df.set(r.token as string, Number(r.df));
    return { total, df };
  }

  async countRecords(): Promise<number> {
    return Number(
      (await this.conn.query("SELECT coalesce(sum(record_count), 0) AS n FROM reference_sources"))[0]!.n,
    );
  }

  async close(): Promise<void> {
    await this.conn.close();
  }
}
