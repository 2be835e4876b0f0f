/**
 * prepare(): submitted inputs → PreparedPlace. Pure and cheap (tens of microseconds): it cleans the
 * name, resolves coordinates and the country, and collects the hints sources read. Parsing of the
 * hints themselves (phone, address, hours, brand) happens in the sources, only for the attributes
 * requested. Never throws for schema-valid inputs: unusable hints just stay unused or get rejected
 * by the sources with a reasoning.
 */
import type { PlaceInputs } from "../domain/place.js";
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
const MAX_TEXT = 2000;

function clip(s: string | null): string | null {
  return s === null ? null : s.slice(0, MAX_TEXT);
}

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

export function preparePlace(placeId: string, inputs: PlaceInputs): PreparedPlace {
  if (!inputs || typeof inputs !== "object") throw new EnrichInputError("inputs must be an object");
  if (typeof inputs.name !== "string") throw new EnrichInputError("inputs.name must be a string");
  const name = cleanName(inputs.name.slice(0, MAX_TEXT));

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

  const fullAddress = clip(cleanString(inputs.full_address));
  const addressParts: AddressParts = {};
  for (const k of PART_KEYS) {
    const v = clip(cleanString(inputs[k]));
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
    for (const h of cleanStringList(inputs[k])) categoryHints.push(h.slice(0, 200));
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
    phone: clip(cleanString(inputs.phone)),
    website: clip(cleanString(inputs.website)),
    categoryHints: categoryHints.slice(0, 20),
    openingHours: inputs.opening_hours ?? null,
    extras,
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
