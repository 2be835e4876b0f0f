import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  parsePhoneNumberFromString,
} from "libphonenumber-js/max";
import examples from "libphonenumber-js/mobile/examples";
import { describe, expect, it } from "vitest";
import { plainValidNumber } from "./phone-fast.js";

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * National numbers near each country's example (its first digits kept, the rest drawn at random,
 * a digit more or less), and the ways they are written: international with and without spaces,
 * hyphens, dots and parentheses; national with the country, with a neighbour of the same calling
 * code, with another country; with a national prefix; with an international dialing prefix; the
 * calling code without "+".
 */
function cases(perCountry: number): Array<[string, CountryCode | undefined]> {
  const r = rng(20261130);
  const countries = getCountries();
  const pick = () => countries[Math.floor(r() * countries.length)]!;
  const out: Array<[string, CountryCode | undefined]> = [];
  for (const country of countries) {
    const example = getExampleNumber(country, examples)?.nationalNumber ?? "2125550100";
    const cc = getCountryCallingCode(country);
    for (let k = 0; k < perCountry; k++) {
      const keep = Math.floor(r() * (example.length + 1));
      const length = Math.max(2, example.length + (r() < 0.15 ? (r() < 0.5 ? -1 : 1) : 0));
      let nn = example.slice(0, Math.min(keep, length));
      while (nn.length < length) nn += String(Math.floor(r() * 10));
      const spaced = nn.replace(/(\d{3})(?=\d)/g, "$1 ");
      const dashed = nn.replace(/(\d{3})(?=\d{2})/g, "$1-");
      out.push(
        [`+${cc}${nn}`, undefined],
        [`+${cc}${nn}`, pick()],
        [`+${cc} ${spaced}`, country],
        [`+${cc}-${dashed}`, undefined],
        [`+${cc} (${nn.slice(0, 3)}) ${nn.slice(3)}`, undefined],
        [`+${cc}.${nn.slice(0, 2)}.${nn.slice(2)}`, undefined],
        [`+${cc}0${nn}`, undefined],
        [nn, country],
        [dashed, country],
        [`(${nn.slice(0, 3)}) ${nn.slice(3)}`, country],
        [nn, pick()],
        [`0${nn}`, country],
        [`8${nn}`, country],
        [`1${nn}`, country],
        [`${cc}${nn}`, country],
        [`00${cc}${nn}`, country],
        [`011${cc}${nn}`, country],
        [`+${nn}`, undefined],
        [`${nn}-`, country],
        [`+${cc}${nn})`, undefined],
      );
    }
  }
  return out;
}

describe("plainValidNumber", () => {
  it("accepts only what libphonenumber-js accepts, with the same E.164 and country", () => {
    const all = cases(25);
    let accepted = 0;
    let valid = 0;
    const wrong: string[] = [];
    for (const [text, country] of all) {
      const fast = plainValidNumber(text, country);
      const slow = parsePhoneNumberFromString(text, country);
      const slowValid = slow?.isValid()
        ? { e164: slow.number as string, country: slow.country ?? null }
        : null;
      if (slowValid) valid++;
      if (fast === null) continue;
      accepted++;
      if (JSON.stringify(fast) !== JSON.stringify(slowValid)) wrong.push(`${text} ${country}`);
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    // Useful as well as right: most valid numbers here are plain writings it takes.
    expect(valid).toBeGreaterThan(all.length / 10);
    expect(accepted).toBeGreaterThan(valid / 2);
  });

  it("leaves to libphonenumber-js what needs its parser", () => {
    expect(plainValidNumber("+19072603377", undefined)).toEqual({ e164: "+19072603377", country: "US" });
    expect(plainValidNumber("(907) 260-3377", "US")).toEqual({ e164: "+19072603377", country: "US" });
    expect(plainValidNumber("+1 (264) 497-1234", undefined)).toMatchObject({ country: "AI" });
    expect(plainValidNumber("030 1234567", "DE")).toBeNull(); // national prefix
    expect(plainValidNumber("0049 30 1234567", "DE")).toBeNull(); // dialing prefix
    expect(plainValidNumber("+1 907 260 3377 ext. 5", undefined)).toBeNull();
    expect(plainValidNumber("1-800-FLOWERS", "US")).toBeNull();
    expect(plainValidNumber("+1 555 010 0000", undefined)).toBeNull(); // not valid: not decided here
  });
});
