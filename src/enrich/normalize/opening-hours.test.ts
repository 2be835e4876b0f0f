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
      "Dec 25 off",
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

describe("opening hours with exceptions", () => {
  function parsed(hint: string) {
    const r = parseOpeningHours(hint);
    if (!r.ok) throw new Error(r.reason);
    return r;
  }
  const every = (hours: string) =>
    Object.fromEntries(
      ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map((d) => [d, hours]),
    );

  it("sets date and holiday exceptions aside and keeps the weekly hours", () => {
    const r = parsed("Mo-Su 11:00-22:00; Dec 25 off");
    expect(r.value.opening_hours).toEqual(every("11:00-22:00"));
    expect(r.exceptions).toEqual(["Dec 25 off"]);
    expect(r.partial).toBe(false);
    expect(parsed("Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off; Dec 24-26 off; Jan 1 off").exceptions).toEqual([
      "PH off",
      "Dec 24-26 off",
      "Jan 1 off",
    ]);
    expect(parsed("Mo-Sa 10:00-20:00; easter off").value.opening_hours.Saturday).toBe("10:00-20:00");
    expect(parsed("2024 Dec 31 10:00-14:00; Mo-Fr 09:00-17:00").value.opening_hours.Monday).toBe(
      "09:00-17:00",
    );
    expect(parsed("24/7; Dec 25 off").value.is_open_24h).toBe(true);
    expect(parsed('Mo-Fr 09:00-17:00 "by appointment"').exceptions).toEqual(['"by appointment"']);
  });

  it("reads full-width punctuation and the CJK range dash", () => {
    const r = parsed("Mo-Fr 09：00－17：00，Sa 10:00〜14:00");
    expect(r.value.opening_hours.Monday).toBe("09:00-17:00");
    expect(r.value.opening_hours.Saturday).toBe("10:00-14:00");
    expect(parsed("Mo-Su 11:00~22:00；Dec 25 off").exceptions).toEqual(["Dec 25 off"]);
  });

  it("marks the hours partial when seasonal rules were set aside", () => {
    const r = parsed("Jun-Aug Mo-Su 09:00-21:00; Mo-Fr 09:00-17:00");
    expect(r.value.opening_hours.Monday).toBe("09:00-17:00");
    expect(r.partial).toBe(true);
    expect(parsed("Mo-Fr 09:00-17:00; week 01-10 off").partial).toBe(true);
  });

  it("merges overlapping and touching intervals of a day", () => {
    const r = parsed("Mo-Fr 09:00-17:00, We 09:00-12:00");
    expect(r.value.opening_hours.Wednesday).toBe("09:00-17:00");
    expect(r.value.opening_hours_grouped_by_hours).toEqual([
      { days: ["Mon", "Tue", "Wed", "Thu", "Fri"], opens: "09:00", closes: "17:00" },
    ]);
    expect(parsed("Mo-Fr 08:00-12:00,12:00-17:00").value.opening_hours.Monday).toBe("08:00-17:00");
    expect(parsed("Sa 10:00-14:00,13:00-18:00,20:00-22:00").value.opening_hours.Saturday).toBe(
      "10:00-18:00, 20:00-22:00",
    );
    // Past midnight: 18:00-02:00 and 23:00-03:00 are one evening, 18:00-03:00.
    expect(parsed("Sa 18:00-02:00, Sa 23:00-03:00").value.opening_hours.Saturday).toBe("18:00-03:00");
    expect(
      parseOpeningHours({ Monday: ["09:00-17:00", "12:00-18:00"] }).ok &&
        parsed("Mo 09:00-17:00,12:00-18:00").value.opening_hours.Monday,
    ).toBe("09:00-18:00");
  });
});

describe("issue 7 instances tried from outside: exceptions, overlaps, the open modifier", () => {
  const CLOSED = {
    Monday: "closed",
    Tuesday: "closed",
    Wednesday: "closed",
    Thursday: "closed",
    Friday: "closed",
    Saturday: "closed",
    Sunday: "closed",
  };
  const weekdays = (h: string) => ({ Monday: h, Tuesday: h, Wednesday: h, Thursday: h, Friday: h });
  const every = (h: string) => ({ ...weekdays(h), Saturday: h, Sunday: h });

  it.each([
    [
      "Mo-Fr 08:00-18:00; Sa 09:00-13:00; PH off; easter off",
      { ...weekdays("08:00-18:00"), Saturday: "09:00-13:00" },
    ],
    ["Mo-Su 10:00-22:00; 2024 Jan 01 off", every("10:00-22:00")],
    ["Mo-Fr 09:00-17:00; SH off", weekdays("09:00-17:00")],
    ["Mo-Sa 09:00-19:00; Jan 01,Dec 25,Dec 26 off", { ...weekdays("09:00-19:00"), Saturday: "09:00-19:00" }],
    ["Mo-Su 11:00-23:00; Dec 24-26 off", every("11:00-23:00")],
    ["Mo-Fr 08:00-17:00; SH Mo-Fr 09:00-12:00", weekdays("08:00-17:00")],
    ["Mo-Fr 09:00-18:00; Dec 31 09:00-14:00", weekdays("09:00-18:00")],
    ["Mo-Su 09:00-21:00; Jan 01 off; easter -2 days off", every("09:00-21:00")],
    ["Mo-Fr 08:30-17:30; PH,SH off", weekdays("08:30-17:30")],
  ])("exceptions set aside: %s", (hint, days) => {
    expect(ok(hint).opening_hours).toEqual({ ...CLOSED, ...days });
  });

  it("24/7 with a date exception is still open all week", () => {
    expect(ok("24/7; Dec 24 12:00-16:00").is_open_24h).toBe(true);
  });

  it.each([
    ["Mo-Sa 10:00-18:00, Sa 12:00-20:00", { ...weekdays("10:00-18:00"), Saturday: "10:00-20:00" }],
    ["Mo-Fr 08:00-12:00, Mo-Fr 11:00-14:00", weekdays("08:00-14:00")],
    ["Su 10:00-14:00,12:00-16:00", { Sunday: "10:00-16:00" }],
    ["Mo-Fr 09:00-13:00,10:00-12:00", weekdays("09:00-13:00")],
    [
      "Mo-Su 06:00-22:00, Fr-Sa 20:00-02:00",
      { ...every("06:00-22:00"), Friday: "06:00-02:00", Saturday: "06:00-02:00" },
    ],
  ])("overlaps merged: %s", (hint, days) => {
    expect(ok(hint).opening_hours).toEqual({ ...CLOSED, ...days });
  });

  it("reads OSM's rule modifier 'open'; a bare 'open' is no hours", () => {
    expect(ok("Mo-Fr 09:00-17:00; Mo-Fr 12:00-13:00 open").opening_hours).toEqual({
      ...CLOSED,
      ...weekdays("12:00-13:00"),
    });
    expect(ok("Mo-Sa 10:00-18:00; Su open").opening_hours.Sunday).toBe("00:00-24:00");
    expect(parseOpeningHours("open").ok).toBe(false);
  });
});
