/** Public entry points of the enrichment pipeline (what the worker and the API use). */
export { type AssembledResult, assembleResult } from "./assemble.js";
export {
  type ConfiguredPlaceEnricher,
  createPlaceEnricher,
  type PlaceEnricherOptions,
  type WarmUpTimings,
} from "./enricher.js";
export { EnrichInputError } from "./errors.js";
export { INPUT_HASH_VERSION, inputHash } from "./input-hash.js";
export type {
  AttributeResolver,
  EnrichContext,
  Evidence,
  EvidenceSource,
  EvidenceStrength,
  PlaceEnricher,
  PreparedPlace,
} from "./types.js";
