/**
 * The webhook sender against real servers on loopback: bounded (timeout, answer size), no redirect
 * followed, and the website fetcher's SSRF rules (address, port) with the same settings.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Resolver } from "../../src/web/guard/resolver.js";
import { WebhookSender } from "../../src/webhooks/webhook-sender.js";

const servers: Server[] = [];
const senders: WebhookSender[] = [];
afterEach(async () => {
  for (const s of senders.splice(0)) await s.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** Every `*.test` name → 127.0.0.1. */
const loopbackResolver: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];

async function serve(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

function sender(
  port: number,
  options: { allowPrivateNetwork?: boolean; timeoutMs?: number; ports?: number[] } = {},
) {
  const s = new WebhookSender({
    allowPrivateNetwork: options.allowPrivateNetwork ?? true,
    allowedPorts: options.ports ?? [port],
    timeoutMs: options.timeoutMs ?? 2000,
    resolver: loopbackResolver,
    userAgent: "place-enrichment-test/1",
  });
  senders.push(s);
  return s;
}

describe("WebhookSender", () => {
  it("POSTs the body with the given headers and reports the status", async () => {
    let got: { method?: string; body: string; headers: Record<string, unknown> } | null = null;
    const port = await serve((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        got = { method: req.method, body, headers: req.headers };
        res.writeHead(204).end();
      });
    });
    const out = await sender(port).post(`http://hooks.test:${port}/in`, '{"a":1}', {
      "x-placeenrich-event-id": "e1",
    });
    expect(out).toMatchObject({ statusCode: 204, error: null, final: false });
    expect(got).toMatchObject({
      method: "POST",
      body: '{"a":1}',
      headers: {
        "content-type": "application/json",
        "x-placeenrich-event-id": "e1",
        host: `hooks.test:${port}`,
      },
    });
  });

  it("does not follow a redirect: the 3xx is the outcome", async () => {
    let followed = 0;
    const port = await serve((req, res) => {
      if (req.url === "/elsewhere") followed++;
      res.writeHead(307, { location: "/elsewhere" }).end();
    });
    const out = await sender(port).post(`http://hooks.test:${port}/in`, "{}", {});
    expect(out.statusCode).toBe(307);
    expect(followed).toBe(0);
  });

  it("gives up at the timeout when the receiver does not answer", async () => {
    const port = await serve(() => {
      // never answers
    });
    const started = Date.now();
    const out = await sender(port, { timeoutMs: 1000 }).post(`http://hooks.test:${port}/in`, "{}", {});
    const took = Date.now() - started;
    expect(out.statusCode).toBeNull();
    expect(out.error).toBe("timeout: no complete answer in time");
    expect(out.detail).toBe("no complete answer within 1 s");
    expect(out.final).toBe(false);
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(3000);
  });

  it("reads at most 64 KiB of an endless answer, then drops it", async () => {
    const port = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(16 * 1024, 97);
      const timer = setInterval(() => res.write(chunk), 1);
      res.on("close", () => clearInterval(timer));
    });
    const out = await sender(port, { timeoutMs: 5000 }).post(`http://hooks.test:${port}/in`, "{}", {});
    expect(out.statusCode).toBe(200);
    expect(out.durationMs).toBeLessThan(4000);
  });

  it("refuses a private address without the setting, and a port not allowed, before connecting", async () => {
    let hits = 0;
    const port = await serve((_req, res) => {
      hits++;
      res.end();
    });
    const privateOut = await sender(port, { allowPrivateNetwork: false }).post(
      `http://hooks.test:${port}/in`,
      "{}",
      {},
    );
    expect(privateOut).toMatchObject({ statusCode: null, final: true });
    // The stored error is client-visible: the kind of refusal only; what the name resolved to is
    // in `detail`, for the server log.
    expect(privateOut.error).toBe(
      "blocked_address: the receiver's address is not allowed (private or reserved network)",
    );
    expect(privateOut.detail).toMatch(/127\.0\.0\.1/);
    const literal = await sender(port, { allowPrivateNetwork: false }).post(
      `http://[::1]:${port}/in`,
      "{}",
      {},
    );
    expect(literal.error).toMatch(/^blocked_address: /);
    const portOut = await sender(port, { ports: [80, 443] }).post(`http://hooks.test:${port}/in`, "{}", {});
    expect(portOut.error).toBe("blocked_port: the receiver's port is not allowed");
    expect(hits).toBe(0);
  });

  it("says a name did not resolve or a connection failed without the system's error text", async () => {
    const unknown: Resolver = async (name) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
    };
    const s = new WebhookSender({
      allowPrivateNetwork: true,
      allowedPorts: [80],
      timeoutMs: 2000,
      resolver: unknown,
      userAgent: "place-enrichment-test/1",
    });
    senders.push(s);
    const dns = await s.post("http://db-7.corp.internal/in", "{}", {});
    expect(dns).toMatchObject({
      statusCode: null,
      error: "dns_failure: the name did not resolve",
      final: false,
    });
    expect(dns.detail).toMatch(/db-7\.corp\.internal.*ENOTFOUND/);
    // A port nothing listens on: refused.
    const closed = await serve(() => {});
    const server = servers.pop()!;
    await new Promise((r) => server.close(r));
    const refused = await sender(closed).post(`http://hooks.test:${closed}/in`, "{}", {});
    expect(refused).toMatchObject({ statusCode: null, error: "connection_error: the connection failed" });
    expect(refused.detail).toMatch(/ECONNREFUSED/);
  });
});
