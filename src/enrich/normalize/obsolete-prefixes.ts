/**
 * Dialing prefixes a numbering plan has abolished but that data still carries. Each rule names the
 * plan change it follows; the rewritten number is used only when libphonenumber-js finds the number
 * as written invalid and the rewritten one valid (for the same country calling code).
 */
import type { CountryCode } from "libphonenumber-js/max";

export interface ObsoletePrefixRule {
  name: string;
  /** Country calling code the rewritten number must have. */
  callingCode: string;
  /**
   * The number without the obsolete prefix (or the readings to try, in order), or null when the
   * rule does not apply.
   */
  rewrite(text: string, defaultCountry: CountryCode | undefined): string | readonly string[] | null;
}

function digitsOf(text: string): string {
  return text.replace(/[^\d+]/g, "");
}

export const OBSOLETE_PREFIXES: readonly ObsoletePrefixRule[] = [
  {
    // IFT (Mexico), 3 August 2019: the "1" after +52 for mobiles and the national prefixes 044/045
    // (mobile) and 01/02 (long distance) were abolished; every number is dialed as 10 digits.
    name: "Mexico's abolished mobile/long-distance prefix (IFT, 2019) dropped",
    callingCode: "52",
    rewrite(text, dc) {
      const d = digitsOf(text);
      const intl = /^(?:\+|00)52(?:1|0[12]|04[45])(\d{10})$/.exec(d);
      if (intl?.[1]) return `+52${intl[1]}`;
      const national = dc === "MX" ? /^(?:0[12]|04[45]|1)(\d{10})$/.exec(d) : null;
      return national?.[1] ? `+52${national[1]}` : null;
    },
  },
  {
    // ANATEL (Brazil), 2012–2016: mobile numbers got a leading 9 ("nono dígito"); an 8-digit mobile
    // number (first digit 6-9) after the 2-digit area code is the old form of 9 + that number.
    name: "Brazil's ninth mobile digit added (ANATEL, 2016)",
    callingCode: "55",
    rewrite(text, dc) {
      const d = digitsOf(text);
      const intl = /^(?:\+|00)55(\d{2})([6-9]\d{7})$/.exec(d);
      if (intl?.[1] && intl[2]) return `+55${intl[1]}9${intl[2]}`;
      const national = dc === "BR" ? /^0?(\d{2})([6-9]\d{7})$/.exec(d) : null;
      return national?.[1] && national[2] ? `+55${national[1]}9${national[2]}` : null;
    },
  },
  {
    // ENACOM (Argentina): a mobile number is dialed from abroad as +54 9 <area code> <number>; the
    // "15" written after the area code is the domestic mobile prefix and is dropped then. Data
    // often keeps it in the international form: "+54 9 11 15 1234 5678", "+54 341 15 512 3456".
    // Area codes have 2 to 4 digits and area code + number 10; the validity check picks the split.
    name: "Argentina's domestic mobile prefix 15 dropped from the international form (ENACOM)",
    callingCode: "54",
    rewrite(text) {
      const d = /^(?:\+|00)549?(\d{12})$/.exec(digitsOf(text))?.[1];
      if (!d) return null;
      return [2, 3, 4]
        .filter((area) => d.slice(area, area + 2) === "15")
        .map((area) => `+549${d.slice(0, area)}${d.slice(area + 2)}`);
    },
  },
  {
    // CRC (Colombia), Resolution 5826 of 2019, in force 1 September 2021: fixed-line numbers became
    // 10 digits, "60" + the old one-digit area code (1 Bogotá, 2 Cali, 4 Medellín, 5, 6, 7, 8) + the
    // 7-digit number: "+57 1 234 5678" is now "+57 601 234 5678".
    name: "Colombia's fixed-line area code written the pre-2021 way (CRC)",
    callingCode: "57",
    rewrite(text, dc) {
      const d = digitsOf(text);
      const intl = /^(?:\+|00)57([124-8])(\d{7})$/.exec(d);
      if (intl?.[1] && intl[2]) return `+5760${intl[1]}${intl[2]}`;
      const national = dc === "CO" ? /^0?([124-8])(\d{7})$/.exec(d) : null;
      return national?.[1] && national[2] ? `+5760${national[1]}${national[2]}` : null;
    },
  },
];
