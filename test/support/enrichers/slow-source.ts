/**
 * The standard enricher plus a source that takes `delayMs` (option) for every place: jobs stay in
 * progress long enough for shutdown and lease tests to catch them there.
 */
import { createPlaceEnricher } from "../../../src/enrich/enricher.js";
import type { EvidenceSource } from "../../../src/enrich/types.js";

export function createEnricher(options: { delayMs?: number } = {}) {
  const delayMs = options.delayMs ?? 60_000;
  const slow: EvidenceSource = {
    name: "slow",
    async collect() {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return [];
    },
  };
  return createPlaceEnricher({ extraSources: [slow] });
}
