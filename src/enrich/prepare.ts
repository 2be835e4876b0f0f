/**
 * prepare(): submitted inputs → PreparedPlace. Pure and cheap (tens of microseconds): it cleans the
 * name, resolves coordinates and the country, and collects the hints sources read. Parsing of the
 * hints themselves (phone, address, hours, brand) happens in the sources, only for the attributes
 * requested. Never throws for schema-valid inputs: unusable hints just stay unused or get rejected
 * by the sources with a reasoning.
 */
import { type AttributeKey, attributeDefinition, isAttributeKey } from "../domain/attributes.js";
import { INPUT_LIMITS, type PlaceInputs, type PrefilledData } from "../domain/place.js";
import { EnrichInputError } from "./errors.js";
import { inputHash } from "./input-hash.js";
import type { AddressParts } from "./normalize/address-fields.js";
import { type LatLng, parseLatLng, parseWktPoint } from "./normalize/coordinates.js";
import {
  countryFromAddressText,
  countryFromCoordinates,
  countryFromName,
  normalizeCountryCode,
} from "./normalize/country.js";
import { cleanName } from "./normalize/name.js";
import { cleanString, cleanStringList } from "./normalize/text.js";
import type { PreparedPlace } from "./types.js";

/** What `PreparedPlace.normalized` holds (read it with `normalizedInputs`). */
export interface NormalizedInputs {
  name: string;
  coordinates: LatLng | null;
  coordinatesFrom: "latitude/longitude" | "wkt_geometry" | null;
  /** Why given coordinates were not usable, or null. */
  coordinatesRejected: string | null;
  /** The country code as given (normalized), or null. */
  countryCodeGiven: string | null;
  fullAddress: string | null;
  addressParts: AddressParts;
  phone: string | null;
  website: string | null;
  categoryHints: string[];
  openingHours: unknown;
  /** Extra keys the inputs source understands (email, instagram, price_tier, cuisine, ...). */
  extras: Record<string, unknown>;
  /**
   * The client's prefilled_data, kept to attributes this deployment enriches and to their own output
   * fields, null values dropped: `{phoneNumbers: {phone: "+1..."}}`. Empty when none.
   */
  prefilled: Partial<Record<AttributeKey, Record<string, unknown>>>;
}

const PART_KEYS = [
  "house",
  "street",
  "city",
  "state",
  "postalCode",
  "country",
  "unit_number",
  "suburb",
  "neighborhood",
] as const;
const CATEGORY_KEYS = ["category", "categories", "type", "types"] as const;
// biome-ignore format: compact lookup table
const EXTRA_KEYS = [
  "email", "email_address", "instagram", "facebook", "tiktok", "price_tier", "price_level", "price", "currency",
  "cuisine", "cuisines", "alt_name", "official_name", "brand",
] as const;
/**
 * The API refuses values longer than INPUT_LIMITS (a 422), so this clip never shortens a value it
 * accepted; it only bounds jobs stored before those limits existed. Limits count code points, as the
 * schema does: a valid 500-emoji name (1,000 UTF-16 units) is kept whole.
 */
function clip(s: string, max: number): string;
function clip(s: string | null, max: number): string | null;
function clip(s: string | null, max: number): string | null {
  if (s === null || s.length <= max) return s;
  const codePoints = [...s];
  return codePoints.length <= max ? s : codePoints.slice(0, max).join("");
}
/** Hints kept from the four category keys together: each list holds at most INPUT_LIMITS.categoryItems. */
const MAX_CATEGORY_HINTS = CATEGORY_KEYS.length * INPUT_LIMITS.categoryItems;

/** The country the address parts imply ("Toronto" + state "ON"; a US ZIP with its state), or null. */
function countryFromParts(parts: AddressParts): string | null {
  if (!parts.state && !parts.postalCode) return null;
  const line = [parts.house, parts.street].filter(Boolean).join(" ");
  const region = [parts.state, parts.postalCode].filter(Boolean).join(" ");
  return countryFromAddressText([line, parts.city, region].filter(Boolean).join(", "));
}

export function normalizedInputs(place: PreparedPlace): NormalizedInputs {
  return place.normalized as unknown as NormalizedInputs;
}

/** prefilled_data → what sources may use: our attributes' own fields with a value (plain data). */
function keptPrefilled(prefilled: PrefilledData | null | undefined): NormalizedInputs["prefilled"] {
  const kept: NormalizedInputs["prefilled"] = {};
  if (!prefilled || typeof prefilled !== "object") return kept;
  for (const [attribute, values] of Object.entries(prefilled)) {
    if (!isAttributeKey(attribute) || !values || typeof values !== "object") continue;
    if (attributeDefinition(attribute).prefillable === false) continue;
    const fields: Record<string, unknown> = {};
    for (const field of attributeDefinition(attribute).fields) {
      const value = (values as Record<string, unknown>)[field];
      if (value !== undefined && value !== null) fields[field] = value;
    }
    if (Object.keys(fields).length > 0) kept[attribute] = fields;
  }
  return kept;
}

/**
 * `prefilled`: the job's prefilled_data (API.md §3), or null. Only our attributes' own output fields
 * are kept; they are part of the input hash, so a result computed without them is not reused.
 */
export function preparePlace(
  placeId: string,
  inputs: PlaceInputs,
  prefilled: PrefilledData | null = null,
): PreparedPlace {
  if (!inputs || typeof inputs !== "object") throw new EnrichInputError("inputs must be an object");
  if (typeof inputs.name !== "string") throw new EnrichInputError("inputs.name must be a string");
  const name = cleanName(clip(inputs.name, INPUT_LIMITS.name));

  let coordinates: LatLng | null = null;
  let coordinatesFrom: NormalizedInputs["coordinatesFrom"] = null;
  let coordinatesRejected: string | null = null;
  if (inputs.latitude !== undefined || inputs.longitude !== undefined) {
    coordinates = parseLatLng(inputs.latitude, inputs.longitude);
    if (coordinates) coordinatesFrom = "latitude/longitude";
    else coordinatesRejected = "input latitude/longitude are not valid coordinates";
  }
  if (!coordinates && inputs.wkt_geometry !== undefined) {
    coordinates = parseWktPoint(inputs.wkt_geometry);
    if (coordinates) {
      coordinatesFrom = "wkt_geometry";
      coordinatesRejected = null;
    } else {
      coordinatesRejected = "input wkt_geometry is not a valid POINT(lon lat)";
    }
  }

  const fullAddress = clip(cleanString(inputs.full_address), INPUT_LIMITS.full_address);
  const addressParts: AddressParts = {};
  for (const k of PART_KEYS) {
    const v = clip(cleanString(inputs[k]), INPUT_LIMITS.addressPart);
    if (v !== null) addressParts[k] = v;
  }

  const countryCodeGiven = normalizeCountryCode(inputs.country_code);
  let countryCode = countryCodeGiven;
  let countrySource: PreparedPlace["countrySource"] = countryCode ? "input" : null;
  if (!countryCode && coordinates) {
    countryCode = countryFromCoordinates(coordinates.lat, coordinates.lng);
    if (countryCode) countrySource = "coordinates";
  }
  if (!countryCode) {
    const part = addressParts.country;
    countryCode =
      (part ? (normalizeCountryCode(part) ?? countryFromName(part)) : null) ??
      (fullAddress ? countryFromAddressText(fullAddress) : null) ??
      countryFromParts(addressParts);
    if (countryCode) countrySource = "address";
  }

  const categoryHints: string[] = [];
  for (const k of CATEGORY_KEYS)
    for (const h of cleanStringList(inputs[k])) categoryHints.push(clip(h, INPUT_LIMITS.category));
  const extras: Record<string, unknown> = {};
  for (const k of EXTRA_KEYS) if (inputs[k] !== undefined && inputs[k] !== null) extras[k] = inputs[k];

  const normalized: NormalizedInputs = {
    name,
    coordinates,
    coordinatesFrom,
    coordinatesRejected,
    countryCodeGiven,
    fullAddress,
    addressParts,
    phone: clip(cleanString(inputs.phone), INPUT_LIMITS.phone),
    website: clip(cleanString(inputs.website), INPUT_LIMITS.website),
    categoryHints: categoryHints.slice(0, MAX_CATEGORY_HINTS),
    openingHours: inputs.opening_hours ?? null,
    extras,
    prefilled: keptPrefilled(prefilled),
  };

  // The hash covers every input but the id and raw coordinates spellings (one canonical pair).
  const {
    latitude: _lat,
    longitude: _lng,
    wkt_geometry: _wkt,
    name: _name,
    country_code: _cc,
    ...rest
  } = inputs;
  const hashInputs: Record<string, unknown> = {
    ...rest,
    name,
    coordinates: coordinates ? [coordinates.lat, coordinates.lng] : null,
    coordinates_invalid: coordinatesRejected
      ? [inputs.latitude, inputs.longitude, inputs.wkt_geometry]
      : null,
    country_code: countryCodeGiven ?? cleanString(inputs.country_code),
  };
  // Under a key no input can clash with in practice; absent (so hashes stay as before) when empty.
  if (Object.keys(normalized.prefilled).length > 0) hashInputs.$prefilled_data = normalized.prefilled;

  return {
    echoedInputs: { ...inputs, id: placeId, country_code: countryCode },
    name,
    countryCode,
    countrySource,
    latitude: coordinates?.lat ?? null,
    longitude: coordinates?.lng ?? null,
    inputHash: inputHash(hashInputs),
    normalized: normalized as unknown as Record<string, unknown>,
  };
}
