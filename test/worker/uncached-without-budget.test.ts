/**
 * What a job computed while a limited service was out of its reach (its search budget spent) is
 * returned but not offered to the cache: the next run must look again, not reuse "no website".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { EnrichmentPool } from "../../src/worker/enrichment-pool.js";
import { testEnricherModule } from "../support/enrichment.js";
import { type SearxngFixtureServer, startSearxngFixtureServer } from "../support/searxng-fixture-server.js";
import { fixtureWebConfig } from "../support/web-fixture-config.js";
import { startWebFixtureServer, type WebFixtureServer } from "../support/web-fixture-server.js";

let web: WebFixtureServer;
let searx: SearxngFixtureServer;
let pool: EnrichmentPool;

beforeAll(async () => {
  web = await startWebFixtureServer();
  searx = await startSearxngFixtureServer();
  pool = new EnrichmentPool({
    threads: 1,
    concurrencyPerThread: 1,
    warmUp: false,
    enricherModule: testEnricherModule("web-fixture.ts"),
    enricherOptions: {
      web: fixtureWebConfig(web.port),
      search: { ...loadConfig({ WEB_FETCHING: "on", SEARCH_URL: searx.url }).search, ratePerSecond: 100 },
    },
  });
  await pool.ready();
}, 120_000);
afterAll(async () => {
  await pool?.close();
  await searx?.close();
  await web?.close();
});

async function enrich(allowance: { searches: number }, cacheResults = true) {
  const [prepared] = await pool.prepare([
    {
      placeId: "p",
      inputs: { name: "Marigold Table", city: "Portland", country_code: "US" },
      prefilled: null,
    },
  ]);
  if (!prepared || prepared.error !== undefined) throw new Error(prepared?.error);
  const [outcome] = await pool.enrich([
    {
      place: prepared.place,
      attributes: ["websites", "closed_permanently", "categories"],
      cached: {},
      now: Date.now(),
      refresh: true,
      cacheResults,
      allowance,
    },
  ]);
  if (outcome?.kind !== "completed") throw new Error(JSON.stringify(outcome));
  return outcome;
}

describe("results computed without a limited service", () => {
  it("are not cached when the job's search budget is spent; they are when the search ran", async () => {
    searx.setResults("Marigold Table Portland", [
      {
        url: `http://www.marigoldtable.com:${web.port}/static/01-jsonld-restaurant-us.html`,
        title: "Home | Marigold Table",
        content: "Seasonal cooking on SE Division St, Portland.",
      },
    ]);
    const broke = await enrich({ searches: 0 });
    const reasoning = broke.assembled.result!.reasoning as Record<string, string | null>;
    expect(reasoning.website).toContain("search budget is spent");
    expect(reasoning.open_closed_status ?? "").not.toContain("No Internet Presence");
    expect(broke.fresh.map((f) => f.attribute).sort()).toEqual(["categories"]);
    const paid = await enrich({ searches: 2 });
    expect(paid.fresh.map((f) => f.attribute).sort()).toEqual([
      "categories",
      "closed_permanently",
      "websites",
    ]);
    // Each as the JSON text the cache stores; none when the results are not to be cached.
    for (const { json } of paid.fresh) expect(JSON.parse(json)).toHaveProperty("status");
    expect((await enrich({ searches: 2 }, false)).fresh).toEqual([]);
  }, 60_000);
});
