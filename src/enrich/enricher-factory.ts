/**
 * The standard enricher as an enrichment thread builds it (src/worker/enrichment-thread.ts):
 * `createEnricher(options)` from plain, cloneable options. A deployment or a test that needs other
 * sources points the pool at another module with the same export.
 */
import type { ModelConfig, SearchConfig, WebConfig } from "../config.js";
import { OpenAiChatModel } from "../model/openai-chat-model.js";
import { createReferenceSource, type ReferenceSourceOptions } from "../reference/reference-source.js";
import { createWebSource, type WebSourceDeps } from "../web/web-source.js";
import { type ConfiguredPlaceEnricher, createPlaceEnricher } from "./enricher.js";
import type { AddressParserMode } from "./normalize/address.js";
import type { EvidenceSource } from "./types.js";

export interface EnricherFactoryOptions {
  addressParser?: AddressParserMode;
  /** Match against the reference places in this database (the thread opens its own connection). */
  reference?: ReferenceSourceOptions;
  /** Fetch and read places' websites (config.web; absent or `fetching: false`: no website source). */
  web?: WebConfig;
  /** Discover websites through a search engine (config.search, rates already per thread; needs `web`). */
  search?: SearchConfig;
  /**
   * The language model (config.model): read by the website source where its rules fall short;
   * absent: none, and no result changes.
   */
  model?: ModelConfig;
}

/**
 * The enricher of one thread. `webDeps` (not cloneable: a DNS resolver, a fetcher) is for modules
 * that wrap this one in tests (test/support/enrichers/web-fixture.ts).
 */
export function createEnricher(
  options: EnricherFactoryOptions = {},
  webDeps: WebSourceDeps = {},
): ConfiguredPlaceEnricher {
  const extra: EvidenceSource[] = [];
  const reference = options.reference ? createReferenceSource(options.reference) : null;
  if (reference) extra.push(reference);
  const model =
    options.model && options.model.maxRequestsPerJob > 0
      ? new OpenAiChatModel({
          url: options.model.url,
          model: options.model.model,
          apiKey: options.model.apiKey,
          timeoutMs: options.model.timeoutMs,
        })
      : null;
  if (options.web?.fetching)
    extra.push(
      createWebSource(
        {
          config: options.web,
          jobTimeoutMs: options.web.jobTimeoutMs,
          ...(options.search?.url ? { search: options.search } : {}),
        },
        { ...(model ? { model } : {}), ...webDeps, ...(reference ? { reference } : {}) },
      ),
    );
  return createPlaceEnricher({ addressParser: options.addressParser, extraSources: extra });
}
