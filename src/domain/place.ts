import type { AttributeKey, AttributeStatus, Confidence } from "./attributes.js";
import type { JobStatus } from "./job-status.js";

/**
 * Longest accepted input values, in characters (Unicode code points, as JSON Schema's maxLength
 * counts them). Longer values are a 422 naming the field (src/api/schemas.ts): a value is never
 * shortened silently. Listed in README ("Input limits"). Sized well above real data, measured on
 * ~57,000 places (OSM POIs of 5 US cities, Overture US places, Geo-ER OSM/Foursquare/Yelp records):
 * longest name 94 characters, full address 107, address part 53, website 255 (OSM's cap on any tag
 * value), phone 36 (two numbers in one field), opening_hours 169.
 */
export const INPUT_LIMITS = {
  name: 500,
  full_address: 1000,
  /** Each address part: street, house, city, state, postalCode, country, unit_number, suburb, neighborhood. */
  addressPart: 200,
  website: 2000,
  phone: 100,
  /** Each category hint string (category, categories, type, types). */
  category: 200,
  /** Strings in one category/categories/type/types list. */
  categoryItems: 20,
  /** opening_hours given as text (the object form is bounded by the body limit only). */
  opening_hours: 1000,
  id: 256,
  source: 200,
  wkt_geometry: 200,
} as const;

/**
 * `jobs[].inputs` as submitted (API.md §2.1). Unknown extra keys are kept and echoed. Optional
 * fields may be null (clients of the reference API send null for "unknown"): treat null as absent.
 */
export interface PlaceInputs {
  name: string;
  full_address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  country_code?: string | null;
  category?: string | string[] | null;
  type?: string | string[] | null;
  types?: string | string[] | null;
  categories?: string | string[] | null;
  website?: string | null;
  phone?: string | null;
  id?: string | null;
  wkt_geometry?: string | null;
  street?: string | null;
  house?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
  opening_hours?: unknown;
  source?: string | null;
  [extra: string]: unknown;
}

/**
 * `prefilled_data` of a job (API.md §3): values the client already has, keyed by attribute key, then
 * by that attribute's output field: `{"phoneNumbers": {"phone": "+12125550100"}}`. Used as
 * client-supplied evidence (source "prefilled"), never as a verified value.
 */
export type PrefilledData = Record<string, Record<string, unknown>>;

/** What one attribute's resolver produced for one place; also the unit the cache stores. */
export interface AttributeResult {
  status: AttributeStatus;
  outputs: Record<string, unknown>;
  reasoning: Record<string, string | null>;
  confidence: Record<string, Confidence>;
  /** Sources consulted, evidence counts, timings; lands in job_metadata.enrichment_metadata[attr]. */
  metadata: Record<string, unknown>;
}

/** The enrichment of one place: what a worker stores as a completed job's result. */
export interface EnrichmentResult {
  country_code: string | null;
  /** Inputs echoed back with the resolved country_code (API.md §2.3). */
  inputs: Record<string, unknown>;
  attributes: Partial<Record<AttributeKey, AttributeResult>>;
  last_enriched: string;
}

/** `PlaceJobResult` on the wire (API.md §2.3). */
export interface PlaceJobResult {
  place_id: string;
  status: JobStatus;
  job_metadata: {
    attribute_status: Record<string, AttributeStatus>;
    last_enriched: string | null;
    country_code: string | null;
    enrichment_metadata: Record<string, unknown>;
    /** Processing attempts so far (retries and reclaimed leases count). */
    attempts: number;
    error?: string;
  };
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  reasoning: Record<string, string | null>;
  confidence_scores: Record<string, Confidence>;
}
