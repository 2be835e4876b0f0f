/** The ReferenceStore contract on SQLite (a fresh temp file per test), plus its query plans. */
import { describe, expect, it } from "vitest";
import { NEAR_SQL, SqliteReferenceStore } from "../../src/reference/store/sqlite/sqlite-reference-store.js";
import { tempDatabasePath } from "../support/temp-db.js";
import { describeReferenceStoreContract, row } from "./reference-store-contract.js";

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
  it("leaves records sharing no word pattern and no identifier light in a split near query", async () => {
    const db = tempDatabasePath();
    const store = new SqliteReferenceStore(db.path);
    try {
      await store.migrate();
      const job = await store.beginImport({ name: "a", format: "jsonl", file: null, now: 1 });
      await job.add([
        row({ id: "1", name: "Joe's Cafe", latitude: 40.758, longitude: -73.9855 }),
        row({ id: "2", name: "Bagel Barn", latitude: 40.7581, longitude: -73.9855 }),
        row({ id: "3", name: "Ab Deli", latitude: 40.7582, longitude: -73.9855 }),
      ]);
      await job.commit(new Map());
      const [a] = await store.candidatesNearSplit([
        {
          latitude: 40.758,
          longitude: -73.9855,
          radiusM: 200,
          wideRadiusM: 500,
          phone: null,
          domain: null,
          house: null,
          words: [" joes", " ab "],
        },
      ]);
      expect(a!.full.map((c) => c.nameKey).sort()).toEqual(["ab deli", "joes cafe"]);
      expect(a!.others).toHaveLength(3);
      expect(a!.others[1]).toBeCloseTo(40.7581, 6);
    } finally {
      await store.close();
      db.cleanup();
    }
  });

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
