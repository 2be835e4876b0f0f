/**
 * Opens the Store a database URL names (`DATABASE_URL`):
 *
 *   sqlite:///var/lib/place-enrich/db.sqlite   absolute path (the path is everything after "sqlite://")
 *   sqlite://data/place-enrich.db              relative to the working directory
 *   data/place-enrich.db, /abs/path.db         a plain path (anything without a "scheme://") → SQLite
 *   postgres://…, postgresql://…               PostgreSQL; the URL goes to pg as is, plus `?schema=`
 *                                              (search_path) and `?pool_size=` (see PostgresStore)
 *
 * Percent-escapes in a sqlite URL's path are decoded (`%20` → space); a plain path is taken literally.
 * Query strings are not supported in sqlite URLs. The store is returned un-migrated: call `migrate()` before use.
 * To add a backend, add its schemes to OPENERS.
 *
 * `options.threads`: SQLite runs in threads of its own (threaded-sqlite-store.ts) — what the service does,
 * so no statement blocks its event loop. Short-lived commands (CLI, tests) use the connection directly.
 */

import { lookupTable } from "../lookup-table.js";
import type { Store } from "./port.js";
import { PostgresStore } from "./postgres/postgres-store.js";
import { SqliteStore } from "./sqlite/sqlite-store.js";
import { openThreadedSqliteStore } from "./sqlite/threaded-sqlite-store.js";

export interface OpenStoreOptions {
  threads?: boolean;
}

type Opener = (url: string, options: OpenStoreOptions) => Store;

function openSqlite(path: string, options: OpenStoreOptions): Store {
  // `:memory:` is one private database per connection: the reader thread would see an empty one.
  return options.threads && path !== ":memory:" ? openThreadedSqliteStore(path) : new SqliteStore(path);
}

function openSqliteUrl(url: string, options: OpenStoreOptions): Store {
  const rest = url.slice(url.indexOf("://") + 3);
  if (rest.includes("?")) throw new Error(`Query parameters are not supported in a sqlite URL: ${url}`);
  const path = decodeURIComponent(rest);
  if (path === "" || path === "/") throw new Error(`sqlite URL without a file path: ${url}`);
  return openSqlite(path, options);
}

function openPostgresUrl(url: string): Store {
  return new PostgresStore(url);
}

const OPENERS: Readonly<Record<string, Opener>> = lookupTable({
  sqlite: openSqliteUrl,
  postgres: openPostgresUrl,
  postgresql: openPostgresUrl,
});

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;

export function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Store {
  const url = databaseUrl.trim();
  if (url === "") throw new Error("Empty database URL");
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return openSqlite(url, options);
  const open = OPENERS[scheme];
  if (!open) {
    throw new Error(
      `Unsupported database URL scheme "${scheme}:" (expected sqlite:, postgres: or a file path)`,
    );
  }
  return open(url, options);
}
