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
}

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
] as const satisfies readonly AttributeDefinition[];

export type AttributeKey = (typeof ATTRIBUTES)[number]["key"];

export const ATTRIBUTE_KEYS: readonly AttributeKey[] = ATTRIBUTES.map((a) => a.key);

const BY_KEY = new Map<string, AttributeDefinition>(ATTRIBUTES.map((a) => [a.key, a]));

export function isAttributeKey(key: string): key is AttributeKey {
  return BY_KEY.has(key);
}

export function attributeDefinition(key: AttributeKey): AttributeDefinition {
  return BY_KEY.get(key)!;
}

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

/**
 * API.md §2.2: `attributes` and `attribute_set` are merged; neither means `core`.
 * Order follows the catalogue so results are stable whatever order the client used.
 */
export function resolveRequestedAttributes(
  attributes: readonly string[] | undefined,
  attributeSet: AttributeSetName | undefined,
): AttributeKey[] {
  const wanted = new Set<string>();
  if (attributes) for (const a of attributes) wanted.add(a);
  if (attributeSet) for (const a of ATTRIBUTE_SETS[attributeSet]) wanted.add(a);
  if (wanted.size === 0) for (const a of CORE_ATTRIBUTES) wanted.add(a);
  return ATTRIBUTE_KEYS.filter((k) => wanted.has(k));
}

export function attributesToMask(keys: readonly AttributeKey[]): number {
  let mask = 0;
  for (const k of keys) mask |= 1 << attributeDefinition(k).bit;
  return mask;
}
