/**
 * Country resolution: ISO 3166-1 alpha-2 codes from a given code, from coordinates (offline, with
 * @rapideditor/country-coder) or from an address ("…, US", "…, Deutschland", "…، قطر",
 * "Tampa, FL 33602", "〒100-8994 東京都…").
 */
import { borders, feature, iso1A2Code } from "@rapideditor/country-coder";
import { lookupTable } from "../../lookup-table.js";
import { cjkCountry } from "./address-cjk.js";
import { matchPostcodeTail } from "./postcodes.js";
import { lookupRegion, US_TERRITORIES } from "./regions.js";
import { addressParts, collapseWhitespace } from "./text.js";

/** Country spellings neither country-coder nor CLDR (below) know (keys lower case, dots removed). */
// biome-ignore format: compact lookup table
const ALIASES: Readonly<Record<string, string>> = lookupTable({
  us: "US", usa: "US", "united states": "US", "united states of america": "US", america: "US",
  uk: "GB", gb: "GB", "great britain": "GB", "united kingdom": "GB", england: "GB", scotland: "GB",
  wales: "GB", "northern ireland": "GB", britain: "GB",
  "bundesrepublik deutschland": "DE", espana: "ES", "the netherlands": "NL", holland: "NL",
  osterreich: "AT", belgie: "BE", "czech republic": "CZ", éire: "IE", "republic of ireland": "IE",
  "korea, republic of": "KR", "russian federation": "RU", "viet nam": "VN", "hong kong sar": "HK",
  uae: "AE", "prc": "CN", "中华人民共和国": "CN", "中華人民共和國": "CN", "日本国": "JP", "臺灣": "TW",
  "澳门特别行政区": "MO", "香港特别行政区": "HK", "대한민국": "KR", "남한": "KR", "ประเทศไทย": "TH",
});

/** Languages whose CLDR country names are recognized for every country, besides each country's own. */
const NAME_LANGUAGES = ["en", "fr", "de", "es", "it", "pt", "nl", "ru", "zh", "zh-Hant", "ja", "ko", "ar"];

/** A 2-letter code only if country-coder knows it as a country-level feature. */
function knownAlpha2(code: string): string | null {
  const props = feature(code)?.properties;
  if (!props?.iso1A2 || (props.level !== "country" && props.level !== "territory")) return null;
  return props.iso1A2;
}

/** True when the code is itself an ISO alpha-2 country code (not an alias: "FL" is LI's old code). */
function isAlpha2(code: string): boolean {
  return /^[A-Za-z]{2}$/.test(code) && knownAlpha2(code.toUpperCase()) === code.toUpperCase();
}

let localNames: Map<string, string> | null = null;
let localNamesMs = 0;

function nameKey(s: string): string {
  return s.toLowerCase().replace(/\./g, "").trim();
}

/**
 * Country names in other languages, from CLDR through the runtime's Intl.DisplayNames (long and
 * short forms): each country in its own likely language (Intl.Locale("und-QA").maximize() → ar:
 * "قطر") and every country in NAME_LANGUAGES. Built once, lazily (≈30 ms); names CLDR gives to two
 * codes (deprecated ones like DD/DE) resolve to the current code country-coder knows.
 */
export function loadCountryNames(): number {
  if (localNames) return localNamesMs;
  const start = performance.now();
  const map = new Map<string, string>();
  const codes: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const r = String.fromCharCode(a, b);
      if (knownAlpha2(r) === r) codes.push(r);
    }
  }
  const add = (locale: string, regions: readonly string[]) => {
    for (const style of ["long", "short"] as const) {
      let names: Intl.DisplayNames;
      try {
        names = new Intl.DisplayNames([locale], { type: "region", style, fallback: "none" });
      } catch {
        return;
      }
      for (const r of regions) {
        const n = names.of(r);
        if (n && n !== r && !map.has(nameKey(n))) map.set(nameKey(n), r);
      }
    }
  };
  for (const r of codes) {
    try {
      add(new Intl.Locale(`und-${r}`).maximize().baseName, [r]);
    } catch {
      // No likely language for this region in the runtime's CLDR: its name in NAME_LANGUAGES remains.
    }
  }
  for (const lang of NAME_LANGUAGES) add(lang, codes);
  localNames = map;
  localNamesMs = performance.now() - start;
  return localNamesMs;
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

type Box = readonly [number, number, number, number];
let territoryBoxes: Box[] | null = null;

/**
 * Bounding boxes of the territories with their own official ISO code (from country-coder's borders;
 * aggregates like SH or UM through their members): only a point inside one needs the slower
 * territory-level lookup.
 */
function nearTerritory(lng: number, lat: number): boolean {
  if (!territoryBoxes) {
    const byId = new Map(borders.features.map((f) => [f.properties.id, f]));
    const boxes: Box[] = [];
    const addGeometry = (g: unknown) => {
      let box: [number, number, number, number] = [180, 90, -180, -90];
      const walk = (c: unknown): void => {
        if (Array.isArray(c) && typeof c[0] === "number") {
          const [x, y] = c as [number, number];
          box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)];
        } else if (Array.isArray(c)) for (const x of c) walk(x);
      };
      walk((g as { coordinates?: unknown } | null)?.coordinates);
      if (box[0] <= box[2]) boxes.push(box);
    };
    for (const f of borders.features) {
      const p = f.properties;
      if (p.level !== "territory" || !p.iso1A2 || p.isoStatus !== "official") continue;
      if (f.geometry) addGeometry(f.geometry);
      for (const m of p.members ?? []) addGeometry(byId.get(m)?.geometry);
    }
    territoryBoxes = boxes;
  }
  return territoryBoxes.some((b) => lng >= b[0] && lng <= b[2] && lat >= b[1] && lat <= b[3]);
}

/**
 * Offline point-in-country lookup; null at sea or for invalid coordinates. Territories with their
 * own ISO 3166-1 code are answered as themselves (country-coder's `level: "territory"`): Hong Kong
 * is HK, not CN; Puerto Rico PR, Réunion RE, Guam GU — which is also what their phone numbers,
 * postcodes and currencies follow. Codes ISO only reserves (EA Ceuta and Melilla, IC Canary
 * Islands) give the sovereign country's code. Points far from any territory take country-coder's
 * faster country-level lookup (same answer).
 */
export function countryFromCoordinates(lat: number, lng: number): string | null {
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
    return null;
  if (!nearTerritory(lng, lat)) return iso1A2Code([lng, lat]);
  const smallest = feature([lng, lat], { level: "territory" })?.properties;
  if (!smallest) return null;
  // An official territory, or already the country: one lookup. Otherwise (England, the Azores: no
  // code of their own, or only a reserved one) the country-level lookup.
  if (smallest.iso1A2 && (smallest.isoStatus === "official" || smallest.level === "country"))
    return smallest.iso1A2;
  return iso1A2Code([lng, lat]);
}

/**
 * A country name or code written in an address ("France", "USA", "UK", "Deutschland", "قطر",
 * "日本"). Region codes and names that double as countries ("CA", "IN", "Georgia") are not
 * countries here: the caller decides with context.
 */
export function countryFromName(text: string): string | null {
  const s = collapseWhitespace(text).replace(/\./g, "");
  if (s.length < 2 || s.length > 60 || !/^[\p{L}\p{M} ,'()-]+$/u.test(s)) return null;
  const key = s.toLowerCase();
  const alias = ALIASES[key];
  if (alias) return alias;
  if (lookupRegion(key).length > 0) return null;
  if (s.length === 2) return /^[A-Za-z]{2}$/.test(s) ? knownAlpha2(s.toUpperCase()) : localName(key);
  if (s.length === 3 && s === s.toUpperCase() && /^[A-Z]{3}$/.test(s)) return iso1A2Code(s);
  return (/^[\p{Script=Latin} ,'()-]+$/u.test(s) ? iso1A2Code(s) : null) ?? localName(key);
}

/**
 * Country names of another language that are also the name of a well-known city where they are
 * written ("Granada" is Grenada in Spanish and a Spanish city; "Túnez" both Tunisia and Tunis):
 * read as no country.
 */
const ALSO_A_CITY: ReadonlySet<string> = new Set(["granada", "túnez", "tunez", "argel"]);

function localName(key: string): string | null {
  if (ALSO_A_CITY.has(key)) return null;
  loadCountryNames();
  return localNames!.get(key) ?? null;
}

/** The last separator-delimited parts of an address, cleaned, empties dropped. */
function segmentsOf(text: string): string[] {
  return addressParts(collapseWhitespace(text));
}

/** "1 Infinite Loop": a house number first, then a street with an English street-type word. */
const US_STYLE_STREET =
  /^\d{1,6}[a-z]?\s+.*\b(st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|pkwy|parkway|hwy|highway|cir|circle|loop|trail|trl|ter|terrace)\b\.?/i;

/**
 * "…, CA", "…, DE", "…, IN": a two-letter code that is both a country code (Canada, Germany, India)
 * and a US state / Canadian province / Australian state code. Decided by the layout of the rest:
 * a postcode written before the city in the previous part ("10115 Berlin, DE") makes it a country;
 * a US-style street line ("1 Infinite Loop, Cupertino, CA") makes it a region. Otherwise unsure.
 * Returns the country, or undefined when the last part is not such a code.
 */
export function countryOfAmbiguousCode(segments: readonly string[]): string | null | undefined {
  const last = segments.at(-1);
  if (!last || !/^[A-Za-z]{2}$/.test(last)) return undefined;
  const hits = lookupRegion(last);
  if (hits.length === 0 || !isAlpha2(last)) return undefined;
  const asCountry = last.toUpperCase();
  // Puerto Rico, Guam, ...: the USPS state code and the ISO country code agree.
  if (US_TERRITORIES.has(asCountry)) return asCountry;
  const prev = segments.at(-2) ?? "";
  if (/^\d{4,5}\s+\p{L}/u.test(prev) || /^[A-Z]{1,2}-\d{4,5}\s/.test(prev)) return asCountry;
  if (segments.length >= 3 && US_STYLE_STREET.test(segments[0]!)) {
    const countries = new Set(hits.map((h) => h.country));
    return countries.size === 1 ? hits[0]!.country : null;
  }
  return null;
}

/** A part holding only a postcode ("125009", "101000", "1010", "111 22", "00-950"). */
const BARE_POSTCODE = /^\d{3,6}(?:[-\s]\d{2,4})?$/;

/**
 * Russian Post (and the posts of Ukraine, Belarus, Kazakhstan) write the postcode last, after the
 * country: "ул. Тверская, 7, Москва, Россия, 125009". The country of such a layout: the part
 * before a last part that is only a postcode, when it is a country name; else null.
 */
export function countryBeforePostcode(segments: readonly string[]): string | null {
  const last = segments.at(-1);
  const prev = segments.at(-2);
  if (!last || !prev || segments.length < 3 || !BARE_POSTCODE.test(last)) return null;
  return countryFromName(prev);
}

/** Region names that are also country names (Georgia): undecided without other evidence. */
const ALSO_COUNTRY: ReadonlySet<string> = new Set(["georgia"]);

/**
 * The country an address names or implies, or null when it is unsure:
 * - a country name or code as its last part ("…, US", "…, France", "…، قطر") — or before a last
 *   part that is only the postcode ("…, Москва, Россия, 125009") — or as its first part, as written
 *   largest-first ("대한민국 서울특별시 …", "中国北京市…");
 * - a trailing country word after a postcode ("…, NY 10001 USA");
 * - a postcode pattern that names its country: US state + ZIP, Canadian province + postcode (or
 *   the postcode alone), UK postcode, Australian state + postcode;
 * - a region that exists in one country only ("Tampa, FL", "Toronto, ON", "Sydney NSW"); codes
 *   shared by several regions (WA, NT) or with a country (CA, DE: countryOfAmbiguousCode) and
 *   names shared with a country (Georgia) stay undecided without more evidence;
 * - a Japanese, Chinese, Korean or Taiwanese address by its first-level division (address-cjk.ts).
 */
export function countryFromAddressText(text: string): string | null {
  const segments = segmentsOf(text);
  const last = segments.at(-1);
  if (!last) return null;
  const ambiguous = countryOfAmbiguousCode(segments);
  if (ambiguous !== undefined) return ambiguous;
  const direct = countryFromName(last) ?? countryBeforePostcode(segments);
  if (direct) return direct;
  // "New York, NY 10001 USA": a trailing country word after a postcode.
  const m = /\b(USA|US|U\.S\.A\.|UK|United States|United Kingdom|Canada|Australia)$/i.exec(last);
  if (m?.[1] && m.index > 0) return countryFromName(m[1]);
  // "Singapore 048616", "Monaco 98000": a city-state's name before its postcode.
  const named = /^(\p{L}[\p{L}\p{M} .'-]*?)\s+\d{4,6}$/u.exec(last);
  if (named?.[1]) {
    const c = countryFromName(named[1]);
    if (c) return c;
  }
  const cjk = cjkCountry(text);
  if (cjk) return cjk;
  if (segments.length > 1) {
    const first = countryFromName(segments[0]!);
    if (first) return first;
  }
  // Postcode and region patterns on the last two parts ("Tampa, FL 33602" / "Toronto, ON, M5H 2N2").
  for (const seg of segments.slice(-2).reverse()) {
    const pc = matchPostcodeTail(seg, null);
    if (pc?.country) return pc.country;
  }
  for (const seg of segments.slice(-2).reverse()) {
    const word = /(?:^|\s)([\p{L}.]{2,4})$/u.exec(seg)?.[1];
    for (const candidate of word && word !== seg ? [seg, word] : [seg]) {
      const hits = lookupRegion(candidate);
      if (hits.length === 0) continue;
      const countries = new Set(hits.map((h) => h.country));
      const alsoCountry = ALSO_COUNTRY.has(nameKey(candidate)) || isAlpha2(candidate);
      if (countries.size !== 1 || alsoCountry) return null;
      return hits[0]!.country === "US" && US_TERRITORIES.has(hits[0]!.code)
        ? hits[0]!.code
        : hits[0]!.country;
    }
  }
  return null;
}
