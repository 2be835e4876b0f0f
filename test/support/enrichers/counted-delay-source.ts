/**
 * The standard enricher plus a source whose n-th call (over every thread, counted in the file
 * `counterPath`) takes `delaysMs[n]` (the last entry for later calls): a test can order when two
 * claims of the same place finish.
 */
import { appendFileSync, statSync } from "node:fs";
import { createPlaceEnricher } from "../../../src/enrich/enricher.js";
import type { EvidenceSource } from "../../../src/enrich/types.js";

export function createEnricher(options: { counterPath: string; delaysMs: number[] }) {
  const counted: EvidenceSource = {
    name: "counted-delay",
    async collect() {
      appendFileSync(options.counterPath, "x");
      const call = statSync(options.counterPath).size - 1;
      const delay = options.delaysMs[Math.min(call, options.delaysMs.length - 1)] ?? 0;
      await new Promise((resolve) => setTimeout(resolve, delay));
      return [];
    },
  };
  return createPlaceEnricher({ extraSources: [counted] });
}
