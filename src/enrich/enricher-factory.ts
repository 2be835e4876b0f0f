/**
 * The standard enricher as an enrichment thread builds it (src/worker/enrichment-thread.ts):
 * `createEnricher(options)` from plain, cloneable options. A deployment or a test that needs other
 * sources points the pool at another module with the same export.
 */
import { type ConfiguredPlaceEnricher, createPlaceEnricher } from "./enricher.js";
import type { AddressParserMode } from "./normalize/address.js";

export interface EnricherFactoryOptions {
  addressParser?: AddressParserMode;
}

export function createEnricher(options: EnricherFactoryOptions = {}): ConfiguredPlaceEnricher {
  return createPlaceEnricher({ addressParser: options.addressParser });
}
