import { describe, expect, it } from "vitest";
import type { HoursLanguage } from "./hours-words.js";
import { textHours } from "./text-hours.js";

function hours(text: string, languages: HoursLanguage[] = ["en"]) {
  return textHours(text.split("\n"), languages)[0]?.value.opening_hours ?? null;
}

const WEEKDAYS = { Monday: "", Tuesday: "", Wednesday: "", Thursday: "", Friday: "" };
function weekdays(v: string): Record<string, string> {
  return Object.fromEntries(Object.keys(WEEKDAYS).map((d) => [d, v]));
}

describe("hours written as text", () => {
  it("reads English ranges with 12 h times, lending the meridiem", () => {
    expect(hours("Mon–Fri 9am–5pm")).toEqual(weekdays("09:00-17:00"));
    expect(hours("Mon-Fri 9-5pm")).toEqual(weekdays("09:00-17:00"));
    expect(hours("Fri-Sat 5-10pm")).toEqual({ Friday: "17:00-22:00", Saturday: "17:00-22:00" });
    expect(hours("We are open Monday to Friday from 9am to 5pm and Saturdays from 10am to 2pm.")).toEqual({
      ...weekdays("09:00-17:00"),
      Saturday: "10:00-14:00",
    });
  });

  it("reads German, French and Spanish", () => {
    expect(hours("Montag bis Freitag 9 bis 18 Uhr", ["de"])).toEqual(weekdays("09:00-18:00"));
    expect(hours("Lundi - Vendredi : 9h - 18h", ["fr"])).toEqual(weekdays("09:00-18:00"));
    expect(hours("Lunes a Viernes de 9:00 a 18:00", ["es"])).toEqual(weekdays("09:00-18:00"));
    expect(hours("Mo, Mi, Fr 9-12 Uhr und 14-18 Uhr\nSa 9.30-13 Uhr\nSo Ruhetag", ["de"])).toEqual({
      Monday: "09:00-12:00, 14:00-18:00",
      Wednesday: "09:00-12:00, 14:00-18:00",
      Friday: "09:00-12:00, 14:00-18:00",
      Saturday: "09:30-13:00",
      Sunday: "closed",
    });
    expect(hours("du mardi au samedi de 12h à 14h et de 19h à 22h30", ["fr"])).toEqual({
      Tuesday: "12:00-14:00, 19:00-22:30",
      Wednesday: "12:00-14:00, 19:00-22:30",
      Thursday: "12:00-14:00, 19:00-22:30",
      Friday: "12:00-14:00, 19:00-22:30",
      Saturday: "12:00-14:00, 19:00-22:30",
    });
  });

  it("reads Italian, Dutch and Portuguese", () => {
    expect(hours("Lunedì - Venerdì: 8:30 - 19:30\nSabato 9-13\nDomenica chiuso", ["it"])).toEqual({
      ...weekdays("08:30-19:30"),
      Sunday: "closed",
    });
    expect(hours("ma t/m vr 9:00 - 17:30\nza 10:00 - 16:00\nzo gesloten", ["nl"])).toEqual({
      ...weekdays("09:00-17:30"),
      Saturday: "10:00-16:00",
      Sunday: "closed",
    });
    expect(hours("Segunda a sexta das 9h às 18h\nSábado das 9h às 13h", ["pt"])).toEqual({
      ...weekdays("09:00-18:00"),
      Saturday: "09:00-13:00",
    });
  });

  it("reads closed days before or after the day, lists of intervals, days and hours on two lines", () => {
    expect(hours("Tue-Sat 11:00-22:00\nClosed Sunday")).toEqual({
      Tuesday: "11:00-22:00",
      Wednesday: "11:00-22:00",
      Thursday: "11:00-22:00",
      Friday: "11:00-22:00",
      Saturday: "11:00-22:00",
      Sunday: "closed",
    });
    expect(hours("Sa 10:00-14:00, 15:00-18:00")).toEqual({ Saturday: "10:00-14:00, 15:00-18:00" });
    expect(
      hours("Lunch: Mon-Fri 11:30-14:00\nDinner: Mon-Sat 17:30-22:00\nDaily 9:00-23:00\nSunday 10:00-16:00"),
    ).toEqual({
      Monday: "09:00-23:00",
      Tuesday: "09:00-23:00",
      Wednesday: "09:00-23:00",
      Thursday: "09:00-23:00",
      Friday: "09:00-23:00",
      Saturday: "09:00-23:00",
      Sunday: "10:00-16:00",
    });
    expect(hours("Lunch: Mon-Fri 11:30-14:00\nDinner: Mon-Sat 17:30-22:00")).toEqual({
      ...weekdays("11:30-14:00, 17:30-22:00"),
      Saturday: "17:30-22:00",
    });
    expect(hours("Opening hours\nMonday\n9:00 - 17:00\nTuesday\n9:00 - 17:00")).toEqual({
      Monday: "09:00-17:00",
      Tuesday: "09:00-17:00",
    });
  });

  it("reads 24 hours and ranges past midnight", () => {
    const always = textHours(["Open 24/7"], ["en"])[0]!.value;
    expect(always.is_open_24h).toBe(true);
    expect(always.opening_hours.Monday).toBe("00:00-24:00");
    expect(textHours(["We are open 24 hours"], ["en"])[0]?.value.is_open_24h).toBe(true);
    expect(hours("Sat–Sun open 24 hours")).toEqual({ Saturday: "00:00-24:00", Sunday: "00:00-24:00" });
    expect(hours("Thu-Sat 6pm-2am")).toEqual({
      Thursday: "18:00-02:00",
      Friday: "18:00-02:00",
      Saturday: "18:00-02:00",
    });
    expect(hours("Fr & Sa 18:00 - 03:00 Uhr", ["de"])).toEqual({
      Friday: "18:00-03:00",
      Saturday: "18:00-03:00",
    });
  });

  it("returns nothing rather than a wrong week", () => {
    expect(hours("We do our best to answer within 24 hours.")).toBeNull();
    expect(hours("Closed on December 24 and 25")).toBeNull();
    expect(hours("Happy hour Mon-Fri 4-6pm")).toBeNull();
    expect(hours("Customer service: Mon-Fri 8am-8pm")).toBeNull();
    expect(hours("Live music Fri 7pm-11pm")).toBeNull();
    expect(hours("Mon-Fri 9-5")).toBeNull();
    expect(hours("Our so called best pizza, do try it: 12 - 15 people")).toBeNull();
    expect(hours("Closed Sunday")).toBeNull();
  });
});
