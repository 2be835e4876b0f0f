/** The ReferenceStore contract on SQLite (a fresh temp file per test), plus its query plans. */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { NEAR_SQL, SqliteReferenceStore } from "../../src/reference/store/sqlite/sqlite-reference-store.js";
import { REPO_ROOT } from "../support/processes.js";
import { tempDatabasePath } from "../support/temp-db.js";
import { describeReferenceStoreContract, row } from "./reference-store-contract.js";

describeReferenceStoreContract("sqlite", async () => {
  const db = tempDatabasePath();
  const store = new SqliteReferenceStore(db.path);
  return {
    store,
    openReader: () => new SqliteReferenceStore(db.path),
    cleanup: async () => {
      await store.close();
      db.cleanup();
    },
  };
});

describe("SqliteReferenceStore specifics", () => {
  it("an import's commit waits for another process's write lock past the usual 5 s", async () => {
    const db = tempDatabasePath();
    const store = new SqliteReferenceStore(db.path);
    try {
      await store.migrate();
      const job = await store.beginImport({ name: "a", format: "jsonl", file: null, now: 1 });
      await job.add([row({ id: "1", name: "Joe's Cafe", latitude: 40.75, longitude: -73.98 })]);
      // Another import's commit, as another process: holds the write lock for 6.5 s.
      const holder = spawn(
        process.execPath,
        [
          "-e",
          `const D = require("better-sqlite3"); const db = new D(${JSON.stringify(db.path)});
           db.exec("BEGIN IMMEDIATE"); console.log("locked");
           setTimeout(() => { db.exec("COMMIT"); db.close(); }, 6500);`,
        ],
        { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] },
      );
      await new Promise<void>((resolve) => holder.stdout!.once("data", () => resolve()));
      const start = Date.now();
      expect(await job.commit(new Map())).toBe(1);
      expect(Date.now() - start).toBeGreaterThan(5000);
      await new Promise((resolve) => holder.once("exit", resolve));
      expect((await store.listSources()).map((s) => [s.name, s.records])).toEqual([["a", 1]]);
    } finally {
      await store.close();
      db.cleanup();
    }
  }, 30_000);

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
