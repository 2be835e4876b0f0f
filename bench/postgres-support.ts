/**
 * PostgreSQL plumbing for the benchmarks: the server URL, a reachability check, throw-away schemas
 * (dropped by the Cleanup whatever happens), a COPY FROM STDIN through pg's own protocol support (no
 * pg-copy-streams), and `psql \copy`.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { quoteIdent } from "../src/store/postgres/connection.js";
import type { Cleanup } from "./common.js";

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

export function withParam(url: string, name: string, value: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}${name}=${encodeURIComponent(value)}`;
}

/** A connected client (search_path = `schema` when given), with an error listener so a dead socket never crashes. */
export async function connect(schema?: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: BENCH_DATABASE_URL,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${quoteIdent(schema)}` } : {}),
  });
  client.on("error", () => {});
  await client.connect();
  return client;
}

/** Runs statements on a short-lived connection. */
export async function adminQuery(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = await connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end().catch(() => {});
  }
}

/** null when the server answers, else the reason. */
export async function postgresUnreachable(): Promise<string | null> {
  try {
    await adminQuery("SELECT 1");
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  }
}

/** Names throw-away schemas `bench_<run>_<suffix>` and drops each at cleanup (it need not exist yet). */
export class BenchSchemas {
  readonly run = randomBytes(4).toString("hex");

  constructor(private readonly cleanup: Cleanup) {}

  /** `drop` drops it at once (cleanup then has nothing left to do for it). */
  create(suffix: string): { schema: string; url: string; drop: () => Promise<void> } {
    const schema = `bench_${this.run}_${suffix}`;
    const drop = this.cleanup.add(`drop schema ${schema}`, () =>
      adminQuery(`SET lock_timeout = '10s'; DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`),
    );
    return { schema, url: withParam(BENCH_DATABASE_URL, "schema", schema), drop };
  }
}

/** One value in COPY's text format: backslash, tab, newline and carriage return escaped; null → \N. */
export function copyText(value: string | number | boolean | null): string {
  if (value === null) return "\\N";
  if (typeof value !== "string") return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!)
    : value;
}

type CopyConnection = { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void };

/**
 * `COPY ... FROM STDIN` on `client`, streaming `chunks` (COPY text format), through pg's own protocol
 * support: a plain pg.Query whose copy-in hook sends the data instead of pg's default CopyFail. Resolves
 * with the number of rows copied.
 */
export function copyFrom(client: pg.ClientBase, sql: string, chunks: Iterable<Buffer>): Promise<number> {
  return new Promise((resolve, reject) => {
    const query = new pg.Query(sql, (error, result) => {
      if (error) reject(error);
      else resolve(result.rowCount ?? 0);
    }) as pg.Query & { handleCopyInResponse(connection: CopyConnection): void };
    query.handleCopyInResponse = (connection) => {
      for (const chunk of chunks) connection.sendCopyFromChunk(chunk);
      connection.endCopyFrom();
    };
    client.query(query);
  });
}

/** Groups text lines into buffers of about `size` bytes. */
export function* linesToChunks(lines: Iterable<string>, size = 256 * 1024): Generator<Buffer> {
  let parts: string[] = [];
  let length = 0;
  for (const line of lines) {
    parts.push(line);
    length += line.length;
    if (length >= size) {
      yield Buffer.from(parts.join(""), "utf8");
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield Buffer.from(parts.join(""), "utf8");
}

/**
 * `psql -c "\copy table (columns) FROM 'file'"` (COPY text format): one transaction. Returns psql's own
 * `\timing` of the \copy (client-side read + transfer + server) and the wall time of the whole psql process
 * (start-up and connection included).
 */
export async function psqlCopy(
  table: string,
  columns: string,
  file: string,
): Promise<{ timingMs: number | null; wallMs: number }> {
  const args = [
    BENCH_DATABASE_URL,
    "-X",
    "-q",
    "-v",
    "ON_ERROR_STOP=1",
    "-c",
    "\\timing on",
    "-c",
    `\\copy ${table} (${columns}) FROM '${file.replace(/'/g, "''")}'`,
  ];
  const start = performance.now();
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile("psql", args, { env: { ...process.env, PGCONNECT_TIMEOUT: "5" } }, (error, out, err) => {
      if (error) reject(new Error(`psql \\copy failed: ${err || error.message}`));
      else resolve(out);
    });
  });
  const wallMs = performance.now() - start;
  const match = /Time: ([\d.]+) ms/.exec(stdout);
  return { timingMs: match ? Number(match[1]) : null, wallMs };
}
