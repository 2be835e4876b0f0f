/**
 * The attribute catalogue of the Place Enrichment API (API.md §2.4): each attribute key, the output
 * fields it fills, and the predefined sets. `bit` is the attribute's position in the per-job
 * requested/filled bitmasks the store keeps for fill-rate statistics: append-only, never renumber.
 */
export const CONFIDENCE_LEVELS = ["VERY_HIGH", "HIGH", "MEDIUM", "LOW", "NONE"] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

export const ATTRIBUTE_STATUSES = ["RUN", "RUN_CONDITION_FAILED", "NOT_RUN", "ERROR"] as const;
export type AttributeStatus = (typeof ATTRIBUTE_STATUSES)[number];

export interface AttributeDefinition {
  key: string;
  fields: readonly string[];
  bit: number;
  /**
   * False for attributes that describe a matched record of an imported reference source: a client
   * cannot prefill which record we matched, so their prefilled_data is ignored (API.md §3).
   */
  prefillable?: boolean;
}

/**
 * Every attribute key the public Place Enrichment API defines: the 44 keys the published Python
 * client (`reprompt` 0.0.9–0.0.12) knows, in its order (API.md §2.4, "client compatibility"). Requests
 * may name any of them; those this deployment cannot enrich (not in ATTRIBUTES) are stored with the
 * job and reported NOT_RUN with a reason, never enriched. A key outside this list is a 422.
 */
// biome-ignore format: one row per group of the public list
export const PUBLIC_ATTRIBUTE_KEYS = [
  "phoneNumbers", "websites", "openingHours", "names", "address", "coordinates", "categories",
  "closed_permanently", "place_existence", "naics", "placekey", "reprompt_id", "socialHandles", "tiktok",
  "social_media_profile", "instagram_statistics", "cuisine", "price_tier", "email_address",
  "tripadvisorCategory", "building_footprint", "name_translations", "parcel", "foursquare_place",
  "overture_place", "merchant", "chain", "storefrontImages", "user_reviews", "approximate_user_reviews",
  "website_traffic", "one_line_summary", "school_geofence", "geometry", "orderFoodLinks", "menu",
  "vision_open_closed", "signage", "building_condition", "entrances", "traffic_control", "primary_turns",
  "search_aliases", "parking_spaces",
] as const;

/**
 * Attribute keys this service defines beyond the public API (API.md §2.4, "this service"): requests
 * may name them like the public ones.
 */
export const SERVICE_ATTRIBUTE_KEYS = ["reference_match"] as const;

/** Every key a request may name: the public API's, then this service's own. */
export const REQUESTABLE_ATTRIBUTE_KEYS = [...PUBLIC_ATTRIBUTE_KEYS, ...SERVICE_ATTRIBUTE_KEYS] as const;

/** An attribute key a request may name: one of REQUESTABLE_ATTRIBUTE_KEYS. */
export type PublicAttributeKey = (typeof REQUESTABLE_ATTRIBUTE_KEYS)[number];

export const ATTRIBUTES = [
  { key: "closed_permanently", fields: ["open_closed_status", "date_closed"], bit: 0 },
  { key: "websites", fields: ["website"], bit: 1 },
  { key: "phoneNumbers", fields: ["phone", "phone_additional"], bit: 2 },
  {
    key: "openingHours",
    fields: ["opening_hours", "opening_hours_grouped_by_hours", "is_open_24h"],
    bit: 3,
  },
  {
    key: "names",
    fields: ["name", "alt_name", "official_name", "brand_name", "common_names", "multilingual_names"],
    bit: 4,
  },
  { key: "address", fields: ["address"], bit: 5 },
  { key: "categories", fields: ["categories"], bit: 6 },
  { key: "coordinates", fields: ["coordinates", "coordinates_distance"], bit: 7 },
  { key: "socialHandles", fields: ["instagram", "facebook", "tiktok"], bit: 8 },
  { key: "email_address", fields: ["email"], bit: 9 },
  { key: "chain", fields: ["chain_id", "chain_name", "chain_domains", "number_of_locations"], bit: 10 },
  { key: "cuisine", fields: ["cuisines"], bit: 11 },
  { key: "price_tier", fields: ["price_tier", "currency"], bit: 12 },
  // From a matched record of an imported reference source (src/reference/): of Overture format, of
  // Foursquare OS Places format, and of any source.
  {
    key: "overture_place",
    fields: [
      "overture_place_id",
      "overture_place_name",
      "overture_place_phone",
      "overture_place_website",
      "overture_place_address",
      "overture_place_category",
      "overture_place_match_confidence",
      "overture_place_latitude",
      "overture_place_longitude",
      "overture_place_original",
    ],
    bit: 13,
    prefillable: false,
  },
  {
    key: "foursquare_place",
    fields: [
      "foursquare_place_id",
      "foursquare_place_name",
      "foursquare_place_phone",
      "foursquare_place_website",
      "foursquare_place_address",
      "foursquare_place_category_labels",
      "foursquare_place_category_ids",
      "foursquare_place_date_refreshed",
      "foursquare_place_date_created",
      "foursquare_place_match_confidence",
      "foursquare_place_latitude",
      "foursquare_place_longitude",
      "foursquare_place_original",
    ],
    bit: 14,
    prefillable: false,
  },
  {
    key: "reference_match",
    fields: [
      "reference_id",
      "reference_source",
      "reference_match_score",
      "reference_distance_m",
      "reference_duplicate_ids",
    ],
    bit: 15,
    prefillable: false,
  },
  // `satisfies`: every attribute we enrich is one a request may name (checked at compile time).
] as const satisfies ReadonlyArray<AttributeDefinition & { key: PublicAttributeKey }>;

/** An attribute this deployment enriches. */
export type AttributeKey = (typeof ATTRIBUTES)[number]["key"];

export const ATTRIBUTE_KEYS: readonly AttributeKey[] = ATTRIBUTES.map((a) => a.key);

const BY_KEY = new Map<string, AttributeDefinition>(ATTRIBUTES.map((a) => [a.key, a]));

export function isAttributeKey(key: string): key is AttributeKey {
  return BY_KEY.has(key);
}

export function attributeDefinition(key: AttributeKey): AttributeDefinition {
  return BY_KEY.get(key)!;
}

const PUBLIC_KEYS: ReadonlySet<string> = new Set(REQUESTABLE_ATTRIBUTE_KEYS);

export function isPublicAttributeKey(key: string): key is PublicAttributeKey {
  return PUBLIC_KEYS.has(key);
}

/**
 * The attribute a client probably meant by `name`, which is not a key: the one whose output field it
 * is ("website" → "websites", "phone" → "phoneNumbers"), or a key in other letter case
 * ("phonenumbers"); null when none. For the "did you mean" of a 422.
 */
export function attributeMeant(name: string): PublicAttributeKey | null {
  const lower = name.trim().toLowerCase();
  for (const key of REQUESTABLE_ATTRIBUTE_KEYS) if (key.toLowerCase() === lower) return key;
  for (const a of ATTRIBUTES) if (a.fields.some((f: string) => f.toLowerCase() === lower)) return a.key;
  return null;
}

/** The public keys this deployment cannot enrich, in the public order. */
export const UNSUPPORTED_ATTRIBUTE_KEYS: readonly PublicAttributeKey[] = REQUESTABLE_ATTRIBUTE_KEYS.filter(
  (k) => !BY_KEY.has(k),
);

/** The keys of `keys` this deployment enriches (what workers and the enricher get), order kept. */
export function enrichableAttributes(keys: readonly string[]): AttributeKey[] {
  return keys.filter(isAttributeKey);
}

/** Why an attribute of the public API is NOT_RUN here: `enrichment_metadata[attr].reason`. */
export function notEnrichedReason(key: string): string {
  return `${key} is not enriched by this deployment (GET /attributes lists what it can enrich)`;
}

/**
 * Attribute-level keys of `confidence_scores` besides the per-field ones: the published client reads
 * `confidence_scores.chain` for the `chain` attribute (API.md §2.4).
 */
export const ATTRIBUTE_LEVEL_CONFIDENCE: readonly AttributeKey[] = ["chain"];

export const CORE_ATTRIBUTES: readonly AttributeKey[] = [
  "closed_permanently",
  "websites",
  "phoneNumbers",
  "openingHours",
  "names",
  "address",
  "categories",
];

export const ATTRIBUTE_SETS = {
  core: CORE_ATTRIBUTES,
  all: CORE_ATTRIBUTES,
  open_closed: ["closed_permanently"],
} as const satisfies Record<string, readonly AttributeKey[]>;

export type AttributeSetName = keyof typeof ATTRIBUTE_SETS;
export const ATTRIBUTE_SET_NAMES = Object.keys(ATTRIBUTE_SETS) as AttributeSetName[];

/** Our attributes in catalogue order, then the public keys we cannot enrich in the public order. */
const REQUEST_ORDER: readonly PublicAttributeKey[] = [...ATTRIBUTE_KEYS, ...UNSUPPORTED_ATTRIBUTE_KEYS];

/**
 * API.md §2.2: `attributes` and `attribute_set` are merged; neither means `core`. Order follows the
 * catalogue (then the public list for keys we cannot enrich) so results are stable whatever order the
 * client used. Keys outside PUBLIC_ATTRIBUTE_KEYS are dropped (the request schema rejects them first).
 */
export function resolveRequestedAttributes(
  attributes: readonly string[] | undefined,
  attributeSet: AttributeSetName | undefined,
): PublicAttributeKey[] {
  const wanted = new Set<string>();
  if (attributes) for (const a of attributes) wanted.add(a);
  if (attributeSet) for (const a of ATTRIBUTE_SETS[attributeSet]) wanted.add(a);
  if (wanted.size === 0) for (const a of CORE_ATTRIBUTES) wanted.add(a);
  return REQUEST_ORDER.filter((k) => wanted.has(k));
}

/**
 * The attributes a reprocess request sets, or null when it names none, and each job then keeps its
 * previous ones (API.md §3.4: "No attributes given"). An empty `attributes` list names none: it had
 * re-run the core set on jobs created for one attribute (a break-it trial).
 */
export function reprocessAttributes(
  attributes: readonly string[] | undefined,
  attributeSet: AttributeSetName | undefined,
): PublicAttributeKey[] | null {
  const named = attributes !== undefined && attributes.length > 0 ? attributes : undefined;
  return named !== undefined || attributeSet !== undefined
    ? resolveRequestedAttributes(named, attributeSet)
    : null;
}

/** Bitmask (attribute `bit`) of the keys this deployment enriches; the others have no bit. */
export function attributesToMask(keys: readonly string[]): number {
  let mask = 0;
  for (const k of keys) if (isAttributeKey(k)) mask |= 1 << attributeDefinition(k).bit;
  return mask;
}
