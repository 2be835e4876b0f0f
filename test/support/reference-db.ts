/**
 * A fresh database for a reference store test, of either kind: a temp SQLite file, or a new
 * PostgreSQL schema beside a temp directory (for the test's own files, e.g. a JSONL to import).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { importReference } from "../../src/reference/importer.js";
import { openReferenceStore } from "../../src/reference/store/open-reference-store.js";
import type { ReferenceStore } from "../../src/reference/store/port.js";
import { createTestSchema } from "./postgres.js";
import { tempDatabasePath } from "./temp-db.js";

export interface ReferenceTestDb {
  /** DATABASE_URL for openReferenceStore. */
  url: string;
  /** A temp directory for the test's files. */
  dir: string;
  cleanup: () => Promise<void>;
}

export async function referenceTestDb(kind: "sqlite" | "postgres"): Promise<ReferenceTestDb> {
  const db = tempDatabasePath();
  if (kind === "sqlite") return { url: db.path, dir: db.dir, cleanup: async () => db.cleanup() };
  const schema = await createTestSchema();
  return {
    url: schema.url,
    dir: db.dir,
    cleanup: async () => {
      await schema.drop();
      db.cleanup();
    },
  };
}

/**
 * A migrated reference store on a fresh database of `kind` holding `records` (own-file JSONL rows)
 * as source `source`, imported for real; `close` closes it and drops the database.
 */
export async function referenceStoreWith(
  kind: "sqlite" | "postgres",
  source: string,
  records: ReadonlyArray<Record<string, unknown>>,
  now: number,
): Promise<{ store: ReferenceStore; close: () => Promise<void> }> {
  const db = await referenceTestDb(kind);
  const file = join(db.dir, `${source}.jsonl`);
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
  const store = openReferenceStore(db.url);
  await store.migrate();
  await importReference(store, { file, source, format: "jsonl", now });
  return {
    store,
    close: async () => {
      await store.close();
      await db.cleanup();
    },
  };
}
