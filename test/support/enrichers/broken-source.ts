/**
 * The standard enricher plus a source that throws for places whose name starts with "Broken", like a
 * reference dataset whose file went missing.
 */
import { createPlaceEnricher } from "../../../src/enrich/enricher.js";
import type { EvidenceSource } from "../../../src/enrich/types.js";

const broken: EvidenceSource = {
  name: "broken",
  async collect(place) {
    if (place.name.startsWith("Broken")) throw new Error("source unavailable");
    return [];
  },
};

export function createEnricher() {
  return createPlaceEnricher({ extraSources: [broken] });
}
