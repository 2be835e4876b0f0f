/**
 * The website pages an enrichment thread fetches reach the pool's observer by outcome (the metrics'
 * place_enrich_web_fetches_total), and from there the Prometheus text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServiceMetrics } from "../../src/metrics/service-metrics.js";
import { EnrichmentPool } from "../../src/worker/enrichment-pool.js";
import { testEnricherModule } from "../support/enrichment.js";
import { fixtureWebConfig } from "../support/web-fixture-config.js";
import { startWebFixtureServer, type WebFixtureServer } from "../support/web-fixture-server.js";

let server: WebFixtureServer;
let pool: EnrichmentPool;
const seen: Array<Record<string, number>> = [];
const metrics = new ServiceMetrics();

beforeAll(async () => {
  server = await startWebFixtureServer();
  pool = new EnrichmentPool({
    threads: 1,
    concurrencyPerThread: 1,
    warmUp: false,
    enricherModule: testEnricherModule("web-fixture.ts"),
    enricherOptions: {
      web: fixtureWebConfig(server.port),
    },
    onFetchOutcomes: (counts) => {
      seen.push({ ...counts });
      metrics.observeFetchOutcomes(counts);
    },
  });
  await pool.ready();
}, 120_000);
afterAll(async () => {
  await pool?.close();
  await server?.close();
});

async function enrich(name: string, website: string) {
  const [prepared] = await pool.prepare([
    { placeId: name, inputs: { name, city: "Portland", country_code: "US", website }, prefilled: null },
  ]);
  if (!prepared || prepared.error !== undefined) throw new Error(prepared?.error);
  return pool.enrich([{ place: prepared.place, attributes: ["websites"], cached: {}, now: Date.now() }]);
}

describe("fetch outcomes", () => {
  it("counts each page fetched by outcome, a page cache answer as cached, a missing page as http_error", async () => {
    const site = `http://www.marigoldtable.com:${server.port}/static/01-jsonld-restaurant-us.html`;
    await enrich("Marigold Table", site);
    expect(seen.at(-1)?.ok).toBeGreaterThanOrEqual(1);
    await enrich("Marigold Table", site);
    expect(seen.at(-1)?.cached).toBeGreaterThanOrEqual(1);
    await enrich("Nowhere Diner", `http://www.nowhere-diner.com:${server.port}/status/404`);
    expect(seen.at(-1)).toMatchObject({ http_error: 1 });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^place_enrich_web_fetches_total\{outcome="http_error"\} 1$/m);
    expect(text).toMatch(/^place_enrich_web_fetches_total\{outcome="ok"\} [1-9]/m);
  }, 60_000);
});
