/**
 * The Store contract on SQLite (a fresh temp file per test), plus what only SQLite has: the migration
 * table, pragmas, openStore URL parsing, and several OS processes migrating and claiming on one file.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { SchemaTooNewError } from "../../src/store/schema-version.js";
import { MIGRATIONS } from "../../src/store/sqlite/migrations.js";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { completeScenario, expectViewOfA, scenarioResult } from "./completed-view-scenario.js";
import { describeStoreContract } from "./store-contract.js";

const run = promisify(execFile);
const WORKER = fileURLToPath(new URL("./fixtures/sqlite-process.ts", import.meta.url));

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "place-enrich-store-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describeStoreContract("sqlite (temp file)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "place-enrich-contract-"));
  const path = join(dir, "store.db");
  const opened: SqliteStore[] = [];
  const open = () => {
    const store = new SqliteStore(path);
    opened.push(store);
    return store;
  };
  return {
    store: open(),
    openAnother: async () => open(),
    cleanup: async () => {
      // A store that fails to close must not keep the database from being removed.
      await Promise.allSettled(opened.map((store) => store.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe("SqliteStore specifics", () => {
  it("creates the parent directory and applies the pragmas", async () => {
    const path = join(tempDir(), "nested", "deeper", "x.db");
    const store = new SqliteStore(path);
    await store.migrate();
    await store.close();
    expect(existsSync(path)).toBe(true);
    const db = new Database(path);
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      db.close();
    }
  });

  it("records each migration once, however often migrate runs", async () => {
    const path = join(tempDir(), "m.db");
    const a = new SqliteStore(path);
    const b = new SqliteStore(path);
    await a.migrate();
    await b.migrate();
    await a.migrate();
    await a.close();
    await b.close();
    const db = new Database(path, { readonly: true });
    try {
      const versions = db.prepare("SELECT version FROM schema_migrations ORDER BY version").pluck().all();
      expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      db.close();
    }
  });

  it("refuses a database migrated by a newer version, changing nothing", async () => {
    const path = join(tempDir(), "future.db");
    const store = new SqliteStore(path);
    await store.migrate();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')").run();
    db.close();
    const error = await store.migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as SchemaTooNewError).unknownVersions).toEqual([999]);
    expect((error as Error).message).toMatch(/newer version of place-enrich/);
    await store.close();
  });

  it("works in memory (tests only)", async () => {
    const store = new SqliteStore(":memory:");
    await store.migrate();
    await store.createOrg("acme", 1);
    expect(await store.countOrgs()).toBe(1);
    await store.close();
    await store.close();
  });

  it("keeps a completed job's rendering as its view, and still renders jobs completed before migration 11 from their result", async () => {
    const path = join(tempDir(), "views.db");
    const store = new SqliteStore(path);
    await store.migrate();
    const { query } = await completeScenario(store);
    const viewed = new TextDecoder().decode(await store.jobsPageJson(query));
    const db = new Database(path);
    try {
      const [a] = db.prepare("SELECT result, result_view FROM jobs ORDER BY pk").raw().all() as Array<
        [string | null, string | null]
      >;
      expect(a![0]).toBeNull(); // the view replaces the result: nothing is stored twice
      expectViewOfA(a![1]!);
      // A row as completed before migration 11: its result, no view.
      const update = db.prepare("UPDATE jobs SET result = ?, result_view = NULL WHERE place_id = ?");
      for (const placeId of ["a", "b"]) update.run(JSON.stringify(scenarioResult(placeId)), placeId);
    } finally {
      db.close();
    }
    const rendered = new TextDecoder().decode(await store.jobsPageJson(query));
    expect(JSON.parse(rendered)).toEqual(JSON.parse(viewed));
    await store.close();
  });

  it("a connection without auto-checkpoint leaves copying the WAL into the database to others", async () => {
    const filled = async (options: { autoCheckpoint?: boolean }) => {
      const path = join(tempDir(), "wal.db");
      const store = new SqliteStore(path, options);
      await store.migrate();
      const org = await store.createOrg("acme", 1);
      // ~6 MB of jobs: past the 1,000-page (4 MB) auto-checkpoint threshold in one commit.
      await store.createOrAppendBatch({
        orgId: org.id,
        batchId: "b",
        batchName: "b",
        kickOff: true,
        now: 1,
        jobs: Array.from({ length: 3000 }, (_, i) => ({
          placeId: `p${i}`,
          inputs: { name: `Place ${i} ${"x".repeat(2000)}` },
          attributes: ["websites" as const],
          refresh: false,
        })),
      });
      return { path, store };
    };
    const checkpointing = await filled({});
    expect(statSync(checkpointing.path).size).toBeGreaterThan(4_000_000);
    await checkpointing.store.close();

    const leaving = await filled({ autoCheckpoint: false });
    expect(statSync(leaving.path).size).toBeLessThan(1_000_000); // all of it still in the WAL
    expect(statSync(`${leaving.path}-wal`).size).toBeGreaterThan(4_000_000);
    await leaving.store.close();
  });

  it("uses the covering indexes for the hot batch reads", () => {
    const path = join(tempDir(), "plan.db");
    const store = new SqliteStore(path);
    return store.migrate().then(async () => {
      await store.close();
      const db = new Database(path);
      try {
        const plan = (sql: string) =>
          (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as Array<{ detail: string }>)
            .map((r) => r.detail)
            .join("; ");
        expect(plan("SELECT place_id, status FROM jobs WHERE batch_pk = ? ORDER BY pk")).toMatch(
          /COVERING INDEX jobs_batch_order/,
        );
        expect(plan("SELECT status, count(*) FROM jobs WHERE batch_pk = ? GROUP BY status")).toMatch(
          /COVERING INDEX jobs_batch_status/,
        );
      } finally {
        db.close();
      }
    });
  });
});

describe("openStore", () => {
  it("opens SQLite from sqlite:// URLs and plain paths", async () => {
    const dir = tempDir();
    const cases = [
      `sqlite://${join(dir, "abs.db")}`,
      join(dir, "plain.db"),
      `sqlite://${join(dir, "with%20space.db")}`,
    ];
    for (const url of cases) {
      const store = openStore(url);
      expect(store.kind).toBe("sqlite");
      await store.migrate();
      await store.close();
    }
    expect(existsSync(join(dir, "abs.db"))).toBe(true);
    expect(existsSync(join(dir, "plain.db"))).toBe(true);
    expect(existsSync(join(dir, "with space.db"))).toBe(true);
  });

  it("resolves sqlite://relative paths against the working directory", async () => {
    const dir = tempDir();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const store = openStore("sqlite://data/rel.db");
      await store.migrate();
      await store.close();
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(join(dir, "data", "rel.db"))).toBe(true);
  });

  it("opens PostgreSQL for postgres:// URLs and rejects unknown schemes", async () => {
    for (const url of ["postgres://u:p@localhost/db", "postgresql://localhost/db"]) {
      const store = openStore(url);
      expect(store.kind).toBe("postgres");
      await store.close();
    }
    expect(() => openStore("mysql://localhost/db")).toThrow(/Unsupported database URL scheme/);
    expect(() => openStore("sqlite://")).toThrow();
    expect(() => openStore("  ")).toThrow();
  });
});

describe("several processes on one SQLite file", () => {
  async function spawnAll(args: string[][]): Promise<string[]> {
    const results = await Promise.all(
      args.map((a) => run(process.execPath, ["--import", "tsx", WORKER, ...a], { timeout: 60_000 })),
    );
    return results.map((r) => r.stdout.trim());
  }

  it("migrate from several processes at once on a fresh file", async () => {
    const path = join(tempDir(), "race.db");
    await spawnAll(Array.from({ length: 4 }, () => ["migrate", path]));
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) FROM schema_migrations").pluck().get()).toBe(MIGRATIONS.length);
    } finally {
      db.close();
    }
  });

  it("concurrent claimers in different processes never share a job", async () => {
    const path = join(tempDir(), "claims.db");
    const store = new SqliteStore(path);
    await store.migrate();
    const org = await store.createOrg("acme", 0);
    const n = 3000;
    await store.createOrAppendBatch({
      orgId: org.id,
      batchId: "b",
      batchName: "b",
      jobs: Array.from({ length: n }, (_, i) => ({
        placeId: `p${i}`,
        inputs: { name: `p${i}` },
        attributes: ["websites"],
        refresh: false,
      })),
      kickOff: true,
      now: 0,
    });
    const outputs = await spawnAll(Array.from({ length: 4 }, (_, i) => ["claim", path, `w${i}`]));
    const pks = outputs.flatMap((o) => JSON.parse(o) as number[]);
    expect(pks).toHaveLength(n);
    expect(new Set(pks).size).toBe(n);
    const stats = await store.getBatchStats((await store.getBatch(org.id, "b"))!.pk);
    expect(stats.counts.completed).toBe(n);
    expect(stats.attributeRequested).toEqual({ websites: n });
    await store.close();
  });
});
