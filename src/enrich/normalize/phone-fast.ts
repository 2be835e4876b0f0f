/**
 * A valid phone number written plainly (`+19072603377`, `907-260-3377` with the country known),
 * recognized without libphonenumber-js's parser: the same decision from the same metadata, with each
 * of its regular expressions compiled once. libphonenumber-js builds a `RegExp` from the metadata's
 * pattern text on every test (`matchesEntirely`), and the North American patterns are kilobytes
 * long: a +1 number took 11–16 µs to parse and validate, a third of an import's normalization
 * (~1 µs here).
 *
 * It follows libphonenumber-js 1.13's `parse` (v2) and `isValid` step by step for the inputs it
 * takes, and answers only "valid, this is its E.164 and country" or "not sure" (null): whenever a
 * step would need more of the parser — a national prefix or carrier code to strip, an
 * international dialing prefix, a country calling code typed without `+`, a calling code shared by
 * several countries none of which claims the number, or a number that is not valid — it returns
 * null and the caller runs libphonenumber-js itself. So a number it accepts is one libphonenumber-js
 * accepts, with the same E.164 and country (phone-fast.test.ts checks this on numbers of every
 * country calling code, in many writings).
 */
import { type CountryCode, Metadata } from "libphonenumber-js/max";

/** The runtime methods of libphonenumber-js's Metadata used here (its typings declare fewer). */
interface MetadataApi {
  selectNumberingPlan(countryOrCallingCode: string): void;
  hasCallingCode(callingCode: string): boolean;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  numberingPlan: {
    callingCode(): string;
    IDDPrefix(): string;
    nationalNumberPattern(): string;
    nationalPrefixForParsing(): string | undefined;
    leadingDigits(): string | undefined;
    hasTypes(): boolean;
    type(type: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
  };
}

// libphonenumber-js's getNumberType: fixed line first, then these (order does not change validity).
// biome-ignore format: compact list
const TYPES = ["FIXED_LINE", "MOBILE", "PREMIUM_RATE", "TOLL_FREE", "SHARED_COST", "VOIP",
  "PERSONAL_NUMBER", "PAGER", "UAN", "VOICEMAIL"];
const MIN_LENGTH_FOR_NSN = 2;
const MAX_LENGTH_FOR_NSN = 17;
const MAX_LENGTH_COUNTRY_CODE = 3;

/** One numbering plan's patterns, compiled as libphonenumber-js compiles them on each use. */
interface Plan {
  callingCode: string;
  /** `new RegExp(IDDPrefix)`, searched at 0 (stripIddPrefix). */
  idd: RegExp;
  /** `^(?:nationalPrefixForParsing)` (extractNationalNumberFromPossiblyIncompleteNumber). */
  nationalPrefix: RegExp | null;
  /** `^(?:nationalNumberPattern)$` (matchesEntirely). */
  national: RegExp;
  /** `new RegExp(leadingDigits)`, searched at 0 (getCountryByNationalNumber). */
  leadingDigits: RegExp | null;
  hasTypes: boolean;
  types: Array<{ pattern: RegExp; lengths: number[] | undefined }>;
}

const metadata = new Metadata() as unknown as MetadataApi;
const plans = new Map<string, Plan>();

const entire = (pattern: string) => new RegExp(`^(?:${pattern})$`);

/** The plan libphonenumber-js selects for a country ("US") or a calling code ("1"). */
function planOf(countryOrCallingCode: string): Plan {
  let plan = plans.get(countryOrCallingCode);
  if (plan) return plan;
  metadata.selectNumberingPlan(countryOrCallingCode);
  const p = metadata.numberingPlan;
  const prefix = p.nationalPrefixForParsing();
  const leading = p.leadingDigits();
  const types: Plan["types"] = [];
  for (const name of TYPES) {
    const t = p.type(name);
    if (t?.pattern()) types.push({ pattern: entire(t.pattern()), lengths: t.possibleLengths() });
  }
  plan = {
    callingCode: p.callingCode(),
    idd: new RegExp(p.IDDPrefix()),
    nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : null,
    national: entire(p.nationalNumberPattern()),
    leadingDigits: leading ? new RegExp(leading) : null,
    hasTypes: p.hasTypes(),
    types,
  };
  plans.set(countryOrCallingCode, plan);
  return plan;
}

/** libphonenumber-js getNumberType(…) !== undefined. */
function hasType(plan: Plan, nn: string): boolean {
  if (!plan.national.test(nn)) return false;
  for (const t of plan.types) {
    if (t.lengths && !t.lengths.includes(nn.length)) continue;
    if (t.pattern.test(nn)) return true;
  }
  return false;
}

/** libphonenumber-js isValidNumber on a number of this plan. */
function validIn(plan: Plan, nn: string): boolean {
  return plan.hasTypes ? hasType(plan, nn) : plan.national.test(nn);
}

/** libphonenumber-js getCountryByCallingCode. */
function countryOf(callingCode: string, nn: string): string | undefined {
  const countries = metadata.getCountryCodesForCallingCode(callingCode);
  if (!countries) return undefined;
  if (countries.length === 1) return countries[0];
  for (const country of countries) {
    const plan = planOf(country);
    if (plan.leadingDigits) {
      if (nn.search(plan.leadingDigits) === 0) return country;
    } else if (hasType(plan, nn)) return country;
  }
  return undefined;
}

/** `+` then digits, or digits, with spaces, hyphens, dots and parentheses between them. */
const PLAIN = /^\+?[(]?\d[\d ().-]*$/;
const NOT_DIGIT = /\D/g;

/**
 * The number's E.164 and country when libphonenumber-js would read `text` (with `country` as
 * default) as a valid number; null when it would not, or when this cannot tell (then ask it).
 */
export function plainValidNumber(
  text: string,
  country: CountryCode | undefined,
): { e164: string; country: string } | null {
  if (text.length > 40 || !PLAIN.test(text)) return null;
  const international = text.charCodeAt(0) === 43; // "+"
  const digits = text.replace(NOT_DIGIT, "");
  let callingCode: string | undefined;
  let rest: string;
  let plan: Plan;
  if (international) {
    if (digits.charCodeAt(0) === 48) return null; // "+0…": libphonenumber-js rejects it
    for (let i = 1; i <= MAX_LENGTH_COUNTRY_CODE && i <= digits.length; i++) {
      const code = digits.slice(0, i);
      if (metadata.hasCallingCode(code)) {
        callingCode = code;
        break;
      }
    }
    if (callingCode === undefined) return null;
    rest = digits.slice(callingCode.length);
    plan = planOf(callingCode);
  } else {
    if (!country) return null;
    plan = planOf(country);
    // An international dialing prefix ("011…", "00…") or the calling code typed without "+".
    if (digits.search(plan.idd) === 0 || digits.startsWith(plan.callingCode)) return null;
    callingCode = plan.callingCode;
    rest = digits;
  }
  // A national prefix (or carrier code) the parser might strip: let it decide.
  if (rest === "" || plan.nationalPrefix?.test(rest)) return null;
  if (rest.length < MIN_LENGTH_FOR_NSN || rest.length > MAX_LENGTH_FOR_NSN) return null;
  const exact = countryOf(callingCode, rest);
  if (exact === undefined) return null;
  if (!validIn(planOf(exact), rest)) return null;
  return { e164: `+${callingCode}${rest}`, country: exact };
}
