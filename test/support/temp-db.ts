import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh directory for one test's SQLite file; removed by the returned cleanup. */
export function tempDatabasePath(): { path: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "place-enrich-test-"));
  return { path: join(dir, "test.db"), dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
