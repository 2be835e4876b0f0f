/**
 * Issue 7, tried from outside: phones in territories (the region follows the territory the
 * coordinates fall in), invisible format characters, vanity letters and dialing prefixes that do
 * not belong, in other countries than phone.test.ts was written from.
 */
import { describe, expect, it } from "vitest";
import { preparePlace } from "../prepare.js";
import { normalizePhone } from "./phone.js";

function e164(raw: string, country: string | null): string | null {
  const r = normalizePhone(raw, country);
  return r.ok ? r.e164 : null;
}

describe("territories: the country of the coordinates and the phone region are the territory's", () => {
  it.each([
    ["MO", 22.1987, 113.5439, "2833 3000", "+85328333000"],
    ["PR", 18.4655, -66.1057, "(787) 722-1234", "+17877221234"],
    ["GP", 16.2411, -61.5331, "0590 82 12 34", "+590590821234"],
    ["RE", -20.8821, 55.4507, "0262 21 12 34", "+262262211234"],
    ["GU", 13.4745, 144.7504, "(671) 472-1234", "+16714721234"],
    ["GL", 64.1814, -51.6941, "32 12 34", "+299321234"],
    ["FO", 62.0107, -6.7741, "31 12 34", "+298311234"],
    ["AW", 12.5186, -70.0358, "582 1234", "+2975821234"],
    ["CW", 12.1091, -68.9316, "9 461 1234", "+59994611234"],
    ["NC", -22.2758, 166.458, "27 12 34", "+687271234"],
    ["GI", 36.1408, -5.3536, "200 12345", "+35020012345"],
    ["JE", 49.1868, -2.1075, "01534 123456", "+441534123456"],
    ["YT", -12.7806, 45.2279, "0269 61 12 34", "+262269611234"],
    ["SX", 18.0255, -63.0458, "(721) 542-1234", "+17215421234"],
  ])("%s", (country, latitude, longitude, phone, want) => {
    const place = preparePlace("p", { name: "Place", latitude, longitude });
    expect(place.countryCode).toBe(country);
    expect(e164(phone, place.countryCode)).toBe(want);
  });
});

describe("invisible format characters around and inside numbers", () => {
  it.each([
    ["\u200e+966 11 234 5678\u200e", null, "+966112345678"],
    ["\ufeff020 7946 0958", "GB", "+442079460958"],
    ["\u2066+49 30 1234567\u2069", null, "+49301234567"],
    ["+33\u00ad 1 42 68 53 00", null, "+33142685300"],
    ["\u061c+971 4 330 0000", null, "+97143300000"],
    ["+1\u2060 212\u2060 555\u2060 0100", null, "+12125550100"],
    ["\u202a+39 06 1234 5678\u202c", null, "+390612345678"],
  ])("%j", (raw, country, want) => {
    expect(e164(raw, country)).toBe(want);
  });
});

describe("vanity numbers: letters on the keypad", () => {
  it.each([
    ["0800 FLOWERS", "GB", "+448003569377"],
    ["13 CABS", "AU", "+61132227"],
    ["1300 FLOWER", "AU", "+611300356937"],
    ["1800 RENTAL", "AU", "+611800736825"],
    ["0800 HOTELS", "NZ", "+64800468357"],
    ["1-866-MY-PIZZA", "CA", "+18666974992"],
    ["1-800-GO-FEDEX", "US", "+18004633339"],
    ["+1 (800) CALL-ATT", null, "+18002255288"],
  ])("%s (%s)", (raw, country, want) => {
    const r = normalizePhone(raw, country);
    expect(r).toMatchObject({ ok: true, e164: want, rewrite: "vanity letters read on the phone keypad" });
  });

  it("letters alone are no number", () => {
    expect(normalizePhone("CABS", "AU").ok).toBe(false);
    expect(normalizePhone("1 AB", "AU").ok).toBe(false);
  });
});

describe("dialing prefixes that do not belong in the number", () => {
  it.each([
    ["+54 9 11 15 1234 5678", null, "+5491112345678"],
    ["+54 9 341 15 512 3456", null, "+5493415123456"],
    ["+54 341 15 512 3456", null, "+5493415123456"],
    ["0341 15 512-3456", "AR", "+5493415123456"],
    ["011 15 1234-5678", "AR", "+5491112345678"],
    ["+44 (0)20 7946 0958", null, "+442079460958"],
    ["+41 (0)44 668 18 00", null, "+41446681800"],
    ["+31 (0)20 123 4567", null, "+31201234567"],
    ["044 55 1234 5678", "MX", "+525512345678"],
    ["+52 1 664 123 4567", null, "+526641234567"],
    ["0 21 11 98765-4321", "BR", "+5511987654321"],
  ])("%s", (raw, country, want) => {
    expect(e164(raw, country)).toBe(want);
  });

  it("a 15 that is part of the number stays", () => {
    // Buenos Aires fixed line 4315-xxxx: valid as written, never rewritten.
    expect(e164("+54 11 4315 1234", null)).toBe("+541143151234");
  });
});
