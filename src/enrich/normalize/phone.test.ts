import { describe, expect, it } from "vitest";
import { isPlaceNumber, normalizePhone, splitPhoneHint } from "./phone.js";

describe("normalizePhone", () => {
  it("formats a US number to E.164 with the place's country", () => {
    expect(normalizePhone("(212) 736-5000", "US")).toEqual({
      ok: true,
      raw: "(212) 736-5000",
      e164: "+12127365000",
      country: "US",
    });
  });

  it("formats GB and FR national numbers", () => {
    expect(normalizePhone("020 7946 0958", "GB")).toMatchObject({
      ok: true,
      e164: "+442079460958",
      country: "GB",
    });
    expect(normalizePhone("01 42 68 53 00", "FR")).toMatchObject({
      ok: true,
      e164: "+33142685300",
      country: "FR",
    });
  });

  it("accepts international numbers whatever the place's country", () => {
    expect(normalizePhone("+44 20 7946 0958", null)).toMatchObject({ ok: true, e164: "+442079460958" });
    expect(normalizePhone("0044 20 7946 0958", null)).toMatchObject({ ok: true, e164: "+442079460958" });
  });

  it("rejects an invalid number and says why", () => {
    expect(normalizePhone("123", "US")).toEqual({
      ok: false,
      raw: "123",
      reason: "input phone '123' is not a valid number for US",
    });
    expect(normalizePhone("555-0100", "US")).toMatchObject({ ok: false });
  });

  it("rejects a national number when the country is unknown", () => {
    const r = normalizePhone("212 736 5000", null);
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.reason).toContain("country is unknown");
  });
});

describe("splitPhoneHint", () => {
  it("splits on ; , and / between full numbers", () => {
    expect(splitPhoneHint("212-736-5000; 212-736-5001")).toEqual(["212-736-5000", "212-736-5001"]);
    expect(splitPhoneHint("212-736-5000, +44 20 7946 0958")).toEqual(["212-736-5000", "+44 20 7946 0958"]);
    expect(splitPhoneHint("212-736-5000 / 212-736-5001")).toEqual(["212-736-5000", "212-736-5001"]);
  });

  it("keeps a slash inside one number (German area code)", () => {
    expect(splitPhoneHint("030/1234567")).toEqual(["030/1234567"]);
  });

  it("caps the number of pieces", () => {
    expect(splitPhoneHint(Array.from({ length: 50 }, () => "212-736-5000").join(";"))).toHaveLength(10);
  });
});

describe("phone numbers as the field writes them", () => {
  it("removes invisible format characters (bidi marks around copied numbers)", () => {
    expect(normalizePhone("\u202d+44 7911 123456\u202c", null)).toMatchObject({
      ok: true,
      e164: "+447911123456",
    });
    expect(normalizePhone("\u200e+972 3-123-4567\u200f", null)).toMatchObject({
      ok: true,
      e164: "+97231234567",
    });
    expect(normalizePhone("\u2066+971 4 223 4567\u2069", null)).toMatchObject({
      ok: true,
      e164: "+97142234567",
    });
    expect(normalizePhone("0\u200b20 7946 0958", "GB")).toMatchObject({ ok: true, e164: "+442079460958" });
  });

  it("reads vanity letters on the E.161 keypad", () => {
    expect(normalizePhone("1-800-FLOWERS", "US")).toMatchObject({
      ok: true,
      e164: "+18003569377",
      rewrite: "vanity letters read on the phone keypad",
    });
    expect(normalizePhone("+1 800 GO FEDEX", null)).toMatchObject({ ok: true, e164: "+18004633339" });
    // More letters than digits: the extra letters at the end are not dialed.
    expect(normalizePhone("1-800-MATTRESS", "US")).toMatchObject({ ok: true, e164: "+18006288737" });
    expect(normalizePhone("1-800-flowers ext. 12", "US")).toMatchObject({ ok: true, e164: "+18003569377" });
    expect(normalizePhone("1300 FLOWERS", "AU")).toMatchObject({ ok: true, e164: "+611300356937" });
    expect(normalizePhone("0800 FLOWERS", "GB")).toMatchObject({ ok: true, e164: "+448003569377" });
    // Words that are not a number stay rejected.
    expect(normalizePhone("555-1234 ask for Bob", "US").ok).toBe(false);
    expect(normalizePhone("call us", "US").ok).toBe(false);
  });

  it("drops dialing prefixes numbering plans abolished", () => {
    // Mexico (IFT, 2019): +52 1 mobile prefix, 044/045 and 01 national prefixes.
    expect(normalizePhone("+52 1 55 1234 5678", null)).toMatchObject({ ok: true, e164: "+525512345678" });
    expect(normalizePhone("+521 33 1234 5678", null)).toMatchObject({ ok: true, e164: "+523312345678" });
    expect(normalizePhone("044 55 1234 5678", "MX")).toMatchObject({ ok: true, e164: "+525512345678" });
    expect(normalizePhone("01 81 1234 5678", "MX")).toMatchObject({ ok: true, e164: "+528112345678" });
    // Brazil (ANATEL, 2016): 8-digit mobile numbers got a leading 9.
    expect(normalizePhone("+55 11 8765-4321", null)).toMatchObject({ ok: true, e164: "+5511987654321" });
    expect(normalizePhone("(21) 9876-5432", "BR")).toMatchObject({ ok: true, e164: "+5521998765432" });
    // Colombia (CRC, 2021): fixed lines got "60" before the area code.
    expect(normalizePhone("+57 1 234 5678", null)).toMatchObject({ ok: true, e164: "+576012345678" });
    expect(normalizePhone("(4) 444 5555", "CO")).toMatchObject({ ok: true, e164: "+576044445555" });
    // Fixed lines are not touched; what libphonenumber-js reads itself stays its reading.
    expect(normalizePhone("+55 11 2345-6789", null)).toMatchObject({ ok: true, e164: "+551123456789" });
    expect(normalizePhone("+54 9 11 1234-5678", null)).toMatchObject({ ok: true, e164: "+5491112345678" });
    expect(normalizePhone("+44 (0)20 7946 0958", null)).toMatchObject({ ok: true, e164: "+442079460958" });
    expect(normalizePhone("+52 1 55 1234 567", null).ok).toBe(false);
  });

  it("reads local numbers with the territory's own plan", () => {
    expect(normalizePhone("2523 0000", "HK")).toMatchObject({ ok: true, e164: "+85225230000" });
    expect(normalizePhone("787-722-1234", "PR")).toMatchObject({ ok: true, e164: "+17877221234" });
    expect(normalizePhone("0262 12 34 56", "RE")).toMatchObject({ ok: true, e164: "+262262123456" });
  });

  it("splits on full-width and Arabic separators", () => {
    expect(splitPhoneHint("03-1234-5678，03-8765-4321")).toEqual(["03-1234-5678", "03-8765-4321"]);
    expect(splitPhoneHint("4412 3456، 4412 3457")).toEqual(["4412 3456", "4412 3457"]);
  });
});

describe("isPlaceNumber", () => {
  it("is false for numbers that reach an organization anywhere (toll-free, premium, shared-cost)", () => {
    for (const n of [
      "+18009359935",
      "+18665550123",
      "+448001234567",
      "+33800123456",
      "+4980012345678",
      "+611300123456",
    ])
      expect(isPlaceNumber(n), n).toBe(false);
  });
  it("is true for a place's own line, fixed or mobile, in any country", () => {
    for (const n of [
      "+12125550100",
      "+442079460958",
      "+6568364695",
      "+33142682000",
      "+81312345678",
      "+61291234567",
    ])
      expect(isPlaceNumber(n), n).toBe(true);
  });
});
