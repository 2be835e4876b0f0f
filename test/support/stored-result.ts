/** A result as a completion stores it, empty but for the given outputs (tests that only need one). */
import type { StoredResult } from "../../src/store/port.js";

export function emptyStoredResult(outputs: Record<string, unknown> = {}): StoredResult {
  return {
    country_code: null,
    inputs: {},
    outputs,
    reasoning: {},
    confidence_scores: {},
    enrichment_metadata: {},
    last_enriched: null,
  };
}
