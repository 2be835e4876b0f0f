/**
 * Crash safety on PostgreSQL (issue: scale out): an API process and three worker processes share one
 * database; one worker is SIGKILLed mid-flight, another SIGTERMed, a replacement started. Every job
 * completes exactly once; the killed worker's jobs are retried after their lease expires.
 */
import { afterAll, describe, expect, it } from "vitest";
import { runCrashScenario } from "../support/crash-scenario.js";
import { adminQuery, createTestSchema, type TestSchema } from "../support/postgres.js";

let schema: TestSchema | undefined;
afterAll(async () => schema?.drop());

describe("crash safety (PostgreSQL, API + 3 worker processes)", () => {
  it("SIGKILL and SIGTERM of workers lose no job and duplicate none", async () => {
    schema = await createTestSchema();
    const jobs = 3000;
    const table = `"${schema.schema}".jobs`;
    const leasedBy = async (pid: number) => {
      const r = await adminQuery(
        `SELECT count(*)::int AS n FROM ${table} WHERE status = 'in_progress' AND lease_owner LIKE $1`,
        [`%:${pid}:%`],
      );
      return r.rows[0].n as number;
    };
    const result = await runCrashScenario({ databaseUrl: schema.url, jobs, workers: 3, leasedBy });
    expect(result.finalStatus).toBe("completed");
    expect(result.total).toBe(jobs);
    expect(new Set(result.placeIds).size).toBe(jobs);
    expect(result.statuses).toEqual({ completed: jobs });
    expect(result.terminatedExitCode).toBe(0);
    expect(result.retriedJobs).toBeGreaterThan(0);
  }, 120_000);
});
