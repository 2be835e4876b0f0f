/**
 * An enricher with only a source that never returns for places whose name starts with "Hang": it
 * spins on the CPU, so only terminating its thread ends it (a pathological input, or later a fetch that
 * never ends). No other source: its thread starts in moments, so a replacement thread is ready well
 * within a test's short deadline.
 */
import { createPlaceEnricher } from "../../../src/enrich/enricher.js";
import type { EvidenceSource } from "../../../src/enrich/types.js";

const hang: EvidenceSource = {
  name: "hang",
  async collect(place) {
    if (place.name.startsWith("Hang")) for (;;) {}
    return [];
  },
};

export function createEnricher() {
  return createPlaceEnricher({ defaultSources: false, extraSources: [hang] });
}
