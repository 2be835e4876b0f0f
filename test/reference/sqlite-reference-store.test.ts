/** The ReferenceStore contract on SQLite (a fresh temp file per test), plus its query plans. */
import { describe, expect, it } from "vitest";
import { NEAR_SQL, SqliteReferenceStore } from "../../src/reference/store/sqlite/sqlite-reference-store.js";
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
        store.db.prepare(`EXPLAIN QUERY PLAN ${NEAR_SQL}`).all("[]") as Array<{ detail: string }>
      ).map((r) => r.detail);
      const rtree = plan.findIndex((d) => /SCAN r VIRTUAL TABLE INDEX \d+:\S+/.test(d));
      const keys = plan.findIndex((d) => /SEARCH k USING INTEGER PRIMARY KEY/.test(d));
      const list = plan.findIndex((d) => /SCAN q/.test(d));
      expect(list).toBeGreaterThanOrEqual(0);
      expect(rtree).toBeGreaterThan(list);
      expect(keys).toBeGreaterThan(rtree);
    } finally {
      await store.close();
      db.cleanup();
    }
  });
});
