/**
 * The enrichment pipeline's contract: sources → evidence → resolvers → outputs.
 *
 * A *source* looks at a prepared place and produces *evidence*: a candidate value for one output
 * field, with the source's name, a strength and a note saying where it came from. One *resolver*
 * per attribute fuses the evidence for its fields into output values, a confidence level and a
 * one-line reasoning that names the evidence. A value without evidence is null with confidence NONE.
 */
import type { AttributeKey, Confidence } from "../domain/attributes.js";
import type { AttributeResult, PlaceInputs, PrefilledData } from "../domain/place.js";
import type { JobBudget } from "./job-budget.js";

/** How much a piece of evidence can be trusted on its own. */
export type EvidenceStrength = "verified" | "strong" | "moderate" | "weak";

export interface Evidence {
  /** Output field this evidence is a candidate for (e.g. "phone", "website", "categories"). */
  field: string;
  value: unknown;
  /** Source name, e.g. "inputs", later "overture", "website". */
  source: string;
  strength: EvidenceStrength;
  /** Short human-readable origin, cited in the reasoning (e.g. "input phone hint, valid for US"). */
  note: string;
  /** Optional structured details a resolver may copy into its metadata (parser used, match kind). */
  detail?: Record<string, unknown>;
}

/** The place after input normalization; what sources and resolvers work from. */
export interface PreparedPlace {
  /** Inputs as submitted, plus `id` (= place_id) and the resolved `country_code` (echoed in results). */
  echoedInputs: Record<string, unknown>;
  name: string;
  countryCode: string | null;
  /** How the country was found: given, coordinates, address; null when unknown. */
  countrySource: "input" | "coordinates" | "address" | null;
  latitude: number | null;
  longitude: number | null;
  /** Stable hash of the normalized inputs: the cache key (with the attribute). */
  inputHash: string;
  /** Normalized fields sources use; free-form for later sources. */
  normalized: Record<string, unknown>;
}

export interface EnrichContext {
  now: number;
  /** The job asked for a refresh (`refresh: true`): sources bypass their own caches (web pages). */
  refresh?: boolean;
  /**
   * When present, `enrich` adds each source's collect time (ms, from the start of the sources to that
   * source's answer) under the source's name: the metrics' enrichment duration by source.
   */
  sourceMs?: Record<string, number>;
  /**
   * When present, sources that fetch web pages add one per page under its outcome (`ok`, `timeout`,
   * `http_error`, … as in src/web/fetch/fetch-outcome.ts; `cached` for the page cache's answers):
   * the metrics' fetch outcomes.
   */
  fetchOutcomes?: Record<string, number>;
  /**
   * What this job may spend on limited services (searches, model calls) and what it spent
   * (job-budget.ts). Absent = no limit and nothing reported.
   */
  budget?: JobBudget;
  /**
   * When present, sources add the attributes whose result must not be cached: computed while a
   * service they need was unavailable (the search engine failed, the job's budget was spent), so a
   * later run should look again rather than reuse this answer for CACHE_TTL_SECONDS.
   */
  uncacheable?: Set<AttributeKey>;
}

export interface EvidenceSource {
  readonly name: string;
  /**
   * Attributes this source can contribute evidence to. When the source fails, those of the
   * requested attributes are ERROR (not cached, retried), the others still resolve. Absent = all.
   */
  readonly attributes?: readonly AttributeKey[];
  collect(place: PreparedPlace, attributes: readonly AttributeKey[], ctx: EnrichContext): Promise<Evidence[]>;
  /**
   * Optional batch step, called once per chunk of places before their `collect` calls, so a source
   * that queries a store does it once per chunk (one candidate query), never once per place. A source
   * without it does all its work in `collect`.
   */
  prefetch?(places: readonly PreparedPlace[], ctx: EnrichContext): Promise<void>;
  /**
   * Releases what the source holds (database connections), for callers that outlive it; enrichment
   * threads do not call it (their connections end with the thread).
   */
  close?(): Promise<void>;
}

export interface AttributeResolver {
  readonly attribute: AttributeKey;
  resolve(place: PreparedPlace, evidence: readonly Evidence[]): AttributeResult;
}

export interface PlaceEnricher {
  /**
   * Normalizes inputs and the job's prefilled_data, if any (pure, synchronous). Throws
   * EnrichInputError on inputs it cannot use.
   */
  prepare(placeId: string, inputs: PlaceInputs, prefilled?: PrefilledData | null): PreparedPlace;
  /** Runs the sources and the requested attributes' resolvers. */
  enrich(
    place: PreparedPlace,
    attributes: readonly AttributeKey[],
    ctx: EnrichContext,
  ): Promise<Partial<Record<AttributeKey, AttributeResult>>>;
  /** The sources' batch step for a chunk of places (see EvidenceSource.prefetch); never throws. */
  prefetch(places: readonly PreparedPlace[], ctx: EnrichContext): Promise<void>;
}

export type { AttributeResult, Confidence };
