/**
 * createPlaceEnricher: wires the evidence sources and the per-attribute resolvers.
 *
 * Default sources: "inputs" (the submitted fields), "nsi" (brand detection) and "prefilled" (the
 * job's prefilled_data, client-supplied values). Extra sources (reference datasets, website checks,
 * ...) are passed in `extraSources` and run alongside. Sources run
 * concurrently. A source that throws makes the requested attributes it serves (its `attributes`,
 * all when undeclared) ERROR — a result missing that source's evidence must not be cached as if
 * complete; the job processor retries it — while the other attributes still resolve. A resolver
 * that throws makes its attribute ERROR without affecting the others.
 *
 * Heavy data (NSI brand index, NSI Wikidata, pelias-parser, taxonomy, CLDR country names) loads
 * lazily on first use; call `warmUp()` at worker start to pay that once, up front.
 */
import type { AttributeKey } from "../domain/attributes.js";
import type { AttributeResult, PlaceInputs, PrefilledData } from "../domain/place.js";
import { withoutContradictedBrand } from "./brand-reconciliation.js";
import { loadBrandIndex } from "./brands/brand-index.js";
import { loadBrandWikidata } from "./brands/brand-wikidata.js";
import type { AddressParserMode } from "./normalize/address.js";
import { loadPeliasParser } from "./normalize/address-pelias.js";
import { loadCountryNames } from "./normalize/country.js";
import { preparePlace } from "./prepare.js";
import { emptyResult } from "./resolvers/define-resolver.js";
import { DEFAULT_RESOLVERS } from "./resolvers/index.js";
import { createBrandSource } from "./sources/brand-source.js";
import { createInputsSource } from "./sources/inputs-source.js";
import { createPrefilledSource } from "./sources/prefilled-source.js";
import { loadTaxonomy } from "./taxonomy/overture-taxonomy.js";
import type {
  AttributeResolver,
  EnrichContext,
  Evidence,
  EvidenceSource,
  PlaceEnricher,
  PreparedPlace,
} from "./types.js";

export interface PlaceEnricherOptions {
  /** Extra evidence sources (reference datasets, websites, ...), run alongside the defaults. */
  extraSources?: readonly EvidenceSource[];
  /** false → only `extraSources` run (tests, custom pipelines). Default true. */
  defaultSources?: boolean;
  /** Replacement resolvers per attribute. */
  resolvers?: Partial<Record<AttributeKey, AttributeResolver>>;
  /** "hybrid" (default: fast structural parser, pelias-parser fallback) or "pelias" (always pelias). */
  addressParser?: AddressParserMode;
}

export interface WarmUpTimings {
  taxonomyMs: number;
  nsiIndexMs: number;
  nsiWikidataMs: number;
  peliasMs: number;
  /** CLDR country names in other languages (normalize/country.ts). */
  countryNamesMs: number;
}

export interface ConfiguredPlaceEnricher extends PlaceEnricher {
  readonly sourceNames: readonly string[];
  /** Loads every lazy dataset now; returns how long each took (0 when already loaded). */
  warmUp(): WarmUpTimings;
}

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function timed(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return round3(performance.now() - start);
}

export function createPlaceEnricher(options: PlaceEnricherOptions = {}): ConfiguredPlaceEnricher {
  const sources: EvidenceSource[] = [
    ...(options.defaultSources === false
      ? []
      : [
          createInputsSource({ addressParser: options.addressParser }),
          createBrandSource(),
          createPrefilledSource(),
        ]),
    ...(options.extraSources ?? []),
  ];
  const resolvers: Record<AttributeKey, AttributeResolver> = { ...DEFAULT_RESOLVERS, ...options.resolvers };
  const sourceNames = sources.map((s) => s.name);

  return {
    sourceNames,
    prepare(placeId: string, inputs: PlaceInputs, prefilled?: PrefilledData | null): PreparedPlace {
      return preparePlace(placeId, inputs, prefilled ?? null);
    },
    async enrich(place: PreparedPlace, attributes: readonly AttributeKey[], ctx: EnrichContext) {
      const start = performance.now();
      const timings = ctx.sourceMs;
      const settled = await Promise.allSettled(
        sources.map((s) => {
          const collected = s.collect(place, attributes, ctx);
          if (!timings) return collected;
          return collected.finally(() => {
            timings[s.name] = (timings[s.name] ?? 0) + (performance.now() - start);
          });
        }),
      );
      const collected: Evidence[] = [];
      const sourceErrors: Record<string, string> = {};
      settled.forEach((r, i) => {
        if (r.status === "fulfilled") collected.push(...r.value);
        else sourceErrors[sourceNames[i]!] = r.reason instanceof Error ? r.reason.message : String(r.reason);
      });
      const evidence = withoutContradictedBrand(collected);
      const sourcesMs = performance.now() - start;
      const hasErrors = Object.keys(sourceErrors).length > 0;
      const failedFor = (attribute: AttributeKey) =>
        sources.filter(
          (s) => sourceErrors[s.name] !== undefined && (!s.attributes || s.attributes.includes(attribute)),
        );
      const out: Partial<Record<AttributeKey, AttributeResult>> = {};
      for (const attribute of attributes) {
        const t = performance.now();
        let result: AttributeResult;
        const failed = hasErrors ? failedFor(attribute) : [];
        if (failed.length > 0) {
          result = emptyResult(attribute, "ERROR", null);
          result.metadata = {
            error: failed.map((s) => `source ${s.name} failed: ${sourceErrors[s.name]}`).join("; "),
          };
        } else {
          try {
            result = resolvers[attribute].resolve(place, evidence);
          } catch (err) {
            result = emptyResult(attribute, "ERROR", null);
            result.metadata = { error: err instanceof Error ? err.message : String(err) };
          }
        }
        result.metadata = {
          ...result.metadata,
          sources: sourceNames,
          ...(hasErrors ? { sourceErrors } : {}),
          ms: round3(sourcesMs + (performance.now() - t)),
        };
        out[attribute] = result;
      }
      return out;
    },
    async prefetch(places: readonly PreparedPlace[], ctx: EnrichContext): Promise<void> {
      if (places.length === 0) return;
      // A source whose prefetch fails keeps the error and reports it from collect (its attributes
      // become ERROR, not cached, retried), so nothing is lost and nothing here throws.
      await Promise.allSettled(sources.map((s) => s.prefetch?.(places, ctx)));
    },
    warmUp(): WarmUpTimings {
      return {
        taxonomyMs: timed(loadTaxonomy),
        nsiIndexMs: timed(loadBrandIndex),
        nsiWikidataMs: timed(loadBrandWikidata),
        peliasMs: timed(loadPeliasParser),
        countryNamesMs: timed(loadCountryNames),
      };
    },
  };
}
