/**
 * PostgreSQL for tests: a fresh schema per test on the server named by TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test), dropped again by `drop()`. When the server is unreachable the
 * tests FAIL with a message saying so: they are never skipped silently (CI starts PostgreSQL).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** `url` with one more query parameter. */
export function withParam(url: string, name: string, value: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}${name}=${encodeURIComponent(value)}`;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

let reachable: Promise<void> | undefined;

/** Resolves when the test server answers; otherwise rejects (once per test file) with how to fix it. */
export function assertPostgresReachable(): Promise<void> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("SELECT 1");
    } catch (error) {
      throw new Error(
        `PostgreSQL is not reachable at ${redact(TEST_DATABASE_URL)} (${(error as Error).message}). ` +
          "The PostgreSQL store tests need a running server: start one (e.g. `pg_ctlcluster " +
          "--skip-systemctl-redirect 15 main start`) or set TEST_DATABASE_URL.",
      );
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return reachable;
}

/** Runs one statement on its own short-lived connection (outside any store). */
export async function adminQuery(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  client.on("error", () => {});
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A connected client whose search_path is `schema` (the caller ends it). */
export async function schemaClient(schema: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
  client.on("error", () => {});
  await client.connect();
  return client;
}

export interface TestSchema {
  /** e.g. `test_3f9c2a…`; not created yet: the store's migrate() creates it. */
  schema: string;
  /** TEST_DATABASE_URL with `?schema=` set. */
  url: string;
  /** Drops the schema with everything in it (tolerates a schema that was never created). */
  drop: () => Promise<void>;
}

/** A fresh, unique schema name on the (reachable) test server. */
export async function createTestSchema(): Promise<TestSchema> {
  await assertPostgresReachable();
  const schema = `test_${randomBytes(8).toString("hex")}`;
  return {
    schema,
    url: withParam(TEST_DATABASE_URL, "schema", schema),
    drop: async () => {
      await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}
