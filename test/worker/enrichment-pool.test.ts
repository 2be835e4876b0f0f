/** The enrichment threads: a place that hangs its thread or cannot reach it fails alone. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnrichmentPool } from "../../src/worker/enrichment-pool.js";
import { testEnricherModule } from "../support/enrichment.js";

// The deadline counts from the task's submission, including a replacement thread's start: the
// enricher here has no datasets to load, so that start is quick.
const pool = new EnrichmentPool({
  threads: 1,
  concurrencyPerThread: 1,
  warmUp: false,
  enricherModule: testEnricherModule("hang-source.ts"),
  taskTimeoutMs: 8000,
});
beforeAll(() => pool.ready(), 120_000);
afterAll(() => pool.close());

const inputs = (name: string) => ({ name, full_address: "1 Main St, Springfield, IL 62701" });

describe("EnrichmentPool", () => {
  it("a place that hangs its thread fails as retryable after the deadline; its chunk-mates complete", async () => {
    const prepared = await pool.prepare(
      ["Good one", "Hang on", "Good two"].map((name, i) => ({
        placeId: `p${i}`,
        inputs: inputs(name),
        prefilled: null,
      })),
    );
    const places = prepared.map((p) => {
      if (p.error !== undefined) throw new Error(p.error);
      return p.place;
    });
    const outcomes = await pool.enrich(
      places.map((place) => ({ place, attributes: ["names"], cached: {}, now: 0 })),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(["completed", "failed", "completed"]);
    expect(outcomes[1]).toMatchObject({ retryable: true, error: expect.stringMatching(/longer than 8 s/) });
    // The terminated thread was replaced: the pool still works.
    const again = await pool.enrich([{ place: places[0]!, attributes: ["names"], cached: {}, now: 0 }]);
    expect(again[0]!.kind).toBe("completed");
  }, 60_000);

  it("a place whose data cannot be copied to a thread fails alone", async () => {
    // Nested far deeper than the API allows (it refuses more than 10 levels): the structured clone
    // to the thread overflows the stack.
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const outcomes = await pool.prepare([
      { placeId: "a", inputs: inputs("Fine"), prefilled: null },
      { placeId: "b", inputs: { ...inputs("Deep"), deep } as never, prefilled: null },
    ]);
    expect(outcomes[0]!.error).toBeUndefined();
    expect(outcomes[1]!.error).toMatch(/stack|clone|call/i);
  }, 60_000);
});
