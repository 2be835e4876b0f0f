/**
 * One SQLite connection: opening (parent directory, pragmas), a cache of prepared statements so every
 * SQL text is compiled once per connection and reused, and IMMEDIATE transactions.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";

export type Row = Record<string, unknown>;

export interface SqliteConnectionOptions {
  /**
   * false: this connection's commits never run the WAL checkpoint (wal_autocheckpoint 0), which
   * SQLite otherwise has whichever connection commits past 1,000 WAL pages run, inside its commit.
   * The service's connection for per-request writes (rate limits, idempotency) uses it, so a request
   * never pays for copying the workers' writes into the database file; the writer's commits still
   * checkpoint. Default true.
   */
  autoCheckpoint?: boolean;
}
export type Statement = Database.Statement<unknown[], unknown>;

export class SqliteConnection {
  readonly db: Database.Database;
  /**
   * The file stores text as UTF-8 (SQLite's default; a file created elsewhere may say UTF-16): only
   * then is a TEXT value read as a BLOB its UTF-8 bytes, which pages and status lists copy as they are.
   */
  readonly textIsUtf8: boolean;
  private readonly statements = new Map<string, Statement>();

  /** `path` is a file path, or `:memory:` (tests only: each connection gets its own private database). */
  constructor(
    readonly path: string,
    options: SqliteConnectionOptions = {},
  ) {
    if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
    this.db = new Database(path);
    // busy_timeout first: the pragmas below may need a lock another process holds while it starts too.
    this.db.pragma("busy_timeout = 5000");
    // WAL: readers never block the writer and vice versa (API reads while workers write).
    setWalMode(this.db);
    // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commits.
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    if (options.autoCheckpoint === false) this.db.pragma("wal_autocheckpoint = 0");
    this.textIsUtf8 = this.db.pragma("encoding", { simple: true }) === "UTF-8";
    // SQLite's lower()/LIKE fold ASCII only; batch-name search should be case-insensitive for any script.
    this.db.function("unicode_lower", { deterministic: true }, (value: unknown) =>
      typeof value === "string" ? value.toLowerCase() : value,
    );
  }

  /** The prepared statement for `sql`, compiled on first use and cached for the connection's life. */
  stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `fn` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so a transaction that
   * reads then writes cannot fail half-way with SQLITE_BUSY when another process wrote in between (it waits
   * up to busy_timeout for the lock instead). Nested calls become savepoints. Throwing rolls everything back.
   */
  immediate<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }
}

/**
 * Switching a new file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once instead of
 * calling the busy handler when another connection is doing the same (two threads or processes opening a
 * fresh database together: seen in the store-thread tests). Retried for up to the busy timeout.
 */
function setWalMode(db: Database.Database): void {
  const deadline = Date.now() + 5000;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      db.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || Date.now() > deadline) throw error;
      // A synchronous pause: this runs while opening, before the connection serves anything.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

export { likeSubstring, parseJson, toJson } from "../row-mapping.js";
