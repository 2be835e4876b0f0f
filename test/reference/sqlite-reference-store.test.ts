/** The ReferenceStore contract on SQLite (a fresh temp file per test), plus its query plans. */
import { describe, expect, it } from "vitest";
import { SqliteReferenceStore } from "../../src/reference/store/sqlite/sqlite-reference-store.js";
import { tempDatabasePath } from "../support/temp-db.js";
import { describeReferenceStoreContract } from "./reference-store-contract.js";

describeReferenceStoreContract("sqlite", async () => {
  const db = tempDatabasePath();
  const store = new SqliteReferenceStore(db.path);
  return {
    store,
    cleanup: async () => {
      await store.close();
      db.cleanup();
    },
  };
});

describe("SqliteReferenceStore specifics", () => {
  it("drives the R*Tree from the query list, never scanning it whole", async () => {
    const db = tempDatabasePath();
    const store = new SqliteReferenceStore(db.path);
    try {
      await store.migrate();
      const plan = (
        store.db
          .prepare(`EXPLAIN QUERY PLAN SELECT * FROM json_each('[]') q CROSS JOIN reference_rtree r
          WHERE r.max_lat >= q.value AND r.min_lat <= q.value`)
          .all() as Array<{ detail: string }>
      ).map((r) => r.detail);
      expect(plan[1]).toMatch(/SCAN r VIRTUAL TABLE INDEX 2:/);
    } finally {
      await store.close();
      db.cleanup();
    }
  });
});
