import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { PlaceEnrichmentClient } from "./client.js";
import { PlaceEnrichmentConnectionError } from "./errors.js";

describe("the client's fetch", () => {
  it("is called as a plain function, as a browser's fetch must be", async () => {
    // A browser's window.fetch called as a method of another object throws "Illegal invocation";
    // undici's does not care, so this stands in for the browser's rule.
    let calls = 0;
    const browserLikeFetch = function (this: unknown, input: string | URL | Request): Promise<Response> {
      if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
      calls++;
      expect(String(input)).toBe("http://127.0.0.1:9/v1/demo/place_enrichment/batches?limit=1&offset=0");
      return Promise.resolve(
        new Response(JSON.stringify({ batches: [], total: 0, limit: 1, offset: 0 }), {
          headers: { "content-type": "application/json" },
        }),
      );
    } as typeof fetch;
    const client = new PlaceEnrichmentClient({
      baseUrl: "http://127.0.0.1:9",
      org: "demo",
      apiKey: "pe_x",
      fetch: browserLikeFetch,
      retry: { maxAttempts: 1 },
    });
    expect((await client.getBatchesPage(0, 1)).total).toBe(0);
    expect(calls).toBe(1);
  });
});

describe("each attempt's time limit", () => {
  // A loopback server that stalls: no answer at all, or headers and then half a body.
  async function stallingServer(kind: "silent" | "half-body"): Promise<{ url: string; close: () => void }> {
    const sockets = new Set<import("node:net").Socket>();
    const server = createServer((_request, response) => {
      if (kind === "half-body") {
        response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        response.write('{"batches":');
      }
    });
    server.on("connection", (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => {
        for (const socket of sockets) socket.destroy();
        server.close();
      },
    };
  }

  const clientOf = (baseUrl: string, onRetry?: (info: { reason: string }) => void) =>
    new PlaceEnrichmentClient({
      baseUrl,
      org: "demo",
      apiKey: "pe_x",
      timeoutMs: 200,
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
      ...(onRetry ? { onRetry } : {}),
    });

  it("ends an attempt that gets no answer, retries, then fails with 'timed out'", async () => {
    const server = await stallingServer("silent");
    try {
      const reasons: string[] = [];
      const started = performance.now();
      const error = await clientOf(server.url, (info) => reasons.push(info.reason))
        .getBatchesPage(0, 1)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlaceEnrichmentConnectionError);
      expect((error as Error).message).toMatch(/timed out \(after 2 attempt/);
      expect(reasons).toEqual(["timed out"]);
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      server.close();
    }
  });

  it("ends an attempt whose answer stops halfway (the limit covers the body)", async () => {
    const server = await stallingServer("half-body");
    try {
      const error = await clientOf(server.url)
        .getBatchesPage(0, 1)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PlaceEnrichmentConnectionError);
      expect((error as Error).message).toMatch(/answer cut/);
    } finally {
      server.close();
    }
  });

  it("gives the caller's abort reason when the caller aborts first", async () => {
    const server = await stallingServer("silent");
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error("user left")), 50);
      const client = new PlaceEnrichmentClient({
        baseUrl: server.url,
        org: "demo",
        apiKey: "pe_x",
        timeoutMs: 10_000,
        retry: { maxAttempts: 1 },
      });
      await expect(client.getBatchesPage(0, 1, { signal: controller.signal })).rejects.toThrow("user left");
    } finally {
      server.close();
    }
  });
});
