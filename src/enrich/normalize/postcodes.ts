/**
 * Postcode (+ region, + city) patterns found at the end of an address segment, for the formats the
 * generic parser misses or mislabels: US ZIP with state, Canadian "ON M5H 2N2", UK "SW1A 2AA",
 * Australian "NSW 2000", and continental "75001 Paris" / "1012 AB Amsterdam".
 */
import { AU_STATES, CA_PROVINCES, regionIn, US_STATES, US_TERRITORIES } from "./regions.js";

export interface PostcodeMatch {
  postalCode: string;
  state: string | null;
  /** Text before the postcode in the same segment (usually the city), or null. */
  before: string | null;
  /** Country the pattern implies, when it implies one. */
  country: string | null;
}

const US_STATE_ALT = Object.entries(US_STATES)
  .flatMap(([code, name]) => [code, name.replace(/ /g, "\\s+")])
  .join("|");
const US_TAIL = new RegExp(String.raw`^(.*?)[\s,]*\b(${US_STATE_ALT})\.?\s+(\d{5}(?:-\d{4})?)$`, "i");
const US_ZIP_ONLY = /^(\d{5}(?:-\d{4})?)$/;
const CA_PROV_ALT = Object.entries(CA_PROVINCES)
  .flatMap(([code, name]) => [code, name.replace(/ /g, "\\s+")])
  .join("|");
const CA_TAIL = new RegExp(
  String.raw`^(.*?)[\s,]*(?:\b(${CA_PROV_ALT})\.?\s+)?([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])\s?(\d[ABCEGHJ-NPRSTV-Z]\d)$`,
  "i",
);
const UK_TAIL = /^(.*?)[\s,]*\b(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})$/i;
const AU_STATE_ALT = Object.entries(AU_STATES)
  .flatMap(([code, name]) => [code, name.replace(/ /g, "\\s+")])
  .join("|");
const AU_TAIL = new RegExp(String.raw`^(.*?)[\s,]*\b(${AU_STATE_ALT})\.?\s+(\d{4})$`, "i");
/**
 * Continental forms: 6, 5 or 4 digits ("190000 Санкт-Петербург", "75001 Paris", "1010 Wien"),
 * Dutch "1012 AB", Polish "00-950", Czech/Slovak/Swedish/Greek "110 00" (Greek also after the town:
 * "Αθήνα 105 63"), Portuguese "1100-148", Brazilian CEP "01310-200", Japanese "100-8994", and the
 * old country-letter prefix "D-10115". Town names may hold combining marks (Thai, Devanagari).
 */
const CODE = String.raw`\d{5}-\d{3}|\d{4}-\d{3}|\d{3}-\d{4}|\d{6}|\d{5}|\d{4}\s?[A-Z]{2}|\d{4}|\d{2}-\d{3}|\d{3}\s\d{2}|[A-Z]{1,2}-\d{4,5}`;
const LEADING_POSTCODE = new RegExp(String.raw`^(${CODE})\s+(\p{L}.*)$`, "iu");
const CODE_ONLY = /^(?:\d{4,6}|\d{5}-\d{3}|\d{4}-\d{3}|\d{3}-\d{4})$/;
const TRAILING_POSTCODE =
  /^(\p{L}[\p{L}\p{M} .'-]*?)\s+(\d{4,6}|\d{5}-\d{3}|\d{4}-\d{3}|\d{3}-\d{4}|\d{3}\s\d{2})$/u;
/** Three-digit postcodes before the town: Iceland ("121 Reykjavík"), the Faroe Islands ("100 Tórshavn"). */
const THREE_DIGIT = new Set(["IS", "FO"]);
const LEADING_THREE = /^(\d{3})\s+(\p{L}.*)$/u;

function nonEmpty(s: string | undefined): string | null {
  const t = (s ?? "").replace(/^[\s,]+|[\s,]+$/g, "");
  return t.length > 0 ? t : null;
}

/** Tries the patterns allowed for `country` (all when null) on the end of one segment. */
export function matchPostcodeTail(segment: string, country: string | null): PostcodeMatch | null {
  const s = segment.trim();
  if (!country || country === "CA") {
    const m = CA_TAIL.exec(s);
    if (m?.[3] && m[4]) {
      const province = m[2] ? regionIn("CA", m[2]) : null;
      return {
        postalCode: `${m[3]} ${m[4]}`.toUpperCase(),
        state: province,
        before: nonEmpty(m[1]),
        country: "CA",
      };
    }
  }
  if (!country || country === "US" || US_TERRITORIES.has(country)) {
    const m = US_TAIL.exec(s);
    if (m?.[2] && m[3]) {
      const state = regionIn("US", m[2]);
      // USPS gives Puerto Rico, Guam, ... state codes, ISO 3166 their own country codes.
      const own = state && US_TERRITORIES.has(state) ? state : "US";
      if (country && country !== "US" && country !== own) return null;
      return { postalCode: m[3], state, before: nonEmpty(m[1]), country: own };
    }
    const z = US_ZIP_ONLY.exec(s);
    if (z?.[1] && country === "US") return { postalCode: z[1], state: null, before: null, country: "US" };
  }
  if (!country || country === "AU") {
    const m = AU_TAIL.exec(s);
    if (m?.[2] && m[3])
      return { postalCode: m[3], state: regionIn("AU", m[2]), before: nonEmpty(m[1]), country: "AU" };
  }
  if (!country || country === "GB" || country === "IM" || country === "JE" || country === "GG") {
    const m = UK_TAIL.exec(s);
    if (m?.[2] && m[3]) {
      return {
        postalCode: `${m[2]} ${m[3]}`.toUpperCase(),
        state: null,
        before: nonEmpty(m[1]),
        country: country ?? "GB",
      };
    }
  }
  if (country !== "US" && country !== "CA" && country !== "GB") {
    const m =
      LEADING_POSTCODE.exec(s) ?? (country && THREE_DIGIT.has(country) ? LEADING_THREE.exec(s) : null);
    if (m?.[1] && m[2])
      return { postalCode: m[1].toUpperCase(), state: null, before: nonEmpty(m[2]), country: null };
    if (country && CODE_ONLY.test(s)) return { postalCode: s, state: null, before: null, country: null };
    const t = TRAILING_POSTCODE.exec(s);
    if (t?.[1] && t[2] && country) return { postalCode: t[2], state: null, before: t[1], country: null };
  }
  return null;
}
