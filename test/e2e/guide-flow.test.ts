/**
 * The guide's whole flow against the real CLI process on a temp database, over real HTTP:
 * first start prints the demo key → create → poll → results → reprocess → list → SIGTERM exits 0.
 */
import { afterAll, describe, expect, it } from "vitest";
import { freePort, runCli, startCli, waitFor } from "../support/processes.js";
import { tempDatabasePath } from "../support/temp-db.js";

const db = tempDatabasePath();
afterAll(() => db.cleanup());

describe("end to end: npm start and the guide's flow", () => {
  it("serves the guide's flow and shuts down cleanly", async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `sqlite://${db.path}`,
      WORKER_POLL_MS: "50",
    };
    const server = startCli(["serve"], env);
    try {
      const key = await waitFor(
        async () => /DEMO_API_KEY=(\S+)/.exec(server.output())?.[1],
        // Two enrichment threads load their data first: 15 s measured on a busy 2-core machine.
        60_000,
        "the demo key on first start",
      );
      const base = `http://127.0.0.1:${port}`;
      await waitFor(async () => ((await fetch(`${base}/health`)).ok ? true : undefined), 60_000, "/health");
      expect(server.output()).toContain(`curl -s -X POST ${base}/v1/demo/place_enrichment/batches`);
      const api = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${base}/v1/demo/place_enrichment${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, json: (await response.json()) as any };
      };

      const jobs = Array.from({ length: 30 }, (_, i) => ({
        place_id: `store_${String(i).padStart(3, "0")}`,
        inputs: {
          name: i === 0 ? "Starbucks" : `Downtown Store ${i}`,
          full_address: `${100 + i} Main St, New York, NY 10001`,
          latitude: 40.7128,
          longitude: -74.006,
          phone: "+1 212 555 0100",
        },
      }));
      const created = await api("POST", "/batches", {
        batch_name: "Q1 Store Locations",
        jobs,
        attributes: ["websites", "phoneNumbers", "categories"],
      });
      expect(created.status).toBe(200);
      const id = created.json.id as string;

      const final = await waitFor(
        async () => {
          const s = await api("GET", `/batches/${id}`);
          return s.json.status === "completed" || s.json.status === "failed" ? s.json : undefined;
        },
        30_000,
        "the batch to finish",
      );
      expect(final.status).toBe("completed");
      expect(final.jobs.completed).toHaveLength(30);

      const seen: string[] = [];
      for (let offset = 0; ; offset += 7) {
        const page = await api("GET", `/jobs?batchId=${id}&limit=7&offset=${offset}`);
        seen.push(...page.json.jobs.map((j: { place_id: string }) => j.place_id));
        for (const j of page.json.jobs) expect(j.outputs.phone).toBe("+12125550100");
        if (offset + page.json.jobs.length >= page.json.total) break;
      }
      expect(seen).toEqual(jobs.map((j) => j.place_id));

      const noFailed = await api("POST", `/batches/${id}/reprocess`, {});
      expect(noFailed.status).toBe(400);
      const all = await api("POST", `/batches/${id}/reprocess`, { failed_only: false, refresh: true });
      expect(all.json.job_count).toBe(30);
      await waitFor(
        async () => ((await api("GET", `/batches/${id}`)).json.status === "completed" ? true : undefined),
        30_000,
        "the reprocessed batch",
      );

      const list = await api("GET", "/batches?limit=5&query=q1");
      expect(list.json.total).toBe(1);
      expect(list.json.batches[0]).toMatchObject({
        id,
        batch_name: "Q1 Store Locations",
        status: "completed",
      });

      // The CLI works against the same database while the server runs.
      const org = await runCli(["orgs", "create", "second-org", "--json"], env);
      expect(org.code).toBe(0);
      const parsed = JSON.parse(org.stdout.trim().split("\n").pop()!);
      expect(parsed.org.slug).toBe("second-org");
      const other = await fetch(`${base}/v1/second-org/place_enrichment/batches/${id}`, {
        headers: { authorization: `Bearer ${parsed.api_key}` },
      });
      expect(other.status).toBe(404);

      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);

      // A second start does not print a new demo key.
      const again = startCli(["serve"], env);
      await waitFor(async () => ((await fetch(`${base}/health`)).ok ? true : undefined), 20_000, "restart");
      expect(again.output()).not.toContain("DEMO_API_KEY");
      again.child.kill("SIGTERM");
      expect(await again.exited).toBe(0);
    } finally {
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
    }
  }, 90_000);
});
