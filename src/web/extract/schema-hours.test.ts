import { describe, expect, it } from "vitest";
import { hoursFromOpeningHoursText, hoursFromSpecification } from "./schema-hours.js";
import { addValue, newNode, type SchemaNode } from "./schema-node.js";

function spec(
  days: string[],
  opens?: string,
  closes?: string,
  extra: Record<string, string> = {},
): SchemaNode {
  const n = newNode(["OpeningHoursSpecification"]);
  for (const d of days) addValue(n, "dayOfWeek", d);
  if (opens) addValue(n, "opens", opens);
  if (closes) addValue(n, "closes", closes);
  for (const [k, v] of Object.entries(extra)) addValue(n, k, v);
  return n;
}

describe("schema.org hours", () => {
  it("reads dayOfWeek IRIs, times with seconds, closing past midnight and 23:59", () => {
    const h = hoursFromSpecification([
      spec(["https://schema.org/Monday", "http://schema.org/Tuesday"], "09:00:00", "17:00:00"),
      spec(["Friday"], "18:00", "02:00"),
      spec(["Saturday"], "00:00", "23:59"),
    ]);
    expect(h?.value.opening_hours).toEqual({
      Monday: "09:00-17:00",
      Tuesday: "09:00-17:00",
      Friday: "18:00-02:00",
      Saturday: "00:00-24:00",
    });
  });

  it("reads 00:00-00:00 as all day only when the whole specification says so", () => {
    const all = hoursFromSpecification([
      spec(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], "00:00", "00:00"),
    ]);
    expect(all?.value.is_open_24h).toBe(true);
    const mixed = hoursFromSpecification([
      spec(["Monday"], "09:00", "17:00"),
      spec(["Sunday"], "00:00", "00:00"),
    ]);
    expect(mixed?.value.opening_hours).toEqual({ Monday: "09:00-17:00" });
  });

  it("sets aside special days and holidays; a day without opens is closed", () => {
    const h = hoursFromSpecification([
      spec(["Monday"], "10:00", "18:00"),
      spec(["Sunday"]),
      spec([], "10:00", "14:00", { validFrom: "2025-12-24", validThrough: "2025-12-24" }),
      spec(["PublicHolidays"], "12:00", "16:00"),
    ]);
    expect(h?.value.opening_hours).toEqual({ Monday: "10:00-18:00", Sunday: "closed" });
    expect(h?.exceptions).toHaveLength(2);
  });

  it("reads openingHours rules written without separators, and days alone as all day", () => {
    expect(
      hoursFromOpeningHoursText(["Mo-Fr 09:00-17:00 Sa 10:00-14:00"])?.value.opening_hours,
    ).toMatchObject({
      Friday: "09:00-17:00",
      Saturday: "10:00-14:00",
      Sunday: "closed",
    });
    expect(hoursFromOpeningHoursText(["Mo-Su"])?.value.is_open_24h).toBe(true);
    expect(
      hoursFromOpeningHoursText(["Mo-Th 8:00 AM - 5:00 PM", "Fr 8 am - 12 pm"])?.value.opening_hours,
    ).toMatchObject({
      Thursday: "08:00-17:00",
      Friday: "08:00-12:00",
    });
    expect(hoursFromOpeningHoursText(["by appointment only"])).toBeNull();
  });
});
