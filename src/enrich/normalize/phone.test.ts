import { describe, expect, it } from "vitest";
import { normalizePhone, splitPhoneHint } from "./phone.js";

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
