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
    // "9-13": bare numbers, but 13 can only be a 24 h time.
    expect(hours("Lunedì - Venerdì: 8:30 - 19:30\nSabato 9-13\nDomenica chiuso", ["it"])).toEqual({
      ...weekdays("08:30-19:30"),
      Saturday: "09:00-13:00",
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

  it("reads ranges joined by a conjunction, a slash or a plus, and one-letter days", () => {
    const split = (a: string, b: string) => `${a}, ${b}`;
    expect(hours("L-V 9:00-14:00 y 17:00-20:30\nS 9:30-14:00\nDomingos y festivos cerrado", ["es"])).toEqual({
      ...weekdays(split("09:00-14:00", "17:00-20:30")),
      Saturday: "09:30-14:00",
      Sunday: "closed",
    });
    expect(hours("L-J 8:00-15:00\nV 8:00-14:00\nS y D cerrado", ["es"])).toEqual({
      Monday: "08:00-15:00",
      Tuesday: "08:00-15:00",
      Wednesday: "08:00-15:00",
      Thursday: "08:00-15:00",
      Friday: "08:00-14:00",
      Saturday: "closed",
      Sunday: "closed",
    });
    expect(hours("L, X y V 10:00-14:00", ["es"])).toEqual({
      Monday: "10:00-14:00",
      Wednesday: "10:00-14:00",
      Friday: "10:00-14:00",
    });
    // Spanish M is Tuesday inside a range, nothing alone.
    expect(hours("M-J 13:00-16:00 / 20:00-23:30", ["es"])).toEqual({
      Tuesday: split("13:00-16:00", "20:00-23:30"),
      Wednesday: split("13:00-16:00", "20:00-23:30"),
      Thursday: split("13:00-16:00", "20:00-23:30"),
    });
    expect(hours("M 9:00-14:00", ["es"])).toBeNull();
    expect(
      hours("lunedì-venerdì 9:00-13:00 e 15:30-19:30\nsabato 9:00-13:00\ndomenica e festivi chiuso", ["it"]),
    ).toEqual({
      ...weekdays(split("09:00-13:00", "15:30-19:30")),
      Saturday: "09:00-13:00",
      Sunday: "closed",
    });
    expect(hours("seg. a sex. 9h-13h e 14h-18h\nsábados, domingos e feriados fechado", ["pt"])).toEqual({
      ...weekdays(split("09:00-13:00", "14:00-18:00")),
      Saturday: "closed",
      Sunday: "closed",
    });
    expect(
      hours("Mo.–Fr. 8.00–12.00 u. 14.00–18.00 Uhr\nSa. 8.00–12.00 Uhr\nSonn- und Feiertage geschlossen", [
        "de",
      ]),
    ).toEqual({
      ...weekdays(split("08:00-12:00", "14:00-18:00")),
      Saturday: "08:00-12:00",
      Sunday: "closed",
    });
    expect(
      hours("lun.-ven. 9h-12h30 et 14h-19h\nsam. 9h-12h\ndimanche et jours fériés fermé", ["fr"]),
    ).toEqual({
      ...weekdays(split("09:00-12:30", "14:00-19:00")),
      Saturday: "09:00-12:00",
      Sunday: "closed",
    });
    expect(
      hours("ma-vr 9.00-12.30 en 13.30-17.30 uur\nza 9.00-16.00 uur\nzon- en feestdagen gesloten", ["nl"]),
    ).toEqual({
      ...weekdays(split("09:00-12:30", "13:30-17:30")),
      Saturday: "09:00-16:00",
      Sunday: "closed",
    });
    expect(hours("M-F 9am-5pm\nSat-Sun closed")).toEqual({
      ...weekdays("09:00-17:00"),
      Saturday: "closed",
      Sunday: "closed",
    });
    expect(hours("Mon–Fri 7am–11am and 5pm–10pm")).toEqual(weekdays(split("07:00-11:00", "17:00-22:00")));
    expect(hours("Mo-Fr 8-12 + 14-18", ["de"])).toEqual(weekdays(split("08:00-12:00", "14:00-18:00")));
    expect(hours("L-V: 9:00-14:00 | 17:00-20:30\nSáb: 10-14h", ["es"])).toEqual({
      ...weekdays(split("09:00-14:00", "17:00-20:30")),
      Saturday: "10:00-14:00",
    });
    expect(hours("Mo-Fr 9-18 | Sa 10-14", ["de"])).toEqual({
      ...weekdays("09:00-18:00"),
      Saturday: "10:00-14:00",
    });
    expect(hours("2ª a 6ª feira: 9h às 18h\nSábado: 9h às 13h", ["pt"])).toEqual({
      ...weekdays("09:00-18:00"),
      Saturday: "09:00-13:00",
    });
    expect(hours("Calle 5a 10-14", ["es"])).toBeNull();
    // A last-order time between two ranges is neither.
    expect(hours("Mon–Sat 12–3pm (last orders 2:30pm) & 6–10pm")).toEqual({
      ...weekdays("12:00-15:00, 18:00-22:00"),
      Saturday: "12:00-15:00, 18:00-22:00",
    });
    // Not days: a letter inside a phrase, sizes, vitamins; bare numbers that may be 12 h.
    for (const [text, langs] of [
      ["Talla M 10-14 años", ["es"]],
      ["Vitamina D 10-20 mg", ["es"]],
      ["Calle S 12-14, local D", ["es"]],
      ["F 9-5", ["en"]],
      ["Pick up at W 12th St 10-11am", ["en"]],
    ] as const) {
      expect(hours(text, [...langs]), text).toBeNull();
    }
  });

  it("reads a day range with its times on the following lines, labelled by meal or part of day", () => {
    const tueSun = (v: string) => ({
      Tuesday: v,
      Wednesday: v,
      Thursday: v,
      Friday: v,
      Saturday: v,
      Sunday: v,
    });
    expect(
      hours("Da martedì a domenica\npranzo 12:30 – 15:00\ncena 19:30 – 23:00\nChiuso il lunedì", ["it"]),
    ).toEqual({ Monday: "closed", ...tueSun("12:30-15:00, 19:30-23:00") });
    expect(
      hours("Tuesday – Saturday\nLunch 11:30–14:30 / Dinner 17:30–22:00\nClosed Sunday & Monday"),
    ).toEqual({
      Monday: "closed",
      Tuesday: "11:30-14:30, 17:30-22:00",
      Wednesday: "11:30-14:30, 17:30-22:00",
      Thursday: "11:30-14:30, 17:30-22:00",
      Friday: "11:30-14:30, 17:30-22:00",
      Saturday: "11:30-14:30, 17:30-22:00",
      Sunday: "closed",
    });
    expect(
      hours("Dienstag bis Sonntag\nMittag 11:30 – 14:00 Uhr\nAbend 17:30 – 22:00 Uhr\nMontag Ruhetag", [
        "de",
      ]),
    ).toEqual({ Monday: "closed", ...tueSun("11:30-14:00, 17:30-22:00") });
    const tueSat = tueSun("12:00-14:00, 19:00-22:30");
    delete (tueSat as Record<string, string>).Sunday;
    expect(hours("Du mardi au samedi\nmidi : 12h – 14h\nsoir : 19h – 22h30", ["fr"])).toEqual(tueSat);
    expect(hours("De martes a domingo\ncomida 13:00 – 16:00\ncena 20:30 – 23:30", ["es"])).toEqual(
      tueSun("13:00-16:00, 20:30-23:30"),
    );
    expect(hours("De terça a domingo\nalmoço 12h00 – 15h00\njantar 19h00 – 23h00", ["pt"])).toEqual(
      tueSun("12:00-15:00, 19:00-23:00"),
    );
    const nl = tueSun("12:00-14:30, 17:30-22:00");
    delete (nl as Record<string, string>).Sunday;
    expect(hours("Dinsdag t/m zaterdag\nlunch 12.00 – 14.30 uur\ndiner 17.30 – 22.00 uur", ["nl"])).toEqual(
      nl,
    );
    // Held days end at a line without times; happy hour is not opening hours.
    expect(hours("Mo-Fr\n9:00-18:00\nTel. 030 1234567\nWorkshop 10:00-12:00", ["de"])).toEqual(
      weekdays("09:00-18:00"),
    );
    expect(hours("Tuesday – Saturday\nLunch 11:30–14:30\nHappy hour 16:00–18:00")).toEqual({
      Tuesday: "11:30-14:30",
      Wednesday: "11:30-14:30",
      Thursday: "11:30-14:30",
      Friday: "11:30-14:30",
      Saturday: "11:30-14:30",
    });
  });

  it("reads Japanese, Chinese and Korean hours", () => {
    const all = (v: string) => ({ ...weekdays(v), Saturday: v, Sunday: v });
    expect(
      hours(
        "営業時間 月〜金 11:00〜15:00 / 17:30〜22:00\n土・日・祝 11:00〜21:00（通し営業）\n定休日：水曜日",
      ),
    ).toEqual({
      ...weekdays("11:00-15:00, 17:30-22:00"),
      Wednesday: "closed",
      Saturday: "11:00-21:00",
      Sunday: "11:00-21:00",
    });
    expect(hours("営業時間　１１：００～２２：００\n定休日　毎週火曜日")).toEqual({
      ...all("11:00-22:00"),
      Tuesday: "closed",
    });
    expect(hours("営業時間：11時30分〜14時、17時〜21時半\n定休日：日曜・祝日")).toEqual({
      ...all("11:30-14:00, 17:00-21:30"),
      Sunday: "closed",
    });
    expect(hours("11時〜22時（年中無休）")).toEqual(all("11:00-22:00"));
    expect(hours("月曜日〜土曜日 10:00−19:00\n日曜日 定休")).toEqual({
      ...all("10:00-19:00"),
      Sunday: "closed",
    });
    expect(hours("平日 11:00～22:00 / 土日祝 10:00～22:00")).toEqual({
      ...weekdays("11:00-22:00"),
      Saturday: "10:00-22:00",
      Sunday: "10:00-22:00",
    });
    expect(textHours(["24時間営業"], ["en"])[0]?.value.is_open_24h).toBe(true);
    expect(hours("周一至周五 10:00-22:00\n周六、周日 10:00-23:00")).toEqual({
      ...weekdays("10:00-22:00"),
      Saturday: "10:00-23:00",
      Sunday: "10:00-23:00",
    });
    expect(hours("星期一至星期五 09:00-18:00\n星期六至星期日 休息")).toEqual({
      ...weekdays("09:00-18:00"),
      Saturday: "closed",
      Sunday: "closed",
    });
    expect(hours("週一至週五 11:00-21:00\n週六 週日 公休")).toEqual({
      ...weekdays("11:00-21:00"),
      Saturday: "closed",
      Sunday: "closed",
    });
    expect(hours("每天 10:00-22:00")).toEqual(all("10:00-22:00"));
    expect(hours("营业时间：周二至周日 11:00-14:00，17:00-21:00\n周一休息")).toEqual({
      ...all("11:00-14:00, 17:00-21:00"),
      Monday: "closed",
    });
    expect(hours("월-금 10:00-22:00\n토, 일 휴무")).toEqual({
      ...weekdays("10:00-22:00"),
      Saturday: "closed",
      Sunday: "closed",
    });
    expect(hours("월~금 11:00 - 21:00\n토요일 12:00 - 20:00\n일요일 휴무")).toEqual({
      ...weekdays("11:00-21:00"),
      Saturday: "12:00-20:00",
      Sunday: "closed",
    });
    expect(hours("매일 11:00 - 22:00")).toEqual(all("11:00-22:00"));
    expect(hours("연중무휴 11:00-22:00")).toEqual(all("11:00-22:00"));
    expect(hours("월~금 오전 11:00 ~ 오후 10:00")).toEqual(weekdays("11:00-22:00"));
    expect(hours("周一至周五 上午9:00-下午6:00")).toEqual(weekdays("09:00-18:00"));
    expect(hours("営業時間 11:00-15:00(L.O.14:30)/17:00-23:00(L.O.22:00)\n定休日 月曜日")).toEqual({
      ...all("11:00-15:00, 17:00-23:00"),
      Monday: "closed",
    });
    expect(hours("営業時間\n11:00〜22:00\n定休日\n水曜日")).toEqual({
      ...all("11:00-22:00"),
      Wednesday: "closed",
    });
    expect(hours("営業時間 ランチ 11:30～14:00 / ディナー 17:30～23:00\n定休日 日曜日")).toEqual({
      ...all("11:30-14:00, 17:30-23:00"),
      Sunday: "closed",
    });
    expect(hours("평일 09:00-18:00\n주말 10:00-17:00")).toEqual({
      ...weekdays("09:00-18:00"),
      Saturday: "10:00-17:00",
      Sunday: "10:00-17:00",
    });
    expect(hours("영업시간 11시~22시\n매주 월요일 휴무")).toEqual({
      ...all("11:00-22:00"),
      Monday: "closed",
    });
    // Dates, holiday periods, a break time and 日 inside a word are not the week.
    for (const text of [
      "年末年始は休業いたします",
      "12月29日〜1月3日 休業",
      "본日は12月24日です。10:00-18:00",
      "日本料理 11:00-22:00",
      "月額 5,000〜8,000円",
      "브레이크타임 15:00-17:00",
    ]) {
      expect(hours(text), text).toBeNull();
    }
  });
});
