/**
 * Country resolution: ISO 3166-1 alpha-2 codes from a given code, from coordinates (offline, with
 * @rapideditor/country-coder) or from the tail of an address ("…, US", "…, United Kingdom").
 */
import { feature, iso1A2Code } from "@rapideditor/country-coder";
import { lookupRegion } from "./regions.js";
import { collapseWhitespace } from "./text.js";

/** Country spellings country-coder does not know by itself (keys lower case, dots removed). */
// biome-ignore format: compact lookup table
const ALIASES: Readonly<Record<string, string>> = {
  us: "US", usa: "US", "united states": "US", "united states of america": "US", america: "US",
  uk: "GB", gb: "GB", "great britain": "GB", "united kingdom": "GB", england: "GB", scotland: "GB",
  wales: "GB", "northern ireland": "GB", britain: "GB",
  deutschland: "DE", "bundesrepublik deutschland": "DE", espana: "ES", españa: "ES", italia: "IT",
  nederland: "NL", "the netherlands": "NL", holland: "NL", schweiz: "CH", suisse: "CH", svizzera: "CH",
  österreich: "AT", osterreich: "AT", belgique: "BE", belgië: "BE", belgie: "BE", brasil: "BR",
  méxico: "MX", "czech republic": "CZ", česko: "CZ", polska: "PL", sverige: "SE", norge: "NO",
  danmark: "DK", suomi: "FI", éire: "IE", "republic of ireland": "IE", "south korea": "KR",
  "korea, republic of": "KR", "russian federation": "RU", "viet nam": "VN", türkiye: "TR",
  "hong kong sar": "HK", "uae": "AE", "united arab emirates": "AE", "new zealand": "NZ",
};

/** A 2-letter code only if country-coder knows it as a country-level feature. */
function knownAlpha2(code: string): string | null {
  const props = feature(code)?.properties;
  if (!props?.iso1A2 || (props.level !== "country" && props.level !== "territory")) return null;
  return props.iso1A2;
}

/** `country_code` input (or any code-like string: "us", "USA", "UK") → alpha-2, else null. */
export function normalizeCountryCode(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const s = value.trim().replace(/\./g, "");
  if (!/^[A-Za-z]{2,3}$/.test(s)) return null;
  const alias = ALIASES[s.toLowerCase()];
  if (alias) return alias;
  return knownAlpha2(s.toUpperCase());
}

/** Offline point-in-country lookup; null at sea or for invalid coordinates. */
export function countryFromCoordinates(lat: number, lng: number): string | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
    return null;
  return iso1A2Code([lng, lat]);
}

/**
 * A country name or code written in an address ("France", "USA", "UK"). Region codes and names that
 * double as countries ("CA", "IN", "Georgia") are not countries here: the caller decides with context.
 */
export function countryFromName(text: string): string | null {
  const s = collapseWhitespace(text).replace(/\./g, "");
  if (s.length < 2 || s.length > 60 || !/^[\p{L} ,'()-]+$/u.test(s)) return null;
  const key = s.toLowerCase();
  const alias = ALIASES[key];
  if (alias) return alias;
  if (lookupRegion(key).length > 0) return null;
  if (s.length === 2) return knownAlpha2(s.toUpperCase());
  if (s.length === 3 && s === s.toUpperCase()) return iso1A2Code(s);
  return s.length > 3 ? iso1A2Code(s) : null;
}

/** The country named by the last comma-separated part of an address, if it clearly is one. */
export function countryFromAddressText(text: string): string | null {
  const parts = text.split(/[,\n;]/);
  for (let i = parts.length - 1; i >= 0; i--) {
    const last = collapseWhitespace(parts[i] ?? "");
    if (!last) continue;
    const direct = countryFromName(last);
    if (direct) return direct;
    // "New York, NY 10001 USA": a trailing country word after a postcode.
    const m = /\b(USA|US|U\.S\.A\.|UK|United States|United Kingdom|Canada|Australia)$/i.exec(last);
    if (m?.[1] && m.index > 0) return countryFromName(m[1]);
    return null;
  }
  return null;
}
