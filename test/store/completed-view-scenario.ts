/**
 * The scenario of both stores' "completed jobs are stored as their views" tests: two jobs asking for an
 * attribute we enrich, an attribute-level confidence key (chain) and a public attribute this deployment
 * cannot enrich (menu), claimed and completed; what the view of the first must hold; and the result a
 * row completed before the views' migration holds instead.
 */
import { expect } from "vitest";
import type { BatchRecord, Store } from "../../src/store/port.js";

/** The result the worker computed for place `placeId` (also what an older row stores as `result`). */
export function scenarioResult(placeId: string) {
  return {
    country_code: "FR",
    inputs: { name: `Café ${placeId}` },
    outputs: { website: `https://${placeId}.example`, chain_name: null, chain_wikidata: null },
    reasoning: { website: `found ${placeId}`, chain_name: null, chain_wikidata: null },
    confidence_scores: { website: "HIGH", chain_name: "NONE", chain_wikidata: "NONE" },
    enrichment_metadata: { websites: { cached: false } },
    last_enriched: "2026-11-30T00:00:00.000Z",
  };
}

/**
 * Creates the batch ("a", "b"), claims both jobs for worker "w" and completes them (after a late
 * completion by another worker, which must change nothing). Returns the batch and its page query.
 */
export async function completeScenario(
  store: Store,
): Promise<{ batch: BatchRecord; query: { orgId: string; batchPk: number; limit: number; offset: number } }> {
  const org = await store.createOrg("acme", 1);
  const { batch } = await store.createOrAppendBatch({
    orgId: org.id,
    batchId: "b",
    batchName: "b",
    kickOff: true,
    now: 1,
    jobs: ["a", "b"].map((placeId) => ({
      placeId,
      inputs: { name: `Café ${placeId}` },
      attributes: ["websites", "chain", "menu"],
      refresh: false,
    })),
  });
  const claimed = await store.claimJobs({ workerId: "w", limit: 10, leaseMs: 60_000, now: 2 });
  const completion = (workerId: string) => ({
    workerId,
    now: 3,
    jobs: claimed.map((c) => ({
      pk: c.pk,
      result: scenarioResult(c.placeId),
      attributeStatus: { websites: "RUN" as const, chain: "RUN" as const },
      filledMask: 1,
    })),
  });
  expect(await store.completeJobs(completion("other"))).toBe(0);
  expect(await store.completeJobs(completion("w"))).toBe(2);
  return { batch, query: { orgId: org.id, batchPk: batch.pk, limit: 10, offset: 0 } };
}

/** Checks the stored view of job "a" (JSON text). */
export function expectViewOfA(view: string): void {
  expect(JSON.parse(view)).toMatchObject({
    place_id: "a",
    job_metadata: {
      attribute_status: { websites: "RUN", chain: "RUN", menu: "NOT_RUN" },
      enrichment_metadata: { websites: { cached: false }, menu: { reason: expect.any(String) } },
      attempts: 1,
    },
    inputs: { name: "Café a", input_type: "place" },
    confidence_scores: { website: "HIGH", chain: "NONE" },
  });
}
