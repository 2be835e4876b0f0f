/**
 * Database faults (PostgreSQL): while the connection to the database is cut, API requests fail with
 * 503 (the process does not crash), workers pause; once it is back, everything resumes and no
 * accepted job is lost.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from "../support/postgres.js";
import { freePort, startCli, waitFor } from "../support/processes.js";
import { TcpProxy } from "../support/tcp-proxy.js";

let schema: TestSchema | undefined;
afterAll(async () => schema?.drop());

describe("database faults (PostgreSQL through a proxy that is cut)", () => {
  it("answers 503 while the database is unreachable, then resumes and loses nothing", async () => {
    schema = await createTestSchema();
    const target = new URL(TEST_DATABASE_URL);
    const proxy = new TcpProxy(
      { host: target.hostname, port: Number(target.port || 5432) },
      await freePort(),
    );
    await proxy.start();
    const viaProxy = new URL(schema.url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    const port = await freePort();
    const server = startCli(["serve"], {
      DATABASE_URL: viaProxy.toString(),
      PORT: String(port),
      HOST: "127.0.0.1",
      LEASE_SECONDS: "5",
      WORKER_POLL_MS: "50",
      WORKER_IDLE_MAX_MS: "200",
      WORKER_CONCURRENCY: "1",
      WORKER_CLAIM_BATCH: "5",
      MAX_ATTEMPTS: "10",
    });
    try {
      const key = await waitFor(
        async () => /DEMO_API_KEY=(\S+)/.exec(server.output())?.[1],
        30_000,
        "demo key",
      );
      const root = `http://127.0.0.1:${port}`;
      const base = `${root}/v1/demo/place_enrichment`;
      const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
      await waitFor(async () => ((await fetch(`${root}/health`)).ok ? true : undefined), 30_000, "health");
      const jobs = Array.from({ length: 3000 }, (_, i) => ({
        place_id: `p${i}`,
        inputs: { name: `Shop ${i}`, full_address: `${i} High St, Boston, MA 02108`, phone: "617-555-0100" },
      }));
      const created = await fetch(`${base}/batches`, {
        method: "POST",
        headers,
        body: JSON.stringify({ batch_name: "faults", jobs, attributes: ["phoneNumbers", "address"] }),
      });
      expect(created.status).toBe(200);
      const { id } = (await created.json()) as { id: string };

      await proxy.cut();
      const during = await fetch(`${base}/batches/${id}`, { headers });
      expect(during.status).toBe(503);
      expect(((await during.json()) as { detail: string }).detail).toMatch(/Database unavailable/);
      expect(during.headers.get("retry-after")).toBeTruthy();
      expect((await fetch(`${root}/ready`)).status).toBe(503);
      expect((await fetch(`${root}/health`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1500)); // workers keep failing to reach it meanwhile
      expect(server.child.exitCode).toBeNull();

      await proxy.start();
      const final = await waitFor(
        async () => {
          const r = await fetch(`${base}/batches/${id}`, { headers });
          if (r.status !== 200) return undefined;
          const body = (await r.json()) as { status: string; jobs: Record<string, string[]> };
          return body.status === "completed" || body.status === "failed" ? body : undefined;
        },
        60_000,
        "the batch to finish after the database came back",
      );
      expect(final.status).toBe("completed");
      expect(final.jobs.completed).toHaveLength(3000);
      expect(new Set(final.jobs.completed).size).toBe(3000);
      // The workers were mid-batch when the database went away: they hit the outage and carried on.
      expect(server.output()).toMatch(/worker iteration failed/);
      expect((await fetch(`${root}/ready`)).status).toBe(200);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
      await proxy.cut();
    }
  }, 120_000);
});
