/**
 * The PostgreSQL connection pool: URL/options parsing (schema, pool size), int8 parsing, one-statement
 * queries on the pool and transactions on one checked-out client.
 *
 * Error handling: a pooled client whose socket dies while idle makes the pool emit `error`; without a
 * listener Node would crash the process, so the pool always has one (the dead client is already discarded;
 * the next query opens a new connection or fails with a connection error the caller sees). A client checked
 * out for a transaction gets its own listener for the same reason and is destroyed, not reused, when broken.
 * Connection failures (ECONNREFUSED, 57P01 admin_shutdown, "Connection terminated unexpectedly", ...)
 * therefore always surface as rejected promises of the store call that hit them.
 */
import pg from "pg";

export type Row = Record<string, unknown>;
/** What queries run on: the pool (one statement, autocommit) or a client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

export interface PostgresStoreOptions {
  /** Maximum connections in the pool (default 10; `?pool_size=` in the URL is used when this is absent). */
  poolSize?: number;
  /**
   * Schema all tables live in (the connections' search_path); created by `migrate()` when missing.
   * Default: the URL's `?schema=`, else the server's default search_path (normally `public`).
   */
  schema?: string;
  /** How long acquiring a connection may take before the call fails (default 10,000 ms). */
  connectionTimeoutMs?: number;
  /** Idle connections are closed after this long (default 10,000 ms). */
  idleTimeoutMs?: number;
  /** Called when an idle pooled connection fails (server restart, network); default: ignored. */
  onIdleError?: (error: Error) => void;
}

const DEFAULT_POOL_SIZE = 10;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/**
 * pg returns int8 (BIGINT pks, epoch-ms times, count(*)) as strings, since not every int8 fits a JS number.
 * Ours do (pks and times stay far below 2^53), so they are parsed to numbers, for this pool only: the global
 * pg.types registry is left alone.
 */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === pg.types.builtins.INT8 && format !== "binary") return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

interface ParsedUrl {
  connectionString: string;
  schema?: string;
  poolSize?: number;
  /** The URL's own `options` parameter (backend command-line options), merged with ours. */
  options?: string;
}

/**
 * Takes our parameters (`schema`, `pool_size`) and `options` out of the URL's query string; the rest of
 * the URL is passed to pg untouched. `options` is taken out because pg lets the URL override the config.
 */
export function parsePostgresUrl(url: string): ParsedUrl {
  const q = url.indexOf("?");
  if (q < 0) return { connectionString: url };
  const params = new URLSearchParams(url.slice(q + 1));
  const parsed: ParsedUrl = { connectionString: url };
  if (!params.has("schema") && !params.has("pool_size") && !params.has("options")) return parsed;
  const schema = params.get("schema");
  if (schema !== null) parsed.schema = schema;
  const poolSize = params.get("pool_size");
  if (poolSize !== null) parsed.poolSize = Number(poolSize);
  const options = params.get("options");
  if (options !== null) parsed.options = options;
  params.delete("schema");
  params.delete("pool_size");
  params.delete("options");
  const rest = params.toString();
  parsed.connectionString = url.slice(0, q) + (rest ? `?${rest}` : "");
  return parsed;
}

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export class PostgresConnection {
  readonly pool: pg.Pool;
  /** Settings for a dedicated connection outside the pool (the LISTEN connection). */
  readonly clientConfig: pg.ClientConfig;
  /** The schema named in the options/URL, or null for the server's default search_path. */
  readonly schema: string | null;
  private closed = false;

  constructor(url: string, opts: PostgresStoreOptions = {}) {
    const parsed = parsePostgresUrl(url);
    const schema = opts.schema ?? parsed.schema ?? null;
    if (schema !== null && !SCHEMA_NAME.test(schema)) {
      throw new Error(`Invalid schema name "${schema}" (letters, digits, _ and $; at most 63 characters)`);
    }
    const poolSize = opts.poolSize ?? parsed.poolSize ?? DEFAULT_POOL_SIZE;
    if (!Number.isInteger(poolSize) || poolSize < 1) throw new Error(`Invalid pool size: ${poolSize}`);
    this.schema = schema;

    // search_path as a startup option: set before the first query of every connection, no extra round trip.
    const options = [parsed.options, schema !== null ? `-c search_path=${quoteIdent(schema)}` : undefined]
      .filter((o) => o)
      .join(" ");
    this.clientConfig = {
      connectionString: parsed.connectionString,
      connectionTimeoutMillis: opts.connectionTimeoutMs ?? 10_000,
      ...(options ? { options } : {}),
    };
    this.pool = new pg.Pool({
      connectionString: parsed.connectionString,
      max: poolSize,
      connectionTimeoutMillis: opts.connectionTimeoutMs ?? 10_000,
      idleTimeoutMillis: opts.idleTimeoutMs ?? 10_000,
      types: TYPES,
      ...(options ? { options } : {}),
    });
    const onIdleError = opts.onIdleError;
    this.pool.on("error", (error) => {
      onIdleError?.(error);
    });
  }

  /** One statement on any pooled connection (autocommit). */
  async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[];
  }

  /** Runs `fn` in a transaction on one connection; COMMIT when it resolves, ROLLBACK when it throws. */
  async transaction<T>(fn: (tx: pg.PoolClient) => Promise<T>, begin = "BEGIN"): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on("error", onError);
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      if (!broken) {
        try {
          await client.query("ROLLBACK");
        } catch (rollbackError) {
          broken = rollbackError as Error;
        }
      }
      throw error;
    } finally {
      client.removeListener("error", onError);
      // A broken connection is destroyed instead of going back to the pool.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** SQLSTATE 23505 (unique_violation), optionally of one named constraint/index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === "23505" && (constraint === undefined || e.constraint === constraint);
}

export { likeSubstring, parseJson, toJson } from "../row-mapping.js";
