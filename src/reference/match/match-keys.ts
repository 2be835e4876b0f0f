/**
 * Match keys: the comparable form of a place's name and address, computed the same way for a job and
 * for a reference record (at import, stored beside the record), so the matcher compares like with like.
 *
 * - name key: transliterated to ASCII (any-ascii: "Café Zürich" → "cafe zurich", "北京" → "beijing"),
 *   lower case, "&" → "and", apostrophes dropped ("Joe's" → "joes"), other punctuation → space;
 * - street key: the same, with street-type and direction words abbreviated the USPS way
 *   ("West Main Street" → "w main st") and ordinal suffixes dropped ("23rd" → "23");
 * - house: the house number's digits and letter ("125-B" → "125b");
 * - postcode: upper case without spaces; US ZIP+4 cut to the 5-digit ZIP.
 */
import anyAscii from "any-ascii";
import type { AddressObject } from "../../enrich/normalize/address-fields.js";
import { lookupTable } from "../../lookup-table.js";

export interface MatchKeys {
  nameKey: string;
  house: string | null;
  streetKey: string | null;
  postcode: string | null;
  cityKey: string | null;
  /** E.164 numbers. */
  phones: string[];
  /** Registrable domain of the main website. */
  domain: string | null;
  /** Main Overture category code. */
  category: string | null;
}

const ASCII = /^[\x20-\x7e]*$/;

/** any-ascii only when needed: most names are ASCII already (it costs ~10 µs a name). */
function ascii(s: string): string {
  return ASCII.test(s) ? s : anyAscii(s);
}

/** Lower-case ASCII words separated by single spaces. */
export function nameKey(name: string): string {
  return ascii(name)
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’`´]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export function nameTokens(key: string): string[] {
  return key.length === 0 ? [] : key.split(" ");
}

// biome-ignore format: compact lookup table
const STREET_ABBREVIATIONS: Readonly<Record<string, string>> = lookupTable({
  street: "st", avenue: "ave", av: "ave", road: "rd", boulevard: "blvd", drive: "dr", lane: "ln",
  place: "pl", court: "ct", highway: "hwy", parkway: "pkwy", square: "sq", terrace: "ter", circle: "cir",
  crescent: "cres", trail: "trl", expressway: "expy", freeway: "fwy", route: "rte", north: "n", south: "s",
  east: "e", west: "w", northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw", jalan: "jln",
  mount: "mt", saint: "st", fort: "ft", suite: "ste", strasse: "str", calle: "c", avenida: "av",
});

/** Street keys computed: streets repeat across a city's places (bounded; the key is pure). */
const STREET_MEMO_LIMIT = 50_000;
const streetKeys = new Map<string, string>();

export function streetKey(street: string): string {
  let key = streetKeys.get(street);
  if (key === undefined) {
    key = computeStreetKey(street);
    if (streetKeys.size >= STREET_MEMO_LIMIT) streetKeys.clear();
    streetKeys.set(street, key);
  }
  return key;
}

function computeStreetKey(street: string): string {
  return nameKey(street)
    .split(" ")
    .map((w) => STREET_ABBREVIATIONS[w] ?? w.replace(/^(\d+)(st|nd|rd|th)$/, "$1"))
    .join(" ");
}

export function houseKey(house: string): string | null {
  const k = ascii(house)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
  return k.length > 0 && k.length <= 12 && /\d/.test(k) ? k : null;
}

export function postcodeKey(postcode: string, country: string | null): string | null {
  const k = postcode.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (k.length < 3) return null;
  if (country === "US" || (country === null && /^\d{9}$/.test(k))) return k.slice(0, 5);
  return k;
}

/** The address fields the matcher compares, from the API's address object. */
export function addressKeys(
  address: Partial<AddressObject> | null,
): Pick<MatchKeys, "house" | "streetKey" | "postcode" | "cityKey"> {
  if (!address) return { house: null, streetKey: null, postcode: null, cityKey: null };
  const street = address.street ? streetKey(address.street) : "";
  const city = address.city ? nameKey(address.city) : "";
  return {
    house: address.house ? houseKey(address.house) : null,
    streetKey: street.length > 0 ? street : null,
    postcode: address.postalCode ? postcodeKey(address.postalCode, address.country ?? null) : null,
    cityKey: city.length > 0 ? city : null,
  };
}

/** The match keys of a reference record (computed once, at import). */
export function recordKeys(record: {
  name: string;
  address: Partial<AddressObject> | null;
  phones: string[];
  domain: string | null;
  categories: string[];
}): MatchKeys {
  return {
    nameKey: nameKey(record.name),
    ...addressKeys(record.address),
    phones: record.phones,
    domain: record.domain,
    category: record.categories[0] ?? null,
  };
}
