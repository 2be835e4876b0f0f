/**
 * names → name, alt_name, official_name, brand_name, common_names, multilingual_names.
 * Condition: none (name is required input). `name` is the cleaned input name (HIGH,
 * "client-supplied": the client's own identifier, see confidence.ts); `brand_name` comes from NSI
 * brand detection; the others only from explicit evidence.
 */
import { defineResolver } from "./define-resolver.js";
import { pickBest, pickList } from "./fusion.js";

export const namesResolver = defineResolver({
  attribute: "names",
  resolveFields: (_place, evidence) => ({
    name: pickBest(evidence, "name"),
    alt_name: pickBest(evidence, "alt_name"),
    official_name: pickBest(evidence, "official_name"),
    brand_name: pickBest(evidence, "brand_name"),
    common_names: pickList(evidence, "common_names"),
    multilingual_names: pickBest(evidence, "multilingual_names", () => "names by language"),
  }),
});
