/**
 * Batch webhooks against a real app (both stores) and a real receiver on loopback: validation of
 * webhook_url, the signed POST when a batch ends, retries and the attempts under ?include=metadata,
 * the SSRF rule, a new event after reprocessing. The delivery loop is driven round by round
 * (runOnce) on the test's manual clock.
 */
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWebhookDeliverer } from "../../src/composition.js";
import { type Config, loadConfig } from "../../src/config.js";
import type { Resolver } from "../../src/web/guard/resolver.js";
import { verifyWebhook } from "../../src/webhooks/webhook-signature.js";
import { testEnricherModule } from "../support/enrichment.js";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

const silent = pino({ level: "silent" });

describe.each(STORE_KINDS)("batch webhooks (%s)", (kind) => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });

  afterEach(async () => {
    await receiver.close();
    await t?.close();
  });

  /** The app, with website fetching's private-network setting as given (loopback is private). */
  async function start(
    allowPrivateNetwork: boolean,
    enricher?: string,
    resolver?: Resolver,
    logger: pino.Logger = silent,
  ) {
    const base = loadConfig({});
    t = await createTestApp({
      store: kind,
      ...(enricher ? { enricher: { enricherModule: testEnricherModule(enricher) } } : {}),
      config: {
        web: { ...base.web, allowPrivateNetwork, allowedPorts: [80, 443, receiver.port] },
        webhooks: { maxAttempts: 3, retryBaseMs: 1000, retryMaxMs: 4000, timeoutMs: 5000 },
      } satisfies Partial<Config>,
    });
    const { deliverer, sender } = createWebhookDeliverer({
      store: t.store,
      config: t.config,
      clock: t.clock,
      logger,
      random: () => 0.5,
      ...(resolver ? { resolver } : {}),
    });
    return { deliverer, close: () => sender.close() };
  }

  async function createBatch(body: Record<string, unknown>) {
    return t.call("POST", "/batches", {
      body: { batch_name: "Hooked", jobs: [place("p1"), place("p2")], ...body },
    });
  }

  async function secret(): Promise<string> {
    const org = (await t.store.getOrgBySlug("acme"))!;
    return (await t.store.ensureWebhookSecret(org.id, "unused-candidate"))!;
  }

  it("rejects a bad webhook_url with a 422 at the field, and stores nothing", async () => {
    await start(true);
    const cases: Array<[unknown, string]> = [
      ["not a url", "url_parsing"],
      ["ftp://hooks.example/in", "url_scheme"],
      ["https://user:secret@hooks.example/in", "url_credentials"],
      [`https://hooks.example/${"a".repeat(2048)}`, "string_too_long"],
      [42, "string_type"],
    ];
    for (const [url, type] of cases) {
      const res = await createBatch({ webhook_url: url });
      expect(res.status, String(url)).toBe(422);
      expect(res.json.detail).toHaveLength(1);
      expect(res.json.detail[0].loc).toEqual(["body", "webhook_url"]);
      if (type !== "string_type") expect(res.json.detail[0].type).toBe(type);
    }
    expect((await t.call("GET", "/batches")).json.total).toBe(0);
  });

  it("shows the webhook only under ?include=metadata; a batch without one has no webhook key", async () => {
    await start(true);
    const hooked = await createBatch({ webhook_url: receiver.url, batch_id: "hooked" });
    expect(hooked.status).toBe(200);
    expect(hooked.json.metadata).toBeNull();
    expect(Object.keys(hooked.json)).not.toContain("webhook_url");
    const plain = await createBatch({ batch_id: "plain" });
    const withMeta = await t.call("GET", "/batches/hooked?include=metadata");
    expect(withMeta.json.metadata.webhook).toEqual({
      url: receiver.url,
      state: "waiting",
      event_id: null,
      deliveries: [],
    });
    expect((await t.call("GET", "/batches/plain?include=metadata")).json.metadata).not.toHaveProperty(
      "webhook",
    );
    expect(plain.json.metadata).toBeNull();
    const list = await t.call("GET", "/batches?include=metadata");
    const byId = Object.fromEntries(list.json.batches.map((b: any) => [b.id, b.metadata]));
    expect(byId.hooked.webhook.state).toBe("waiting");
    expect(byId.plain).not.toHaveProperty("webhook");
  });

  it("POSTs one signed event when the batch ends, and nothing more", async () => {
    const { deliverer, close } = await start(true);
    try {
      await createBatch({ webhook_url: receiver.url, batch_id: "b1" });
      expect(await deliverer.runOnce()).toBe(0); // still running: nothing to send
      await t.drain();
      expect(await deliverer.runOnce()).toBe(1);
      expect(await deliverer.runOnce()).toBe(0);
      expect(receiver.received).toHaveLength(1);
      const [hit] = receiver.received;
      expect(hit!.method).toBe("POST");
      expect(hit!.path).toBe("/hooks/place-enrich");
      expect(hit!.headers["content-type"]).toBe("application/json");
      const timestamp = hit!.headers["x-placeenrich-timestamp"] as string;
      expect(Number(timestamp)).toBe(Math.floor(t.clock.now() / 1000));
      const signature = hit!.headers["x-placeenrich-signature"] as string;
      expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
      const check = {
        timestamp,
        signature,
        body: hit!.body,
        nowSeconds: Number(timestamp),
        toleranceSeconds: 300,
      };
      expect(verifyWebhook({ ...check, secret: await secret() })).toBe(true);
      // Another secret, a changed body or a stale timestamp does not verify.
      expect(verifyWebhook({ ...check, secret: "whsec_other" })).toBe(false);
      expect(verifyWebhook({ ...check, secret: await secret(), body: `${hit!.body} ` })).toBe(false);
      expect(verifyWebhook({ ...check, secret: await secret(), nowSeconds: Number(timestamp) + 301 })).toBe(
        false,
      );

      const payload = JSON.parse(hit!.body);
      expect(payload.event).toBe("batch.completed");
      expect(payload.event_id).toBe(hit!.headers["x-placeenrich-event-id"]);
      expect(payload.batch.id).toBe("b1");
      expect(payload.batch.status).toBe("completed");
      expect(payload.batch.jobs.completed).toEqual(["p1", "p2"]);
      expect(payload.batch.metadata.total_jobs).toBe(2);

      const view = (await t.call("GET", "/batches/b1?include=metadata")).json.metadata.webhook;
      expect(view).toMatchObject({ url: receiver.url, state: "delivered", event_id: payload.event_id });
      expect(view.deliveries).toEqual([
        {
          attempt: 1,
          at: new Date(t.clock.now()).toISOString(),
          status_code: 200,
          error: null,
          duration_ms: expect.any(Number),
        },
      ]);
    } finally {
      await close();
    }
  });

  it("sends batch.failed for a batch whose failed share passes the threshold", async () => {
    const { deliverer, close } = await start(true, "broken-source.ts");
    try {
      await t.call("POST", "/batches", {
        body: {
          batch_name: "Failing",
          batch_id: "bad",
          attributes: ["names"],
          webhook_url: receiver.url,
          jobs: [place("ok"), place("bad1", { name: "Broken one" }), place("bad2", { name: "Broken two" })],
        },
      });
      await t.pool.runOnce();
      expect(await deliverer.runOnce()).toBe(0); // retries pending: not terminal
      await t.drain({ skipBackoff: true });
      expect(await deliverer.runOnce()).toBe(1);
      const payload = JSON.parse(receiver.received[0]!.body);
      expect(payload.event).toBe("batch.failed");
      expect(payload.batch.status).toBe("failed");
      expect(payload.batch.jobs.failed).toEqual(["bad1", "bad2"]);
    } finally {
      await close();
    }
  });

  it("retries a receiver answering 500 twice, then 200: three attempts, visible under include=metadata", async () => {
    const { deliverer, close } = await start(true);
    try {
      receiver.answerWith(500, 500);
      await createBatch({ webhook_url: receiver.url, batch_id: "b1" });
      await t.drain();
      expect(await deliverer.runOnce()).toBe(1);
      // Back-off: attempt 1 waits base × random factor 0.75 = 750 ms; not due before.
      t.clock.advance(749);
      expect(await deliverer.runOnce()).toBe(0);
      t.clock.advance(1);
      expect(await deliverer.runOnce()).toBe(1);
      let view = (await t.call("GET", "/batches/b1?include=metadata")).json.metadata.webhook;
      expect(view.state).toBe("pending");
      // Attempt 2 waits 2 s × 0.75.
      t.clock.advance(1500);
      expect(await deliverer.runOnce()).toBe(1);
      view = (await t.call("GET", "/batches/b1?include=metadata")).json.metadata.webhook;
      expect(view.state).toBe("delivered");
      expect(view.deliveries.map((d: any) => [d.attempt, d.status_code])).toEqual([
        [1, 500],
        [2, 500],
        [3, 200],
      ]);
      expect(receiver.received).toHaveLength(3);
      // The same event each time (receivers dedupe on it); each attempt signed with its own timestamp.
      expect(new Set(receiver.received.map((r) => r.headers["x-placeenrich-event-id"])).size).toBe(1);
      for (const r of receiver.received) {
        const timestamp = r.headers["x-placeenrich-timestamp"] as string;
        expect(
          verifyWebhook({
            secret: await secret(),
            timestamp,
            signature: r.headers["x-placeenrich-signature"] as string,
            body: r.body,
            nowSeconds: Number(timestamp),
            toleranceSeconds: 300,
          }),
        ).toBe(true);
      }
    } finally {
      await close();
    }
  });

  it("gives up after WEBHOOK_MAX_ATTEMPTS: failed", async () => {
    const { deliverer, close } = await start(true);
    try {
      receiver.answerWith(503, 503, 503, 503);
      await createBatch({ webhook_url: receiver.url, batch_id: "b1" });
      await t.drain();
      for (let i = 0; i < 3; i++) {
        expect(await deliverer.runOnce()).toBe(1);
        t.clock.advance(4000);
      }
      expect(await deliverer.runOnce()).toBe(0);
      const view = (await t.call("GET", "/batches/b1?include=metadata")).json.metadata.webhook;
      expect(view.state).toBe("failed");
      expect(view.deliveries.map((d: any) => d.status_code)).toEqual([503, 503, 503]);
    } finally {
      await close();
    }
  });

  it("refuses a private address without WEB_ALLOW_PRIVATE_NETWORK, at delivery, with the reason", async () => {
    const { deliverer, close } = await start(false);
    try {
      // Accepted at creation: whether an address may be reached is decided when sending (DNS changes).
      expect((await createBatch({ webhook_url: receiver.url, batch_id: "b1" })).status).toBe(200);
      await t.drain();
      expect(await deliverer.runOnce()).toBe(1);
      expect(receiver.received).toHaveLength(0);
      const view = (await t.call("GET", "/batches/b1?include=metadata")).json.metadata.webhook;
      expect(view.state).toBe("failed");
      expect(view.deliveries).toHaveLength(1);
      expect(view.deliveries[0].status_code).toBeNull();
      expect(view.deliveries[0].error).toBe(
        "blocked_address: the receiver's address is not allowed (private or reserved network)",
      );
      // Final at once: retrying cannot help under this configuration.
      t.clock.advance(10_000);
      expect(await deliverer.runOnce()).toBe(0);
    } finally {
      await close();
    }
  });

  it("tells the client the kind of refusal, never what an internal name resolves to", async () => {
    // Any API key may set webhook_url: the stored error must not map internal names to addresses.
    const resolver: Resolver = async (name) => {
      if (name === "vm.corp.internal") return [{ address: "127.0.0.1", family: 4 }];
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
      throw error;
    };
    const lines: string[] = [];
    const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(line) });
    const { deliverer, close } = await start(false, undefined, resolver, logger);
    try {
      const cases = [
        ["internal", `http://vm.corp.internal:${receiver.port}/in`],
        ["unknown", `http://db-7.corp.internal:${receiver.port}/in`],
      ] as const;
      for (const [id, url] of cases) {
        expect((await createBatch({ webhook_url: url, batch_id: id })).status).toBe(200);
      }
      await t.drain();
      expect(await deliverer.runOnce()).toBe(2);
      const errors: Record<string, string> = {};
      for (const [id] of cases) {
        const view = (await t.call("GET", `/batches/${id}?include=metadata`)).json;
        errors[id] = view.metadata.webhook.deliveries[0].error;
        expect(JSON.stringify(view)).not.toMatch(/127\.0\.0\.1|ENOTFOUND|getaddrinfo|resolves/);
      }
      expect(errors).toEqual({
        internal: "blocked_address: the receiver's address is not allowed (private or reserved network)",
        unknown: "dns_failure: the name did not resolve",
      });
      expect(receiver.received).toHaveLength(0);
      // The full reasons are for the operator: in the server log, at debug level.
      const details = lines.map((l) => JSON.parse(l)).filter((l) => l.detail !== undefined);
      expect(details.map((l) => l.level)).toEqual([20, 20]);
      expect(details.map((l) => l.detail).join("\n")).toMatch(
        /127\.0\.0\.1[\s\S]*ENOTFOUND|ENOTFOUND[\s\S]*127\.0\.0\.1/,
      );
    } finally {
      await close();
    }
  });

  it("a reprocessed batch that ends again is a new event; an append may replace the URL", async () => {
    const { deliverer, close } = await start(true);
    try {
      await createBatch({ webhook_url: receiver.url, batch_id: "b1" });
      await t.drain();
      await deliverer.runOnce();
      const first = receiver.received[0]!.headers["x-placeenrich-event-id"];
      const reprocess = await t.call("POST", "/batches/b1/reprocess", { body: { failed_only: false } });
      expect(reprocess.status).toBe(200);
      expect((await t.call("GET", "/batches/b1?include=metadata")).json.metadata.webhook.state).toBe(
        "waiting",
      );
      // An append with another URL: the next event goes there.
      const other = `${receiver.url}/v2`;
      await createBatch({ webhook_url: other, batch_id: "b1", jobs: [place("p3")] });
      await t.drain();
      expect(await deliverer.runOnce()).toBe(1);
      expect(receiver.received).toHaveLength(2);
      const second = receiver.received[1]!;
      expect(second.path).toBe("/hooks/place-enrich/v2");
      expect(second.headers["x-placeenrich-event-id"]).not.toBe(first);
      expect(JSON.parse(second.body).batch.jobs.completed).toEqual(["p1", "p2", "p3"]);
    } finally {
      await close();
    }
  });
});
