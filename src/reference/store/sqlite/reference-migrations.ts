/**
 * The reference tables' numbered migrations on SQLite, recorded in `reference_schema_migrations`
 * (their own list: the reference store evolves apart from the job store). Applied in one
 * `BEGIN IMMEDIATE` transaction, so processes starting at once serialize on the write lock.
 * Append-only: never edit a migration that has shipped.
 *
 * Layout: `reference_places` holds each record's JSON document; `reference_keys` the light columns
 * the matcher scores every candidate with (kept apart so the candidate pass reads small rows, many
 * per page; the candidate query joins it to the R*Tree by pk); `reference_rtree` (R*Tree, 32-bit
 * float boxes: queried for overlap, never containment) indexes the points; `reference_names` (FTS5,
 * contentless with delete support) the name keys, for jobs without coordinates; `reference_tokens`
 * the name-token document frequencies (IDF weights).
 * R*Tree auxiliary columns holding the key columns (no join) were measured and left out: the R*Tree
 * reads them from its own rowid table one statement step per candidate, slower than the join (on the
 * 1M-place bench index, the candidate query and its decoding: 686–699 jobs per CPU-second against
 * 830–865 with the join), for +68 MB per million places.
 * A source's records occupy one pk range (reference_sources.pk_min..pk_max), assigned in spatial order
 * above every pk given before (`reference_state.pk_high`): a pk never names another record.
 */
import type Database from "better-sqlite3";

export interface ReferenceMigration {
  version: number;
  name: string;
  sql: string;
}

export const REFERENCE_MIGRATIONS: readonly ReferenceMigration[] = [
  {
    version: 1,
    name: "reference places",
    sql: `
      CREATE TABLE reference_sources (
        name         TEXT PRIMARY KEY,
        format       TEXT NOT NULL,
        file         TEXT,
        record_count INTEGER NOT NULL,
        pk_min       INTEGER,
        pk_max       INTEGER,
        imported_at  INTEGER NOT NULL
      );
      CREATE TABLE reference_places (
        pk        INTEGER PRIMARY KEY,
        source    TEXT NOT NULL,
        record_id TEXT NOT NULL,
        doc       TEXT NOT NULL
      );
      CREATE TABLE reference_keys (
        pk         INTEGER PRIMARY KEY,
        lat        REAL,
        lon        REAL,
        name_key   TEXT NOT NULL,
        phones     TEXT,
        domain     TEXT,
        house      TEXT,
        street_key TEXT,
        postcode   TEXT,
        city_key   TEXT,
        category   TEXT
      );
      CREATE VIRTUAL TABLE reference_rtree USING rtree(pk, min_lat, max_lat, min_lon, max_lon);
      CREATE VIRTUAL TABLE reference_names USING fts5(name_key, content='', contentless_delete=1);
      -- Every phone of every record: candidates by phone, wherever they are.
      CREATE TABLE reference_phones (
        phone TEXT NOT NULL,
        pk    INTEGER NOT NULL,
        PRIMARY KEY (phone, pk)
      ) WITHOUT ROWID;
      CREATE INDEX reference_phones_pk ON reference_phones (pk);
      CREATE TABLE reference_tokens (
        source TEXT NOT NULL,
        token  TEXT NOT NULL,
        df     INTEGER NOT NULL,
        PRIMARY KEY (source, token)
      ) WITHOUT ROWID;
    `,
  },
  {
    // Break-it trial: a re-import numbered its records from max(pk) + 1 after deleting the old
    // ones, so a pk a running matcher had just read as a candidate could name another record
    // when it fetched the documents (685 wrong matches in a 50,000-job batch). Records are now
    // numbered above every pk ever given, kept here; and when a source was last imported or removed
    // (ms), which cached results older than it are not reused across.
    version: 2,
    name: "reference state: pk high-water mark, last change",
    sql: `
      CREATE TABLE reference_state (pk_high INTEGER NOT NULL, changed_at INTEGER NOT NULL);
      INSERT INTO reference_state (pk_high, changed_at)
        SELECT (SELECT coalesce(max(pk), 0) FROM reference_places),
               (SELECT coalesce(max(imported_at), 0) FROM reference_sources);
    `,
  },
];

export function migrateReference(db: Database.Database): number[] {
  return db
    .transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS reference_schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
      const applied = new Set(
        db
          .prepare("SELECT version FROM reference_schema_migrations")
          .pluck()
          .all()
          .map((v) => Number(v)),
      );
      const done: number[] = [];
      for (const m of REFERENCE_MIGRATIONS) {
        if (applied.has(m.version)) continue;
        db.exec(m.sql);
        db.prepare(
          "INSERT INTO reference_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        ).run(m.version, m.name, Date.now());
        done.push(m.version);
      }
      return done;
    })
    .immediate();
}
