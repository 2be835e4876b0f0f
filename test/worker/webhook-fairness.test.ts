/**
 * The webhook delivery loop shares its sending slots fairly (docs/webhooks.md): one org whose
 * receivers never answer holds at most its per-org share of slots, each for the timeout, and
 * another org's event goes out at once — found by a break-it trial where 24 hanging receivers of
 * one org delayed another org's immediate receiver by ~34 s (rounds of 8 awaited together).
 * Real app, real store (both kinds), real loopback receivers, the real loop (start/stop).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createWebhookDeliverer } from "../../src/composition.js";
import { type Config, loadConfig } from "../../src/config.js";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const TIMEOUT_MS = 1500;
/** Well under one timeout: the old loop made the other org wait three timeouts (4.5 s) here. */
const BOUND_MS = 1000;

/** A receiver that reads each request and never answers; counts how many are open at once. */
async function startHangingReceiver() {
  let open = 0;
  let maxOpen = 0;
  let total = 0;
  const server: Server = createServer((req) => {
    open++;
    total++;
    maxOpen = Math.max(maxOpen, open);
    req.resume();
    req.on("close", () => open--);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/slow`,
    port,
    stats: () => ({ open, maxOpen, total }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function within(ms: number, done: () => boolean): Promise<number> {
  const started = performance.now();
  while (!done()) {
    if (performance.now() - started > ms) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - started;
}

describe.each(STORE_KINDS)("webhook delivery fairness (%s)", (kind) => {
  let t: TestApp | undefined;
  let fast: WebhookReceiver | undefined;
  let slow: Awaited<ReturnType<typeof startHangingReceiver>> | undefined;

  afterEach(async () => {
    await fast?.close();
    await slow?.close();
    await t?.close();
  });

  it("one org's hanging receivers do not delay another org's delivery", async () => {
    fast = await startWebhookReceiver();
    slow = await startHangingReceiver();
    const base = loadConfig({});
    t = await createTestApp({
      store: kind,
      config: {
        web: { ...base.web, allowPrivateNetwork: true, allowedPorts: [fast.port, slow.port] },
        webhooks: { maxAttempts: 3, retryBaseMs: 1000, retryMaxMs: 4000, timeoutMs: TIMEOUT_MS },
      } satisfies Partial<Config>,
    });
    const app = t;
    // 24 events of org globex, all due before acme's.
    for (let i = 0; i < 24; i++) {
      const res = await app.call("POST", "/batches", {
        org: "globex",
        key: app.globex.key,
        body: { batch_name: "Hooked", batch_id: `evil-${i}`, jobs: [place(`e${i}`)], webhook_url: slow.url },
      });
      expect(res.status).toBe(200);
    }
    await app.drain();
    app.clock.advance(1);
    await app.call("POST", "/batches", {
      body: { batch_name: "Hooked", batch_id: "demo-1", jobs: [place("d1")], webhook_url: fast.url },
    });
    await app.drain();

    const { deliverer, sender } = createWebhookDeliverer({
      store: app.store,
      config: app.config,
      clock: app.clock,
      logger: pino({ level: "silent" }),
      random: () => 0.5,
    });
    const receiver = fast;
    try {
      deliverer.start();
      const first = await within(4 * TIMEOUT_MS, () => receiver.received.length === 1);
      expect(receiver.received).toHaveLength(1);
      expect(first).toBeLessThan(BOUND_MS);

      // While globex's receivers still hang, a new acme event goes out at once too.
      await within(2 * TIMEOUT_MS, () => slow!.stats().total > 2); // the first two timed out
      await app.call("POST", "/batches", {
        body: { batch_name: "Hooked", batch_id: "demo-2", jobs: [place("d2")], webhook_url: receiver.url },
      });
      await app.drain();
      deliverer.notify();
      const second = await within(4 * TIMEOUT_MS, () => receiver.received.length === 2);
      expect(receiver.received).toHaveLength(2);
      expect(second).toBeLessThan(BOUND_MS);
      // globex never held more than its share of the slots.
      expect(slow.stats().maxOpen).toBeLessThanOrEqual(2);
      expect(slow.stats().total).toBeGreaterThan(2); // its slots were reused after each timeout
    } finally {
      await deliverer.stop();
      await sender.close();
    }
    const view = (await app.call("GET", "/batches/demo-1?include=metadata")).json.metadata.webhook;
    expect(view.state).toBe("delivered");
    const evil = (
      await app.call("GET", "/batches/evil-0?include=metadata", { org: "globex", key: app.globex.key })
    ).json.metadata.webhook;
    expect(evil.deliveries[0].error).toMatch(/^timeout: /);
  }, 30_000);
});
