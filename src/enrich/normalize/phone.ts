/**
 * Phone hints → E.164 with libphonenumber-js (the "max" metadata, which can tell valid numbers from
 * merely possible ones). A number is accepted only when it is valid for its country.
 */
import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { quote } from "./text.js";

export type PhoneParse =
  | { ok: true; raw: string; e164: string; country: string | null }
  | { ok: false; raw: string; reason: string };

const MAX_NUMBERS = 10;

/**
 * Splits a hint holding several numbers ("212 555 0100; 212 555 0101", "… / …"). `;`, `,` and `|`
 * always separate; `/` separates only when every piece has enough digits to be a number by itself
 * (so "030/1234567", a German area code written with a slash, stays one number).
 */
export function splitPhoneHint(hint: string): string[] {
  const out: string[] = [];
  for (const part of hint.split(/[;,|\n]|\s+or\s+/i)) {
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

function defaultCountry(country: string | null): CountryCode | undefined {
  return country && isSupportedCountry(country) ? country : undefined;
}

/** One number → E.164, or a rejection saying why (quoted in the reasoning). */
export function normalizePhone(raw: string, country: string | null): PhoneParse {
  const text = raw.trim();
  const q = quote(text);
  const digits = text.match(/\d/g)?.length ?? 0;
  if (digits < 3 || text.length > 60)
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
  const parsed = parsePhoneNumberFromString(dc ? text : text.replace(/^\s*00/, "+"), dc);
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
