/**
 * Fast structural address parser for the common separated layouts
 * ("<unit>, <house> <street>, <city>, <state/postcode>, <country>"), in a few microseconds. It only
 * reports `complete` when it found a street line and a city or postcode and nothing was left over;
 * otherwise the caller falls back to pelias-parser (about a millisecond per address). Addresses
 * written largest unit first in Japanese, Chinese or Korean go to address-cjk.ts.
 */
import { asciiDigits, isCjkAddress, parseCjkAddress } from "./address-cjk.js";
import { extractCedex, extractPostalBox, hasBox, mayHoldDelivery } from "./address-delivery.js";
import { type AddressParts, STREET_WORD } from "./address-fields.js";
import {
  extractBuilding,
  extractFloor,
  extractSlashUnit,
  extractUnit,
  extractUnitHouse,
} from "./address-units.js";
import { countryBeforePostcode, countryFromName, countryOfAmbiguousCode } from "./country.js";
import {
  CO_STREET_LINE,
  HOUSE_FIRST,
  HOUSE_LAST,
  HOUSE_ONLY,
  NO_NUMBER,
  normalizeHouse,
} from "./house-number.js";
import { matchPostcodeTail } from "./postcodes.js";
import { BR_STATES, lookupRegion, regionIn } from "./regions.js";
import { addressParts } from "./text.js";

export interface FastParse {
  parts: AddressParts;
  complete: boolean;
  unparsed: string[];
  /** Postal-delivery designators taken out (PO Box, CS/BP/TSA, Postfach, CEDEX, ...). */
  delivery: string[];
  /** True when the text was read in Japanese/Chinese/Korean order. */
  cjk?: boolean;
  /** The street line could not be split with confidence ("Calle 10": numbered street or house?). */
  unsure?: boolean;
}

/** Countries where the house number follows the street name ("Hauptstraße 5", "Via Roma 12"). */
// biome-ignore format: compact lookup table
const HOUSE_AFTER = new Set([
  "DE", "AT", "CH", "LI", "NL", "BE", "LU", "DK", "SE", "NO", "FI", "IS", "IT", "ES", "PT", "PL", "CZ", "SK",
  "HU", "HR", "SI", "RS", "BA", "RO", "BG", "GR", "EE", "LV", "LT", "UA", "RU", "TR", "BR", "AR", "MX", "CL",
  "CO", "PE", "UY", "VE", "EC", "BO", "PY", "IL", "SM", "VA", "MC", "AD",
]);

/** Countries whose regions the tail logic above reads itself (regions.ts). */
const REGION_COUNTRIES = new Set(["US", "CA", "AU", "GB"]);

function looksLikeCity(s: string): boolean {
  // "St Louis", "Ste Genevieve", "Mt Vernon", "Ft Myers": a leading abbreviation is not a street type.
  const name = s.replace(/^(st|ste|mt|ft|pt)\.?\s+(?=\p{L})/iu, "");
  return /\p{L}/u.test(s) && !/\d/.test(s) && !STREET_WORD.test(name) && s.length <= 60;
}

interface CountryTake {
  country: string | null;
  /** The last part is a code that may be a region or a country and nothing decides: leave it. */
  unsure: boolean;
}

/**
 * The country words takeCountry reads after a postcode, at the end of a part: the test that lets
 * most parts skip its backtracking expression (~2 % of an import's normalization).
 */
const COUNTRY_WORD_TAIL = /(?:USA|US|U\.S\.A\.|UK|Canada|Australia|United States|United Kingdom)$/i;

/** Country from the last segment, unless it is as likely a region ("CA", "WA", "Georgia"). */
function takeCountry(segments: string[], hint: string | null): CountryTake {
  const last = segments.at(-1);
  if (last === undefined) return { country: null, unsure: false };
  const ambiguous = countryOfAmbiguousCode(segments);
  if (ambiguous !== undefined) {
    const code = last.toUpperCase();
    // The place's country decides: "…, DE" in Germany is the country, in the US Delaware.
    if (hint && code === hint) {
      segments.pop();
      return { country: hint, unsure: false };
    }
    if (hint && regionIn(hint, last)) return { country: null, unsure: false };
    if (ambiguous === code) {
      segments.pop();
      return { country: code, unsure: false };
    }
    return { country: ambiguous, unsure: ambiguous === null && !hint };
  }
  if (lookupRegion(last).length > 0 && !/^(us|usa|uk)$/i.test(last)) return { country: null, unsure: false };
  const c = countryFromName(last);
  if (c) {
    segments.pop();
    return { country: c, unsure: false };
  }
  // "…, Москва, Россия, 125009": the postcode after the country (Russian Post); it stays the tail.
  const beforePostcode = countryBeforePostcode(segments);
  if (beforePostcode) {
    segments.splice(-2, 1);
    return { country: beforePostcode, unsure: false };
  }
  // "…, NY 10001 USA": a trailing country word after a postcode.
  const m = COUNTRY_WORD_TAIL.test(last.slice(-14))
    ? /^(.*\d.*?)\s+(USA|US|U\.S\.A\.|UK|Canada|Australia|United States|United Kingdom)$/i.exec(last)
    : null;
  if (m?.[1] && m[2]) {
    segments[segments.length - 1] = m[1];
    return { country: countryFromName(m[2]), unsure: false };
  }
  return { country: null, unsure: false };
}

/** Takes postal-delivery designators out of every segment (they are no part of the location). */
function takeDelivery(segments: string[], country: string | null): string[] {
  const delivery: string[] = [];
  for (let i = segments.length - 1; i >= 0; i--) {
    let seg = segments[i]!;
    const cedex = extractCedex(seg);
    if (cedex) {
      delivery.unshift(cedex.delivery);
      seg = cedex.rest;
    }
    const box = extractPostalBox(seg, country);
    if (box) {
      delivery.unshift(box.delivery);
      seg = box.rest;
    }
    if (seg) segments[i] = seg;
    else segments.splice(i, 1);
  }
  return delivery;
}

/**
 * Compound street names whose type is a suffix of the word (German "Hauptstraße", Dutch
 * "Kerkstraat", Danish "Nørregade", Swedish "Storgatan", Finnish "Mannerheimintie").
 */
const COMPOUND_STREET =
  /\p{L}(straße|strasse|str\.|weg|gasse|platz|allee|damm|straat|laan|gracht|plein|kade|singel|dijk|vej|gade|gatan|vägen|väg|veien|vei|gata|tie|katu)$/iu;

/** Correios' town and state's code: "São Paulo - SP". */
const BR_CITY_STATE = /^(\p{L}[\p{L} .'-]*?)\s*[-–/]\s*([A-Z]{2})$/u;

/**
 * Correios' layout for Brazil: "Av. Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200": the
 * number (and district) in the part after the street, the state's code after the city.
 */
function brazilianParts(segments: string[], parts: AddressParts): void {
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i]!;
    const city = BR_CITY_STATE.exec(seg);
    if (city?.[1] && city[2] && BR_STATES.has(city[2]) && parts.city === undefined) {
      parts.city = city[1];
      parts.state = city[2];
      segments.splice(i, 1);
      continue;
    }
    const house = /^(\d{1,6}[a-z]?)\s*[-–]\s*(\p{L}.*)$/iu.exec(seg);
    if (house?.[1] && house[2] && i > 0 && parts.house === undefined) {
      parts.house = house[1];
      parts.neighborhood = house[2];
      segments.splice(i, 1);
    }
  }
}

/** A delivery office number after the town: "Genève 2", "Bern 1". */
const DELIVERY_OFFICE = /^(\p{L}[\p{L} .'-]*?)\s+(\d{1,2})$/u;

const BARE_NUMBER = /(?:^|\s)\d{1,5}[a-z]?(?:[-/]\d{1,5})?(?=$|\s|,)/i;

const ROMANCE_STREET_FIRST =
  /^(?:avenida|av\.|avda\.?|calle|c\/|carrera|carretera|camino|paseo|rua|via|viale|piazza)\s/i;

/** House number and street of one street line, or null. */
function streetLine(seg: string, country: string | null): { house?: string; street: string } | null {
  const houseAfter = country !== null && HOUSE_AFTER.has(country);
  const noNumber = NO_NUMBER.exec(seg);
  if (noNumber) {
    // "Calle Mayor s/n": a street without a number (sin número / sem número).
    const street = `${seg.slice(0, noNumber.index)}${seg.slice(noNumber.index + noNumber[0].length)}`.trim();
    return /\p{L}/u.test(street) ? { street } : null;
  }
  const first = houseAfter ? null : HOUSE_FIRST.exec(seg);
  if (first?.[1] && first[2]) return { house: normalizeHouse(first[1]), street: first[2] };
  const last = houseAfter || !country ? HOUSE_LAST.exec(seg) : null;
  // "Calle 10", "Avenida 5": a street type alone before the number is a numbered street, not a
  // street and its house number (Colombia, Mexico, ...): kept whole.
  if (last?.[1] && /^[\p{L}.]+$/u.test(last[1]) && STREET_WORD.test(last[1])) return { street: seg };
  if (last?.[1] && last[2] && (houseAfter || STREET_WORD.test(last[1]) || COMPOUND_STREET.test(last[1])))
    return { street: last[1], house: normalizeHouse(last[2]) };
  // "Avenida Ashford 1", "Calle Luna 12" where the country's own habit is house-first (Puerto
  // Rico, the US): a Spanish/Portuguese/Italian street type first, the number last.
  if (!houseAfter && country && ROMANCE_STREET_FIRST.test(seg)) {
    const l = HOUSE_LAST.exec(seg);
    // "Calle 50" (Panama City): the street type alone before the number names the street.
    if (l?.[1] && /^[\p{L}.]+$/u.test(l[1]) && STREET_WORD.test(l[1])) return { street: seg };
    if (l?.[1] && l[2]) return { street: l[1], house: normalizeHouse(l[2]) };
  }
  if (houseAfter) {
    // "12 Via Roma" in a house-after country still reads house-first when the street word follows.
    const f = HOUSE_FIRST.exec(seg);
    if (f?.[1] && f[2] && STREET_WORD.test(f[2])) return { house: normalizeHouse(f[1]), street: f[2] };
  }
  if (STREET_WORD.test(seg) && /\p{L}/u.test(seg)) return { street: seg };
  return null;
}

export function parseAddressFast(input: string, countryHint: string | null): FastParse {
  if (isCjkAddress(input)) {
    const cjk = parseCjkAddress(input, countryHint);
    if (cjk) return { ...cjk, delivery: [], cjk: true };
  }
  const text = asciiDigits(input);
  const parts: AddressParts = {};
  const unparsed: string[] = [];
  const segments = addressParts(text);
  const taken = takeCountry(segments, countryHint);
  let country = taken.country ?? countryHint;
  if (taken.unsure) unparsed.push(segments.pop()!);
  const delivery = mayHoldDelivery(text, country) ? takeDelivery(segments, country) : [];
  if (country === "BR") brazilianParts(segments, parts);

  // Postcode / region / city from the end.
  const tail = segments.at(-1);
  let cityTaken = false;
  if (tail !== undefined) {
    const pc = matchPostcodeTail(tail, country);
    if (pc && (pc.country !== null || segments.length >= 2 || delivery.length > 0)) {
      segments.pop();
      parts.postalCode = pc.postalCode;
      if (pc.state) parts.state = pc.state;
      if (pc.country && !country) country = pc.country;
      // Post CH: in a box address the number after the town is the delivery office's
      // ("Case postale, 1211 Genève 2"), as CEDEX 9 is in France: not part of the town.
      const office = hasBox(delivery) && pc.before ? DELIVERY_OFFICE.exec(pc.before) : null;
      if (office?.[1] && looksLikeCity(office[1])) {
        delivery.push(pc.before!);
        parts.city = office[1];
        cityTaken = true;
      } else if (pc.before && looksLikeCity(pc.before)) {
        parts.city = pc.before;
        cityTaken = true;
      } else if (pc.before) {
        segments.push(pc.before);
      }
    } else if (segments.length >= 2 && !taken.unsure) {
      const hits = lookupRegion(tail);
      const region = country
        ? regionIn(country, tail)
        : new Set(hits.map((h) => h.country)).size === 1
          ? hits[0]!.code
          : null;
      if (region) {
        segments.pop();
        parts.state = region;
        if (!country && hits[0]) country = hits[0].country;
      }
    }
  }
  // A lone part left after the country or a postal box is the town ("P.O. Box 12, Doha, Qatar").
  const loneTown = segments.length === 1 && (delivery.length > 0 || taken.country !== null);
  // "44100 Guadalajara, Jal.", "28013 Madrid, Madrid": postcode and town, then the region's name
  // or abbreviation (Mexico, Spain, Italy, ...), where no postcode pattern took the last part.
  // A box address has no street line: there "29600 Marbella, Málaga" is postcode, town and region
  // even when no country says the postcode's format.
  if (
    parts.postalCode === undefined &&
    segments.length >= 2 &&
    ((country && !REGION_COUNTRIES.has(country)) || (!country && hasBox(delivery)))
  ) {
    const region = segments.at(-1)!;
    const pc = matchPostcodeTail(segments.at(-2)!, country);
    if (pc?.before && looksLikeCity(pc.before) && looksLikeCity(region) && region.length <= 30) {
      segments.splice(-2, 2);
      parts.postalCode = pc.postalCode;
      parts.city = pc.before;
      parts.state = region;
      cityTaken = true;
    }
  }
  if (!cityTaken && parts.city === undefined && (segments.length >= 2 || loneTown)) {
    const candidate = segments.at(-1)!;
    // "Sydney NSW" / "Springfield IL" without postcode.
    const withRegion = /^(.*\p{L}.*?)\s+([A-Za-z]{2,3})$/u.exec(candidate);
    const region = withRegion?.[2] && !parts.state && country ? regionIn(country, withRegion[2]) : null;
    if (region && withRegion?.[1] && looksLikeCity(withRegion[1])) {
      parts.state = region;
      parts.city = withRegion[1];
      segments.pop();
    } else if (looksLikeCity(candidate)) {
      parts.city = candidate;
      segments.pop();
    }
  }
  // Correios: the state's code after the town, also where the town came with the CEP
  // ("01000-000 São Paulo - SP").
  if (country === "BR" && parts.city && !parts.state) {
    const uf = BR_CITY_STATE.exec(parts.city);
    if (uf?.[1] && uf[2] && BR_STATES.has(uf[2])) {
      parts.city = uf[1];
      parts.state = uf[2];
    }
  }
  // Poste Italiane: the province's code after the town ("00184 Roma RM", "Venezia (VE)").
  if (country === "IT" && parts.city && !parts.state) {
    const prov = /^(.*\p{L})\s+\(?([A-Z]{2})\)?$/u.exec(parts.city);
    if (prov?.[1] && prov[2]) {
      parts.city = prov[1];
      parts.state = prov[2];
    }
  }
  // Turkey's PTT writes the district and the province together: "34433 Beyoğlu/İstanbul".
  if (country === "TR" && parts.city?.includes("/")) {
    const [district, province] = parts.city.split("/").map((x) => x.trim());
    if (district && province) {
      parts.suburb = district;
      parts.city = province;
    }
  }
  if (country) parts.country = country;

  // Sub-premise parts, building, then the street line.
  let streetFound = false;
  let unsure = false;
  for (let i = 0; i < segments.length; i++) {
    let seg = segments[i]!;
    const co = streetFound || (country !== null && country !== "CO") ? null : CO_STREET_LINE.exec(seg);
    if (co?.[1] && co[2]) {
      parts.street = co[1].trim();
      parts.house = co[2].replace(/\s*-\s*/, "-");
      streetFound = true;
      seg = seg.slice(co[0].length).replace(/^[\s,]+/, "");
      if (!seg) continue;
    }
    const unitHouse = streetFound ? null : extractUnitHouse(seg, country);
    if (unitHouse && !parts.unit_number) {
      parts.unit_number = unitHouse.unit;
      seg = unitHouse.rest;
    }
    const slash = extractSlashUnit(seg, country);
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
    // "12, rue de Rivoli" / "12 bis, rue de la Paix": the number as its own part before the street.
    if (!streetFound && HOUSE_ONLY.test(seg) && i + 1 < segments.length) {
      const next = streetLine(segments[i + 1]!, country);
      if (next && next.house === undefined) {
        parts.house = normalizeHouse(seg);
        parts.street = next.street;
        streetFound = true;
        i++;
        continue;
      }
    }
    if (streetFound) {
      // "Av. Paulista, 1578", "Via Roma, 12/A": the number in the part after the street (Brazil,
      // Portugal, Spain, Italy).
      if (parts.house === undefined && HOUSE_ONLY.test(seg)) parts.house = normalizeHouse(seg);
      else unparsed.push(seg);
      continue;
    }
    const line = streetLine(seg, country);
    if (line) {
      if (line.house !== undefined && parts.house === undefined) parts.house = line.house;
      parts.street = line.street;
      streetFound = true;
      // A street taken whole with a bare number in it ("Calle 10", "Route 66") may hold a house
      // number no pattern split off: unsure. Ordinals ("4th & Bering St") are names.
      if (line.house === undefined && parts.house === undefined && BARE_NUMBER.test(line.street))
        unsure = true;
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
    streetFound &&
    !unsure &&
    (parts.city !== undefined || parts.postalCode !== undefined) &&
    unparsed.length === 0;
  return { parts, complete, unparsed, delivery, unsure };
}
