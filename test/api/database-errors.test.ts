/**
 * A transaction PostgreSQL aborts (deadlock, serialization failure) rolled back whole: the API answers
 * 503 with Retry-After, as for an unreachable database, and stores nothing of the request.
 */
import { afterEach, describe, expect, it } from "vitest";
import { schemaClient } from "../support/postgres.js";
import { createTestApp, place, type TestApp } from "../support/test-app.js";

let t: TestApp;
afterEach(async () => t.close());

describe("database errors at the API (PostgreSQL)", () => {
  it("a deadlock → 503 with Retry-After; the append is rolled back", async () => {
    t = await createTestApp({ store: "postgres" });
    const created = await t.call("POST", "/batches", { body: { batch_name: "B", jobs: [place("a")] } });
    expect(created.status).toBe(200);
    const schema = new URL(t.databaseUrl).searchParams.get("schema")!;
    const other = await schemaClient(schema);
    try {
      // The other session detects deadlocks late, so the API's transaction is the one aborted.
      await other.query("SET deadlock_timeout = '20s'");
      await other.query("BEGIN");
      // 1. The other session locks job "a".
      await other.query("UPDATE jobs SET updated_at = updated_at + 1 WHERE place_id = 'a'");
      // 2. The API's append locks the batch row, then waits for job "a".
      const append = t.call("POST", "/batches", {
        body: { batch_name: "B", batch_id: created.json.id, jobs: [place("a"), place("b")] },
      });
      await waitForLockWait(other);
      // 3. The other session now wants the batch row: a cycle, found by the API's backend after 1 s.
      const cycle = other.query("UPDATE batches SET name = 'other' WHERE id = $1", [created.json.id]);
      const r = await append;
      expect(r.status).toBe(503);
      expect(r.json.detail).toMatch(/Database unavailable/);
      expect(r.headers["retry-after"]).toBe("5");
      await cycle;
      await other.query("ROLLBACK");
    } finally {
      await other.end();
    }
    // Nothing of the failed append was stored; a retry succeeds.
    expect((await t.call("GET", `/batches/${created.json.id}`)).json.jobs.queued).toEqual(["a"]);
    const retry = await t.call("POST", "/batches", {
      body: { batch_name: "B", batch_id: created.json.id, jobs: [place("a"), place("b")] },
    });
    expect(retry.status).toBe(200);
  });
});

/** Resolves once a backend waits for a lock this session holds (the API's transaction on job "a"). */
async function waitForLockWait(client: Awaited<ReturnType<typeof schemaClient>>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))",
    );
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("the API's transaction never waited for the lock");
}
