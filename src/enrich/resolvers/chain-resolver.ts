/**
 * chain → chain_id (Wikidata Q-id of the brand), chain_name, chain_domains (registrable domains of
 * the brand's official websites), number_of_locations (no source yet: null).
 * Condition: none (detection works from the name). Evidence: NSI brand detection.
 */
import { defineResolver } from "./define-resolver.js";
import { pickBest, pickList } from "./fusion.js";

export const chainResolver = defineResolver({
  attribute: "chain",
  resolveFields: (_place, evidence) => ({
    chain_id: pickBest(evidence, "chain_id"),
    chain_name: pickBest(evidence, "chain_name"),
    chain_domains: pickList(evidence, "chain_domains"),
    number_of_locations: pickBest(evidence, "number_of_locations"),
  }),
  metadata: (_place, evidence) => {
    const used = evidence.find((e) => e.field === "chain_name" && e.value !== null);
    return used?.detail ? { brand: used.detail } : {};
  },
});
