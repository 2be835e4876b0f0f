/**
 * Batch webhooks across real processes on one PostgreSQL: an API process without workers and two
 * worker processes; a receiver on loopback (WEB_ALLOW_PRIVATE_NETWORK on, as loopback is private)
 * checks the signature with the secret the CLI prints. Exactly one POST reaches it, though two
 * processes run the delivery loop.
 */
import { afterAll, describe, expect, it } from "vitest";
import { verifyWebhook } from "../../src/webhooks/webhook-signature.js";
import { createTestSchema, type TestSchema } from "../support/postgres.js";
import { type CliProcess, freePort, runCli, startCli, waitFor, waitForHealth } from "../support/processes.js";
import { tempDatabasePath } from "../support/temp-db.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const processes: CliProcess[] = [];
let schema: TestSchema | null = null;
let receiver: WebhookReceiver | null = null;
const sqlite = tempDatabasePath();
afterAll(async () => {
  for (const p of processes) p.child.kill("SIGKILL");
  await Promise.all(processes.map((p) => p.exited));
  await receiver?.close();
  await schema?.drop();
  sqlite.cleanup();
});

describe("webhooks end to end (API process + two worker processes, PostgreSQL)", () => {
  it("delivers one signed event per terminal batch, verifiable with the CLI's secret", async () => {
    schema = await createTestSchema();
    receiver = await startWebhookReceiver();
    const env = {
      HOST: "127.0.0.1",
      DATABASE_URL: schema.url,
      WORKER_POLL_MS: "50",
      WORKER_THREADS: "1",
      REFERENCE_DEFAULT: "none",
      METRICS: "off",
      WEB_ALLOW_PRIVATE_NETWORK: "true",
      WEB_ALLOWED_PORTS: `80,443,${receiver.port}`,
    };
    const created = await runCli(["orgs", "create", "acme", "--json"], env);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout.trim().split("\n").pop()!).api_key as string;
    const shown = await runCli(["orgs", "webhook-secret", "acme", "--json"], env);
    expect(shown.code).toBe(0);
    const secret = JSON.parse(shown.stdout.trim().split("\n").pop()!).webhook_secret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    // Shown again: the same secret (it is stored, not regenerated).
    expect((await runCli(["orgs", "webhook-secret", "acme"], env)).stdout.trim().split("\n").pop()).toBe(
      secret,
    );

    const apiPort = await freePort();
    const api = startCli(["serve", "--no-workers"], { ...env, PORT: String(apiPort) });
    processes.push(api);
    const base = `http://127.0.0.1:${apiPort}`;
    await waitForHealth(api, base, 90_000);
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}/v1/acme/place_enrichment${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as any };
    };
    const jobs = ["a", "b", "c"].map((id, i) => ({
      place_id: id,
      inputs: { name: `Corner Bakery ${i}`, full_address: `${10 + i} Main St, Springfield, IL 62701` },
    }));
    const bad = await call("POST", "/batches", {
      batch_name: "w",
      jobs,
      webhook_url: "http://u:p@example.com/",
    });
    expect(bad.status).toBe(422);
    expect(bad.json.detail[0].loc).toEqual(["body", "webhook_url"]);
    const post = await call("POST", "/batches", {
      batch_name: "w",
      jobs,
      attributes: ["names", "address"],
      webhook_url: receiver.url,
    });
    expect(post.status).toBe(200);
    const batchId = post.json.id as string;

    for (let i = 0; i < 2; i++) {
      const worker = startCli(["worker"], env);
      processes.push(worker);
    }
    const hit = await waitFor(async () => receiver!.received[0], 120_000, "the webhook POST");
    // Both workers poll every second: a second POST would have come by now.
    await new Promise((r) => setTimeout(r, 3000));
    expect(receiver.received).toHaveLength(1);
    const timestamp = hit.headers["x-placeenrich-timestamp"] as string;
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
    expect(
      verifyWebhook({
        secret,
        timestamp,
        signature: hit.headers["x-placeenrich-signature"] as string,
        body: hit.body,
        nowSeconds: Math.floor(Date.now() / 1000),
        toleranceSeconds: 300,
      }),
    ).toBe(true);
    const payload = JSON.parse(hit.body);
    expect(payload).toMatchObject({ event: "batch.completed", batch: { id: batchId, status: "completed" } });
    expect(payload.batch.jobs.completed).toEqual(["a", "b", "c"]);

    const view = await waitFor(
      async () => {
        const s = await call("GET", `/batches/${batchId}?include=metadata`);
        return s.json.metadata.webhook.state === "delivered" ? s.json.metadata.webhook : undefined;
      },
      10_000,
      "the delivery recorded",
    );
    expect(view.event_id).toBe(payload.event_id);
    expect(view.deliveries).toHaveLength(1);
    expect(view.deliveries[0].status_code).toBe(200);
    // The secret is never logged.
    for (const p of processes) expect(p.output()).not.toContain(secret);
  }, 240_000);

  it("npm start's single process (SQLite in threads, in-process workers) delivers too", async () => {
    const hooks = await startWebhookReceiver();
    try {
      const port = await freePort();
      const server = startCli(["serve"], {
        HOST: "127.0.0.1",
        PORT: String(port),
        DATABASE_URL: `sqlite://${sqlite.path}`,
        WORKER_POLL_MS: "50",
        WORKER_THREADS: "1",
        REFERENCE_DEFAULT: "none",
        WEB_ALLOW_PRIVATE_NETWORK: "true",
        WEB_ALLOWED_PORTS: `80,443,${hooks.port}`,
      });
      processes.push(server);
      const key = await waitFor(
        async () => /DEMO_API_KEY=(\S+)/.exec(server.output())?.[1],
        90_000,
        "the demo key",
      );
      const base = `http://127.0.0.1:${port}`;
      await waitForHealth(server, base, 90_000);
      const response = await fetch(`${base}/v1/demo/place_enrichment/batches`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({
          batch_name: "s",
          jobs: [
            { place_id: "x", inputs: { name: "Corner Bakery", full_address: "1 Main St, Springfield, IL" } },
          ],
          attributes: ["names"],
          webhook_url: hooks.url,
        }),
      });
      expect(response.status).toBe(200);
      const hit = await waitFor(async () => hooks.received[0], 60_000, "the webhook POST");
      const secret = (
        await runCli(["orgs", "webhook-secret", "demo"], { DATABASE_URL: `sqlite://${sqlite.path}` })
      ).stdout
        .trim()
        .split("\n")
        .pop()!;
      const timestamp = hit.headers["x-placeenrich-timestamp"] as string;
      expect(
        verifyWebhook({
          secret,
          timestamp,
          signature: hit.headers["x-placeenrich-signature"] as string,
          body: hit.body,
          nowSeconds: Math.floor(Date.now() / 1000),
          toleranceSeconds: 300,
        }),
      ).toBe(true);
      expect(JSON.parse(hit.body).batch.jobs.completed).toEqual(["x"]);
    } finally {
      await hooks.close();
    }
  }, 240_000);
});
