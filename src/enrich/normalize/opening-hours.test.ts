import { describe, expect, it } from "vitest";
import { parseOpeningHours } from "./opening-hours.js";

function ok(hint: unknown) {
  const r = parseOpeningHours(hint);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe("parseOpeningHours", () => {
  it("parses the common OSM form; days no rule names are closed", () => {
    const v = ok("Mo-Fr 09:00-17:00; Sa 10:00-14:00; Su off");
    expect(v.opening_hours).toEqual({
      Monday: "09:00-17:00",
      Tuesday: "09:00-17:00",
      Wednesday: "09:00-17:00",
      Thursday: "09:00-17:00",
      Friday: "09:00-17:00",
      Saturday: "10:00-14:00",
      Sunday: "closed",
    });
    expect(v.opening_hours_grouped_by_hours).toEqual([
      { days: ["Mon", "Tue", "Wed", "Thu", "Fri"], opens: "09:00", closes: "17:00" },
      { days: ["Sat"], opens: "10:00", closes: "14:00" },
    ]);
    expect(v.is_open_24h).toBe(false);
    expect(ok("Mo-Fr 09:00-17:00").opening_hours.Saturday).toBe("closed");
  });

  it("handles 24/7, split intervals, past midnight and later rules overriding", () => {
    const all = ok("24/7");
    expect(Object.values(all.opening_hours)).toEqual(Array(7).fill("00:00-24:00"));
    expect(all.is_open_24h).toBe(true);
    expect(all.opening_hours_grouped_by_hours).toEqual([
      { days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], opens: "00:00", closes: "24:00" },
    ]);
    const v = ok("Mo-Su 11:00-14:00,17:00-22:00; Fr,Sa 18:00-02:00");
    expect(v.opening_hours.Monday).toBe("11:00-14:00, 17:00-22:00");
    expect(v.opening_hours.Friday).toBe("18:00-02:00");
    expect(ok("Mo-Su 18:00-26:00").opening_hours.Monday).toBe("18:00-02:00");
    expect(ok("Fr-Mo 10:00-12:00").opening_hours).toMatchObject({
      Friday: "10:00-12:00",
      Monday: "10:00-12:00",
      Tuesday: "closed",
    });
  });

  it("accepts English day names and am/pm; ignores holiday rules", () => {
    const v = ok("Mon-Fri 9am-5:30pm; Sat 10 AM - 2 PM; PH off");
    expect(v.opening_hours).toMatchObject({
      Monday: "09:00-17:30",
      Saturday: "10:00-14:00",
      Sunday: "closed",
    });
  });

  it("accepts already structured objects in the API format; absent days stay unknown", () => {
    const v = ok({ monday: "11:00-23:00", Tue: ["11:00-14:00", "17:00-22:00"], Sunday: "Closed" });
    expect(v.opening_hours).toEqual({
      Monday: "11:00-23:00",
      Tuesday: "11:00-14:00, 17:00-22:00",
      Sunday: "closed",
    });
    expect(v.is_open_24h).toBe(false);
    expect(ok([{ days: ["Mon", "Tue"], opens: "09:00", closes: "17:00" }]).opening_hours).toEqual({
      Monday: "09:00-17:00",
      Tuesday: "09:00-17:00",
    });
  });

  it("returns a reason for what it cannot parse", () => {
    for (const bad of [
      "Jan-Mar Mo-Fr 08:00-12:00",
      "sunrise-sunset",
      "Mo-Fr 08:00+",
      "whenever",
      "",
      42,
      { Funday: "09:00-10:00" },
    ]) {
      const r = parseOpeningHours(bad);
      expect(r.ok, JSON.stringify(bad)).toBe(false);
      expect(r.ok ? "" : r.reason).toMatch(/opening_hours/);
    }
  });
});
