import { describe, expect, it } from "vitest";
import { PlaceEnrichmentClient } from "./client.js";

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
