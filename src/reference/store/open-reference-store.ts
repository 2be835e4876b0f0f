/**
 * Opens the reference store in the database DATABASE_URL names — the same URL forms as the job store
 * (src/store/open-store.ts): `sqlite://path`, a plain path, or `postgres://…?schema=…`. Returned
 * un-migrated: call `migrate()` before use (the service and the import CLI do).
 */
import type { ReferenceStore } from "./port.js";
import { PostgresReferenceStore } from "./postgres/postgres-reference-store.js";
import { SqliteReferenceStore } from "./sqlite/sqlite-reference-store.js";

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;

export function openReferenceStore(databaseUrl: string, options: { poolSize?: number } = {}): ReferenceStore {
  const url = databaseUrl.trim();
  if (url === "") throw new Error("Empty database URL");
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return new SqliteReferenceStore(url);
  if (scheme === "sqlite") {
    const rest = url.slice(url.indexOf("://") + 3);
    if (rest.includes("?")) throw new Error(`Query parameters are not supported in a sqlite URL: ${url}`);
    const path = decodeURIComponent(rest);
    if (path === "" || path === "/") throw new Error(`sqlite URL without a file path: ${url}`);
    return new SqliteReferenceStore(path);
  }
  if (scheme === "postgres" || scheme === "postgresql") return new PostgresReferenceStore(url, options);
  throw new Error(
    `Unsupported database URL scheme "${scheme}:" (expected sqlite:, postgres: or a file path)`,
  );
}
