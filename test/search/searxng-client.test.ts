/**
 * The SearXNG provider and the search client against the SearXNG fixture server (real HTTP on
 * loopback): typed failures for each way an instance refuses, the auth header, the rate limit,
 * the result cache and the pause after a refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type SearchConfig } from "../../src/config.js";
import { createSearchClient } from "../../src/search/create-search-client.js";
import type { SearchClient } from "../../src/search/search-client.js";
import { SearchError } from "../../src/search/search-error.js";
import { ManualClock } from "../support/manual-clock.js";
import { type SearxngFixtureServer, startSearxngFixtureServer } from "../support/searxng-fixture-server.js";

let searx: SearxngFixtureServer;
const clients: SearchClient[] = [];

function client(overrides: Partial<SearchConfig> = {}, clock = new ManualClock()): SearchClient {
  const config = {
    ...loadConfig({ WEB_FETCHING: "on", SEARCH_URL: searx.url }).search,
    ratePerSecond: 1000,
    ...overrides,
  };
  const c = createSearchClient(config, { userAgent: "place-enrichment/test", clock })!;
  clients.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<SearchError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof SearchError) return error;
    throw error;
  }
  throw new Error("did not fail");
}

beforeAll(async () => {
  searx = await startSearxngFixtureServer();
  searx.setResults("Marigold Table Portland", [
    { url: "https://www.marigoldtable.com/", title: "Marigold Table", content: "Portland", engine: "google" },
    { url: "https://www.yelp.com/biz/marigold-table", title: "Marigold Table - Yelp" },
  ]);
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await searx.close();
});

describe("SearXNG provider", () => {
  it("asks /search with format=json and reads the results in order", async () => {
    const answer = await client().search("Marigold Table Portland");
    expect(answer.fromCache).toBe(false);
    expect(answer.results).toEqual([
      {
        url: "https://www.marigoldtable.com/",
        title: "Marigold Table",
        content: "Portland",
        engine: "google",
        score: 1,
      },
      {
        url: "https://www.yelp.com/biz/marigold-table",
        title: "Marigold Table - Yelp",
        content: "",
        engine: "duckduckgo",
        score: 0.5,
      },
    ]);
    const last = searx.requests.at(-1)!;
    expect(last).toMatchObject({ path: "/search", query: "Marigold Table Portland", format: "json" });
    expect(last.headers["user-agent"]).toBe("place-enrichment/test");
  });

  it("answers nothing found as an empty list", async () => {
    expect((await client().search("nothing at all")).results).toEqual([]);
  });

  it("reports a format not enabled (403) as a configuration error, not an empty result", async () => {
    searx.jsonEnabled = false;
    try {
      const e = await failure(client().search("Marigold Table Portland", { refresh: true }));
      expect(e).toMatchObject({ code: "search_configuration", transient: false, details: { status: 403 } });
      expect(e.message).toContain("search.formats");
    } finally {
      searx.jsonEnabled = true;
    }
  });

  it("reports 429 as rate limited with its Retry-After, a broken body and dead engines as typed failures", async () => {
    searx.rateLimit(1, "7");
    const limited = await failure(client().search("q1"));
    expect(limited).toMatchObject({
      code: "search_rate_limited",
      transient: true,
      details: { retryAfterMs: 7000 },
    });
    searx.malformed(1);
    expect((await failure(client().search("q2"))).code).toBe("search_bad_response");
    searx.unresponsive = true;
    try {
      expect((await failure(client().search("Marigold Table Portland", { refresh: true }))).code).toBe(
        "search_rate_limited",
      );
    } finally {
      searx.unresponsive = false;
    }
  });

  it("sends SEARCH_AUTH_HEADER; without it an authenticating proxy's 401 is a configuration error", async () => {
    searx.requiredHeader = { name: "Authorization", value: "Bearer s3cret" };
    try {
      expect((await failure(client().search("q3"))).code).toBe("search_configuration");
      const ok = client({ authHeader: { name: "Authorization", value: "Bearer s3cret" } });
      expect((await ok.search("Marigold Table Portland")).results).toHaveLength(2);
    } finally {
      searx.requiredHeader = null;
    }
  });

  it("reports an endpoint that does not answer as unavailable", async () => {
    const closed = await startSearxngFixtureServer();
    const url = closed.url;
    await closed.close();
    const e = await failure(client({ url }).search("q4"));
    expect(e.code).toBe("search_unavailable");
    expect(e.message).toContain("ECONNREFUSED");
  });
});

describe("search client", () => {
  it("caches a query's results for the TTL; refresh asks again", async () => {
    const clock = new ManualClock();
    const c = client({ cacheTtlMs: 60_000 }, clock);
    const before = searx.searches("Marigold Table Portland");
    await c.search("Marigold Table Portland");
    expect((await c.search("marigold  table portland")).fromCache).toBe(true);
    expect(searx.searches("Marigold Table Portland")).toBe(before + 1);
    await c.search("Marigold Table Portland", { refresh: true });
    expect(searx.searches("Marigold Table Portland")).toBe(before + 2);
    clock.advance(61_000);
    expect(c.cached("Marigold Table Portland")).toBeNull();
    expect((await c.search("Marigold Table Portland")).fromCache).toBe(false);
  });

  it("pauses after a 429 for its Retry-After instead of asking again", async () => {
    const clock = new ManualClock();
    const c = client({}, clock);
    searx.rateLimit(1, "5");
    await failure(c.search("p1"));
    const asked = searx.requests.length;
    expect((await failure(c.search("p2"))).code).toBe("search_rate_limited");
    expect(searx.requests.length).toBe(asked);
    clock.advance(5_001);
    await c.search("p3");
    expect(searx.requests.length).toBe(asked + 1);
  });

  it("starts at most SEARCH_RATE_PER_SECOND searches a second", async () => {
    const c = client({ ratePerSecond: 4, concurrency: 4, cacheTtlMs: 0 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 9 }, (_, i) => c.search(`rate ${i}`)));
    // One every 250 ms: the 9th starts 2 s after the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900);
  });
});
