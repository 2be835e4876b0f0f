/**
 * Enrichment threads for tests: one pool per test file and enricher module, created on first use and
 * closed after the file. One thread, datasets loaded on first use: tests that never enrich pay nothing.
 */
import { afterAll } from "vitest";
import { EnrichmentPool } from "../../src/worker/enrichment-pool.js";

export interface TestEnricher {
  /** URL of a module exporting `createEnricher(options)` (test/support/enrichers/); default: the standard one. */
  enricherModule?: string;
  enricherOptions?: unknown;
}

const pools = new Map<string, EnrichmentPool>();

export function testEnrichmentPool(enricher: TestEnricher = {}): EnrichmentPool {
  const key = JSON.stringify([enricher.enricherModule ?? "", enricher.enricherOptions ?? null]);
  let pool = pools.get(key);
  if (!pool) {
    pool = new EnrichmentPool({ threads: 1, concurrencyPerThread: 2, warmUp: false, ...enricher });
    pools.set(key, pool);
  }
  return pool;
}

/** A module of test/support/enrichers/ by file name, as the URL a pool loads. */
export function testEnricherModule(file: string): string {
  return new URL(`./enrichers/${file}`, import.meta.url).href;
}

afterAll(async () => {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.close()));
});
