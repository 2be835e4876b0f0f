/**
 * Operators' view of real processes on one SQLite file: an API process without workers and a worker
 * process with METRICS_PORT. Prometheus text from both, X-Request-Id in and out, /ready of the worker.
 */
import { afterAll, describe, expect, it } from "vitest";
import { type CliProcess, freePort, runCli, startCli, waitFor, waitForHealth } from "../support/processes.js";
import { tempDatabasePath } from "../support/temp-db.js";

const db = tempDatabasePath();
const processes: CliProcess[] = [];
afterAll(async () => {
  for (const p of processes) p.child.kill("SIGKILL");
  db.cleanup();
});

/** The value of a sample line `name{labels} value` of a Prometheus text (undefined when absent). */
function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("metrics and request ids (API process + worker process)", () => {
  it("counts requests by route template, the queue, the workers' outcomes and the sources' times", async () => {
    const env = { HOST: "127.0.0.1", DATABASE_URL: `sqlite://${db.path}`, WORKER_POLL_MS: "50" };
    const created = await runCli(["orgs", "create", "acme", "--json"], env);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout.trim().split("\n").pop()!).api_key as string;

    const apiPort = await freePort();
    const api = startCli(["serve", "--no-workers"], {
      ...env,
      PORT: String(apiPort),
      METRICS_TOKEN: "s3cret",
    });
    processes.push(api);
    const base = `http://127.0.0.1:${apiPort}`;
    await waitForHealth(api, base, 90_000);

    // X-Request-Id: a sane one is kept, anything else replaced by a UUID; on errors too.
    const given = await fetch(`${base}/v1/acme/place_enrichment/batches`, {
      headers: { authorization: `Bearer ${key}`, "x-request-id": "trace-42.a:b" },
    });
    expect(given.headers.get("x-request-id")).toBe("trace-42.a:b");
    const forged = await fetch(`${base}/v1/acme/place_enrichment/batches`, {
      headers: { "x-request-id": "x".repeat(200) },
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    // A batch waits in the queue: no worker runs yet.
    const jobs = ["a", "b", "c"].map((id, i) => ({
      place_id: id,
      inputs: { name: `Corner Bakery ${i}`, full_address: `${10 + i} Main St, Springfield, IL 62701` },
    }));
    const post = await fetch(`${base}/v1/acme/place_enrichment/batches`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ batch_name: "m", jobs, attributes: ["names", "address"] }),
    });
    expect(post.status).toBe(200);
    const batchId = ((await post.json()) as { id: string }).id;

    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const scrape = async (url: string, token: string | null = "s3cret") => {
      const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      return response.text();
    };
    const before = await scrape(`${base}/metrics`);
    expect(sample(before, "place_enrich_jobs_queued")).toBe(3);
    expect(sample(before, "place_enrich_jobs_in_progress")).toBe(0);
    expect(sample(before, "place_enrich_queue_head_wait_seconds")).toBeGreaterThanOrEqual(0);
    // Route templates, never the org slug or the batch id.
    expect(
      sample(
        before,
        "place_enrich_http_requests_total",
        '{method="POST",route="/v1/:org_slug/place_enrichment/batches",status="200"}',
      ),
    ).toBe(1);
    expect(before).not.toContain(batchId);
    expect(before).toContain("place_enrich_process_cpu_seconds_total");
    expect(before).toContain("place_enrich_nodejs_eventloop_lag_p99_seconds");

    // A worker process: its own /metrics, /health and /ready on METRICS_PORT.
    const metricsPort = await freePort();
    const worker = startCli(["worker"], { ...env, METRICS_PORT: String(metricsPort) });
    processes.push(worker);
    const workerBase = `http://127.0.0.1:${metricsPort}`;
    await waitForHealth(worker, workerBase, 90_000);
    expect(await (await fetch(`${workerBase}/ready`)).json()).toEqual({ status: "ready" });
    await waitFor(
      async () => {
        const r = await fetch(`${base}/v1/acme/place_enrichment/batches/${batchId}`, {
          headers: { authorization: `Bearer ${key}` },
        });
        return ((await r.json()) as { status: string }).status === "completed" ? true : undefined;
      },
      60_000,
      "the batch to complete",
    );
    const fromWorker = await scrape(`${workerBase}/metrics`, null);
    expect(sample(fromWorker, "place_enrich_jobs_processed_total", '{outcome="completed"}')).toBe(3);
    expect(sample(fromWorker, "place_enrich_jobs_processed_total", '{outcome="failed"}')).toBe(0);
    expect(
      sample(fromWorker, "place_enrich_enrichment_source_duration_seconds_count", '{source="inputs"}'),
    ).toBe(3);
    expect(sample(fromWorker, "place_enrich_jobs_queued")).toBe(0);
    expect((await fetch(`${workerBase}/nope`)).status).toBe(404);

    // Stopping: the worker exits cleanly.
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 240_000);
});
