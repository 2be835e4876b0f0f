/**
 * Crash safety on SQLite: several processes share one database file (WAL). A worker killed with
 * SIGKILL loses nothing: its jobs are reclaimed after the lease expires and completed exactly once.
 */
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { runCrashScenario } from "../support/crash-scenario.js";
import { tempDatabasePath } from "../support/temp-db.js";

const db = tempDatabasePath();
afterAll(() => db.cleanup());

describe("crash safety (SQLite, processes sharing the file)", () => {
  it("SIGKILL and SIGTERM of workers lose no job and duplicate none", async () => {
    const jobs = 3000;
    const leasedBy = async (pid: number) => {
      const reader = new Database(db.path, { readonly: true });
      try {
        return reader
          .prepare("SELECT count(*) FROM jobs WHERE status = 'in_progress' AND lease_owner LIKE ?")
          .pluck()
          .get(`%:${pid}:%`) as number;
      } finally {
        reader.close();
      }
    };
    const result = await runCrashScenario({ databaseUrl: `sqlite://${db.path}`, jobs, workers: 3, leasedBy });
    expect(result.finalStatus).toBe("completed");
    expect(result.total).toBe(jobs);
    expect(result.placeIds).toHaveLength(jobs);
    expect(new Set(result.placeIds).size).toBe(jobs);
    expect(result.statuses).toEqual({ completed: jobs });
    expect(result.terminatedExitCode).toBe(0);
    // The killed worker held leased jobs: they were claimed again after the lease expired.
    expect(result.retriedJobs).toBeGreaterThan(0);
  }, 120_000);
});
