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
 */
import type { Store } from "./port.js";
import { PostgresStore } from "./postgres/postgres-store.js";
import { SqliteStore } from "./sqlite/sqlite-store.js";

type Opener = (url: string) => Store;

function openSqliteUrl(url: string): Store {
  const rest = url.slice(url.indexOf("://") + 3);
  if (rest.includes("?")) throw new Error(`Query parameters are not supported in a sqlite URL: ${url}`);
  const path = decodeURIComponent(rest);
  if (path === "" || path === "/") throw new Error(`sqlite URL without a file path: ${url}`);
  return new SqliteStore(path);
}

function openPostgresUrl(url: string): Store {
  return new PostgresStore(url);
}

const OPENERS: Record<string, Opener> = {
  sqlite: openSqliteUrl,
  postgres: openPostgresUrl,
  postgresql: openPostgresUrl,
};

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;

export function openStore(databaseUrl: string): Store {
  const url = databaseUrl.trim();
  if (url === "") throw new Error("Empty database URL");
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return new SqliteStore(url);
  const open = OPENERS[scheme];
  if (!open) {
    throw new Error(
      `Unsupported database URL scheme "${scheme}:" (expected sqlite:, postgres: or a file path)`,
    );
  }
  return open(url);
}
