/**
 * The Store contract on the SQLite store as the service runs it: the same SqliteStore behind a writer
 * and a reader thread (threaded-sqlite-store.ts). Everything crosses a thread boundary here: arguments
 * and results are structured clones, errors are re-created on this side (conflicts keep their class).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isStoreConflictError } from "../../src/store/errors.js";
import type { Store } from "../../src/store/port.js";
import { openThreadedSqliteStore } from "../../src/store/sqlite/threaded-sqlite-store.js";
import { describeStoreContract } from "./store-contract.js";

describeStoreContract("sqlite (store threads)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "place-enrich-threads-"));
  const path = join(dir, "store.db");
  const opened: Store[] = [];
  const open = () => {
    const store = openThreadedSqliteStore(path);
    opened.push(store);
    return store;
  };
  return {
    store: open(),
    openAnother: async () => open(),
    cleanup: async () => {
      await Promise.all(opened.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe("threaded SQLite store", () => {
  it("keeps error classes and codes across the thread boundary, and refuses calls once closed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "place-enrich-threads-"));
    const store = openThreadedSqliteStore(join(dir, "store.db"));
    try {
      await store.migrate();
      await store.createOrg("acme", 1);
      const duplicate = await store.createOrg("acme", 2).catch((e: unknown) => e);
      expect(isStoreConflictError(duplicate, "duplicate_org_slug")).toBe(true);
      const unknown = await (store as any).noSuchMethod().catch((e: Error) => e);
      expect(unknown.message).toMatch(/no method noSuchMethod/);
      // `await store` is the store itself, not a call.
      expect(await Promise.resolve(store)).toBe(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(store.countOrgs()).rejects.toThrow(/closed/);
  });
});
