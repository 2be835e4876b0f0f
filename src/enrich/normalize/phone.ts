/**
 * Phone hints → E.164 with libphonenumber-js (the "max" metadata, which can tell valid numbers from
 * merely possible ones). A number is accepted only when it is valid for its country.
 *
 * Before it, invisible format characters are removed (bidi marks around numbers copied from
 * right-to-left text). Two things libphonenumber-js leaves to its callers are done here, and only
 * when the number as written is not valid: vanity letters (phone-keypad.ts) and dialing prefixes
 * that numbering plans have abolished but data still carries (obsolete-prefixes.ts).
 */
import {
  type CountryCode,
  isSupportedCountry,
  type PhoneNumber,
  parsePhoneNumberFromString,
} from "libphonenumber-js/max";
import { OBSOLETE_PREFIXES } from "./obsolete-prefixes.js";
import { vanityToDigits } from "./phone-keypad.js";
import { quote, stripFormatCharacters } from "./text.js";

export type PhoneParse =
  | {
      ok: true;
      raw: string;
      e164: string;
      country: string | null;
      /** How the number had to be read: "vanity letters", or the obsolete prefix dropped. */
      rewrite?: string;
    }
  | { ok: false; raw: string; reason: string };

const MAX_NUMBERS = 10;

/** Any of the characters splitPhoneHint splits at ("/" included), or " or ". */
const ONE_NUMBER_OR_MORE = /[;,|\n\uff0c\uff1b\u3001\u060c\u061b/]|\sor\s/i;

/**
 * Splits a hint holding several numbers ("212 555 0100; 212 555 0101", "… / …"). `;`, `,` and `|`
 * (and the full-width and Arabic commas and semicolons) always separate; `/` separates only when every piece has enough digits to be a number by itself
 * (so "030/1234567", a German area code written with a slash, stays one number).
 */
export function splitPhoneHint(hint: string): string[] {
  // One number, nothing to split (most hints): what the split below gives it, without the splitting.
  if (!ONE_NUMBER_OR_MORE.test(hint)) {
    const p = hint.trim();
    return p ? [p] : [];
  }
  const out: string[] = [];
  for (const part of hint.split(/[;,|\n\uff0c\uff1b\u3001\u060c\u061b]|\s+or\s+/i)) {
    const p = part.trim();
    if (!p) continue;
    const pieces = p.split("/").map((s) => s.trim());
    const separate = pieces.length > 1 && pieces.every((s) => (s.match(/\d/g)?.length ?? 0) >= 7);
    for (const s of separate ? pieces : [p]) {
      if (s) out.push(s);
      if (out.length >= MAX_NUMBERS) return out;
    }
  }
  return out;
}

const supported = new Map<string, boolean>();

function defaultCountry(country: string | null): CountryCode | undefined {
  if (!country) return undefined;
  let ok = supported.get(country);
  if (ok === undefined) {
    ok = isSupportedCountry(country);
    if (supported.size < 1000) supported.set(country, ok);
  }
  return ok ? (country as CountryCode) : undefined;
}

/** Digits, and letters when there is a digit (vanity numbers): `text.match(/\d/g)` etc., counted. */
function dialableCount(text: string): number {
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
  }
  return digits > 0 ? digits + letters : 0;
}

function parse(text: string, dc: CountryCode | undefined): PhoneNumber | undefined {
  return parsePhoneNumberFromString(dc ? text : text.replace(/^\s*00/, "+"), dc);
}

/** The number read after a documented rewrite (vanity letters, obsolete prefix), if that is valid. */
function rewritten(text: string, dc: CountryCode | undefined): { number: PhoneNumber; how: string } | null {
  const vanity = vanityToDigits(text);
  if (vanity) {
    for (const candidate of vanity.candidates) {
      const p = parse(candidate, dc);
      if (p?.isValid()) return { number: p, how: "vanity letters read on the phone keypad" };
    }
  }
  for (const rule of OBSOLETE_PREFIXES) {
    const readings = rule.rewrite(text, dc);
    if (!readings) continue;
    for (const candidate of typeof readings === "string" ? [readings] : readings) {
      const p = parse(candidate, dc);
      if (p?.isValid() && p.countryCallingCode === rule.callingCode) return { number: p, how: rule.name };
    }
  }
  return null;
}

/** One number → E.164, or a rejection saying why (quoted in the reasoning). */
export function normalizePhone(raw: string, country: string | null): PhoneParse {
  const text = stripFormatCharacters(raw, "all").trim();
  const q = quote(text);
  // Vanity letters are digits on the keypad: "13 CABS" (Australia) has six.
  const dialable = dialableCount(text);
  if (dialable < 3 || text.length > 60)
    return { ok: false, raw: text, reason: `input phone ${q} is not a phone number` };
  const dc = defaultCountry(country);
  const international = /^\s*(\+|00)/.test(text);
  if (!dc && !international) {
    return {
      ok: false,
      raw: text,
      reason: `input phone ${q} has no country calling code and the place's country is unknown`,
    };
  }
  const parsed = parse(text, dc);
  if (!parsed?.isValid()) {
    const fixed = rewritten(text, dc);
    if (fixed) {
      return {
        ok: true,
        raw: text,
        e164: fixed.number.number,
        country: fixed.number.country ?? null,
        rewrite: fixed.how,
      };
    }
  }
  if (!parsed) {
    return {
      ok: false,
      raw: text,
      reason: `input phone ${q} is not a valid number${dc ? ` for ${dc}` : ""}`,
    };
  }
  if (!parsed.isValid()) {
    const where = parsed.country ?? dc;
    return {
      ok: false,
      raw: text,
      reason: `input phone ${q} is not a valid number${where ? ` for ${where}` : ""}`,
    };
  }
  return { ok: true, raw: text, e164: parsed.number, country: parsed.country ?? null };
}

/** Number types that name an organization or a person, not a place (libphonenumber-js's types). */
const NOT_A_PLACE = new Set([
  "TOLL_FREE",
  "PREMIUM_RATE",
  "SHARED_COST",
  "UAN",
  "VOICEMAIL",
  "PERSONAL_NUMBER",
  "PAGER",
]);

/**
 * Whether an E.164 number may be one place's own line: false for toll-free, premium, shared-cost,
 * universal access, personal and voicemail numbers (a chain's "1-800" line reaches every branch).
 * ~20–50 µs (libphonenumber-js parses the number again): once per job, not per candidate.
 */
export function isPlaceNumber(e164: string): boolean {
  const type = parsePhoneNumberFromString(e164)?.getType();
  return type === undefined || !NOT_A_PLACE.has(type);
}
