import { describe, expect, it } from "vitest";
import type { PublicAttributeKey } from "./attributes.js";
import { JobResultJsonWriter } from "./job-result-json.js";
import { type RenderableJob, renderJob } from "./job-result-view.js";

const CORE: PublicAttributeKey[] = ["websites", "phoneNumbers", "address"];

function job(overrides: Partial<RenderableJob>): RenderableJob {
  return {
    placeId: "store_1",
    status: "pending",
    attributes: CORE,
    attributeStatus: null,
    attempts: 0,
    inputs: { name: "Blue Bottle Coffee", full_address: "66 Mint St, San Francisco, CA 94103" },
    error: null,
    result: null,
    ...overrides,
  };
}

// Unfinished jobs of every kind a page holds: each status, inputs with and without their own id,
// country and discriminator (their key order must be kept), scripts and escapes in strings, public
// attribute keys this deployment cannot enrich (NOT_RUN with a reason), the attribute-level `chain`
// confidence key, a failed job's error, and statuses recorded by an earlier partial run.
const CASES: Array<[string, RenderableJob]> = [
  ["pending", job({})],
  ["queued, attempts", job({ status: "queued", attempts: 2 })],
  ["in progress", job({ status: "in_progress", attempts: 1 })],
  [
    "inputs with id, country and their own order",
    job({
      inputs: { id: "x-9", name: 'Café "Zum" Löwen', country_code: "DE", latitude: 52.5, longitude: 13.4 },
    }),
  ],
  ["an input_type of the client's", job({ inputs: { name: "Tokyo 東京タワー", input_type: "place" } })],
  ["escapes", job({ placeId: 'line\nbreak\u2028\t"q"', inputs: { name: "a\\b </script>" } })],
  [
    "public-only attributes",
    job({ attributes: ["websites", "menu", "naics", "chain"] as PublicAttributeKey[] }),
  ],
  ["no attributes", job({ attributes: [] })],
  ["failed with error", job({ status: "failed", error: "website fetch failed: timeout", attempts: 3 })],
  ["failed without error", job({ status: "failed", error: null })],
  ["earlier statuses", job({ status: "queued", attributeStatus: { websites: "ERROR", address: "RUN" } })],
];

describe("JobResultJsonWriter", () => {
  it.each(CASES)("writes exactly JSON.stringify(renderJob(job)): %s", (_name, input) => {
    expect(new JobResultJsonWriter().write(input)).toBe(JSON.stringify(renderJob(input)));
  });

  it("keeps each attribute list's skeleton apart when one writer meets several lists", () => {
    const writer = new JobResultJsonWriter();
    for (const [, input] of [...CASES, ...CASES].reverse()) {
      expect(writer.write(input)).toBe(JSON.stringify(renderJob(input)));
    }
  });

  it("answers a completed job's stored view as it is, and renders one without a view", () => {
    const writer = new JobResultJsonWriter();
    expect(writer.write(job({ status: "completed", view: '{"stored":true}' }))).toBe('{"stored":true}');
    const completed = job({
      status: "completed",
      attempts: 1,
      attributeStatus: { websites: "RUN" },
      result: {
        inputs: { name: "Blue Bottle Coffee" },
        outputs: { website: "https://bluebottlecoffee.com" },
        reasoning: { website: "The place's own input" },
        confidence_scores: { website: "MEDIUM" },
        enrichment_metadata: {},
        last_enriched: "2026-11-30T00:00:00.000Z",
        country_code: "US",
      } as unknown as RenderableJob["result"],
    });
    expect(writer.write(completed)).toBe(JSON.stringify(renderJob(completed)));
  });
});
