/**
 * The standard enricher as an enrichment thread builds it (src/worker/enrichment-thread.ts):
 * `createEnricher(options)` from plain, cloneable options. A deployment or a test that needs other
 * sources points the pool at another module with the same export.
 */
import { createReferenceSource, type ReferenceSourceOptions } from "../reference/reference-source.js";
import { type ConfiguredPlaceEnricher, createPlaceEnricher } from "./enricher.js";
import type { AddressParserMode } from "./normalize/address.js";

export interface EnricherFactoryOptions {
  addressParser?: AddressParserMode;
  /** Match against the reference places in this database (the thread opens its own connection). */
  reference?: ReferenceSourceOptions;
}

export function createEnricher(options: EnricherFactoryOptions = {}): ConfiguredPlaceEnricher {
  return createPlaceEnricher({
    addressParser: options.addressParser,
    extraSources: options.reference ? [createReferenceSource(options.reference)] : [],
  });
}
