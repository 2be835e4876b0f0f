/**
 * A fresh database for a reference store test, of either kind: a temp SQLite file, or a new
 * PostgreSQL schema beside a temp directory (for the test's own files, e.g. a JSONL to import).
 */
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
