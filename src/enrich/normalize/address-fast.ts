/**
 * Fast structural address parser for the common comma-separated layouts
 * ("<unit>, <house> <street>, <city>, <state/postcode>, <country>"), in a few microseconds. It only
 * reports `complete` when it found a street line and a city or postcode; otherwise the caller falls
 * back to pelias-parser (about a millisecond per address).
 */
import { type AddressParts, STREET_WORD } from "./address-fields.js";
import { extractBuilding, extractFloor, extractSlashUnit, extractUnit } from "./address-units.js";
import { countryFromName } from "./country.js";
import { matchPostcodeTail } from "./postcodes.js";
import { lookupRegion, regionIn } from "./regions.js";

export interface FastParse {
  parts: AddressParts;
  complete: boolean;
  unparsed: string[];
}

/** Countries where the house number follows the street name ("Hauptstraße 5", "Via Roma 12"). */
// biome-ignore format: compact lookup table
const HOUSE_AFTER = new Set([
  "DE", "AT", "CH", "LI", "NL", "BE", "LU", "DK", "SE", "NO", "FI", "IS", "IT", "ES", "PT", "PL", "CZ", "SK",
  "HU", "HR", "SI", "RS", "BA", "RO", "BG", "GR", "EE", "LV", "LT", "UA", "RU", "TR", "BR", "AR", "MX", "CL",
  "CO", "PE", "UY", "VE", "EC", "BO", "PY",
]);

const HOUSE_FIRST = /^(\d{1,6}[a-z]?(?:[-–]\d{1,6}[a-z]?)?|\d{1,6} ?[½])\s+(.*\p{L}.*)$/iu;
const HOUSE_LAST = /^(.*\p{L}.*?)\s+(\d{1,5}[a-z]?(?:[-/]\d{1,5}[a-z]?)?)$/iu;

function looksLikeCity(s: string): boolean {
  // "St Louis", "Ste Genevieve", "Mt Vernon", "Ft Myers": a leading abbreviation is not a street type.
  const name = s.replace(/^(st|ste|mt|ft|pt)\.?\s+(?=\p{L})/iu, "");
  return /\p{L}/u.test(s) && !/\d/.test(s) && !STREET_WORD.test(name) && s.length <= 60;
}

/** Country from the last segment, unless it is as likely a region ("CA", "WA", "Georgia"). */
function takeCountry(segments: string[]): string | null {
  const last = segments.at(-1);
  if (last === undefined) return null;
  if (lookupRegion(last).length > 0 && !/^(us|usa|uk)$/i.test(last)) return null;
  const c = countryFromName(last);
  if (c) {
    segments.pop();
    return c;
  }
  // "…, NY 10001 USA": a trailing country word after a postcode.
  const m = /^(.*\d.*?)\s+(USA|US|U\.S\.A\.|UK|Canada|Australia|United States|United Kingdom)$/i.exec(last);
  if (m?.[1] && m[2]) {
    segments[segments.length - 1] = m[1];
    return countryFromName(m[2]);
  }
  return null;
}

export function parseAddressFast(text: string, countryHint: string | null): FastParse {
  const parts: AddressParts = {};
  const unparsed: string[] = [];
  const segments = text
    .split(/\s*[,\n;]\s*/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const givenCountry = takeCountry(segments);
  let country = givenCountry ?? countryHint;

  // Postcode / region / city from the end.
  const tail = segments.at(-1);
  let cityTaken = false;
  if (tail !== undefined) {
    const pc = matchPostcodeTail(tail, country);
    if (pc && (pc.country !== null || segments.length >= 2)) {
      segments.pop();
      parts.postalCode = pc.postalCode;
      if (pc.state) parts.state = pc.state;
      if (pc.country && !country) country = pc.country;
      if (pc.before && looksLikeCity(pc.before)) {
        parts.city = pc.before;
        cityTaken = true;
      } else if (pc.before) {
        segments.push(pc.before);
      }
    } else if (segments.length >= 2) {
      const region = regionIn(country, tail);
      if (region) {
        segments.pop();
        parts.state = region;
        const hits = lookupRegion(tail);
        if (!country && hits.length === 1 && hits[0]) country = hits[0].country;
      }
    }
  }
  if (!cityTaken && segments.length >= 2) {
    const candidate = segments.at(-1)!;
    // "Sydney NSW" / "Springfield IL" without postcode.
    const withRegion = /^(.*\p{L}.*?)\s+([A-Za-z]{2,3})$/u.exec(candidate);
    const region = withRegion?.[2] && !parts.state ? regionIn(country, withRegion[2]) : null;
    if (region && withRegion?.[1] && looksLikeCity(withRegion[1])) {
      parts.state = region;
      parts.city = withRegion[1];
      segments.pop();
    } else if (looksLikeCity(candidate)) {
      parts.city = candidate;
      segments.pop();
    }
  }
  if (country) parts.country = country;

  // Sub-premise parts, building, then the street line.
  let streetFound = false;
  for (let i = 0; i < segments.length; i++) {
    let seg = segments[i]!;
    const slash = extractSlashUnit(seg);
    if (slash && !parts.unit_number) {
      parts.unit_number = slash.unit;
      seg = slash.rest;
    }
    for (const [key, extract] of [
      ["unit_number", extractUnit],
      ["floor", extractFloor],
      ["building", extractBuilding],
    ] as const) {
      if (parts[key]) continue;
      const x = extract(seg);
      if (x) {
        parts[key] = x.value;
        seg = x.rest;
      }
    }
    if (!seg) continue;
    if (streetFound) {
      unparsed.push(seg);
      continue;
    }
    const houseAfter = country !== null && HOUSE_AFTER.has(country);
    const first = houseAfter ? null : HOUSE_FIRST.exec(seg);
    const last = houseAfter || !country ? HOUSE_LAST.exec(seg) : null;
    if (first?.[1] && first[2]) {
      parts.house = first[1];
      parts.street = first[2];
      streetFound = true;
    } else if (last?.[1] && last[2] && (houseAfter || STREET_WORD.test(last[1]))) {
      parts.street = last[1];
      parts.house = last[2];
      streetFound = true;
    } else if (STREET_WORD.test(seg) && /\p{L}/u.test(seg)) {
      parts.street = seg;
      streetFound = true;
    } else if (i < segments.length - 1) {
      // A leading venue/building name before the street line ("Empire State Building, 350 5th Ave").
      if (!parts.building && /\b(building|tower|plaza|centre|center|house|mall|court|hall)\b/i.test(seg)) {
        parts.building = seg;
      } else {
        unparsed.push(seg);
      }
    } else {
      unparsed.push(seg);
    }
  }
  const complete =
    streetFound && (parts.city !== undefined || parts.postalCode !== undefined) && unparsed.length === 0;
  return { parts, complete, unparsed };
}
