/**
 * schema.org hours → the API's opening hours, through the existing hours parser
 * (src/enrich/normalize/opening-hours.ts), so the web and the input hints share one format.
 *
 * `openingHours` ("Mo-Fr 09:00-17:00", a list of such rules): schema.org's syntax is OSM's
 * subset, so days no rule names are closed, as OSM reads it. Repairs before parsing: seconds
 * dropped ("09:00:00"), rules written one after the other without a separator ("Mo-Fr
 * 09:00-17:00 Sa 10:00-14:00"), days alone ("Mo-Su": all day, schema.org's own example).
 *
 * `openingHoursSpecification`: `dayOfWeek` as a name ("Monday"), an IRI
 * ("https://schema.org/Monday", "http://schema.org/Monday"), or a list; opens/closes with or
 * without seconds; no `opens` = closed that day (schema.org: "The place is open if the opens
 * property is specified, and closed otherwise"); closes before opens = past midnight; closes
 * 23:59 = 24:00. `00:00`–`00:00` is ambiguous: schema generators write it for open 24 hours,
 * Google's local business guide for closed all day. Read as all day when every hour of the
 * specification is 00:00–00:00 (a 24/7 store; a page does not announce a week of closed days),
 * left unknown when other days have ordinary hours. Specifications with validFrom/validThrough
 * (holiday and special hours) and PublicHolidays are set aside as exceptions. Days not named are
 * unknown.
 */
import { DAY_NAMES, type OpeningHours, parseOpeningHours } from "../../enrich/normalize/opening-hours.js";
import { firstText, type SchemaNode, textValues } from "./schema-node.js";

export interface SchemaHours {
  value: OpeningHours;
  text: string;
  exceptions: string[];
}

const DAY_WORD = String.raw`(?:Mo|Tu|We|Th|Fr|Sa|Su|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*`;
/**
 * "8:00 AM", "5 pm" → 24 h before the hours parser sees them: its additional-rule split (", Fr …")
 * only follows a digit, so "Mo-Th 8:00 AM - 5:00 PM, Fr 8:00 AM - 1:00 PM" failed as one rule.
 */
const MERIDIEM_TIME = /\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?(?![a-z])/gi;
const DAYS_ONLY = new RegExp(String.raw`^${DAY_WORD}(?:\s*[-,]\s*${DAY_WORD})*$`, "i");

/** `openingHours` values → hours, or null when they do not parse. */
export function hoursFromOpeningHoursText(values: readonly string[]): SchemaHours | null {
  const rules: string[] = [];
  for (const v of values) {
    const cleaned = v
      .replace(/(\d{1,2}:\d{2}):\d{2}/g, "$1")
      .replace(MERIDIEM_TIME, (_m, h: string, min: string | undefined, ap: string) => {
        const hour = (Number(h) % 12) + (/p/i.test(ap) ? 12 : 0);
        return `${String(hour).padStart(2, "0")}:${min ?? "00"}`;
      })
      .replace(new RegExp(String.raw`(\d|[ap]\.?m\.?)\s+(?=${DAY_WORD}\b)`, "gi"), "$1, ")
      .trim();
    if (!cleaned) continue;
    rules.push(DAYS_ONLY.test(cleaned) ? `${cleaned} 00:00-24:00` : cleaned);
  }
  if (rules.length === 0) return null;
  const text = rules.join(", ");
  const parsed = parseOpeningHours(text);
  if (!parsed.ok) return null;
  return { value: parsed.value, text: values.join("; "), exceptions: parsed.exceptions };
}

function dayIndexOf(raw: string): number | null {
  const name = raw
    .trim()
    .replace(/^https?:\/\/(?:www\.)?(?:schema|purl)\.org\/(?:goodrelations\/v1#)?/i, "")
    .replace(/^schema:/i, "")
    .toLowerCase();
  const i = DAY_NAMES.findIndex((d) => d.toLowerCase() === name || d.slice(0, 2).toLowerCase() === name);
  return i >= 0 ? i : null;
}

/** "09:00:00", "9:00", "09:00+01:00" → "HH:MM", else null. */
function clock(raw: string | null): string | null {
  const m = raw ? /^(\d{1,2}):(\d{2})/.exec(raw.trim()) : null;
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59) return null;
  return `${String(h).padStart(2, "0")}:${m[2]}`;
}

const SPECIAL_SPAN_DAYS = 180;

function isSpecial(spec: SchemaNode): boolean {
  const from = firstText(spec, "validFrom");
  const through = firstText(spec, "validThrough");
  if (!from && !through) return false;
  if (from && through) {
    const span = (Date.parse(through) - Date.parse(from)) / 86_400_000;
    return !(span >= SPECIAL_SPAN_DAYS);
  }
  return true;
}

/** `openingHoursSpecification` nodes → hours, or null when none is usable. */
export function hoursFromSpecification(specs: readonly SchemaNode[]): SchemaHours | null {
  const rows: Array<{ days: number[]; interval: string | null }> = [];
  const exceptions: string[] = [];
  const written: string[] = [];
  for (const spec of specs) {
    const dayTexts = textValues(spec, "dayOfWeek").flatMap((d) => d.split(/[\s,]+/));
    const opens = clock(firstText(spec, "opens"));
    let closes = clock(firstText(spec, "closes"));
    const line = `${dayTexts.map((d) => d.replace(/^.*[/#]/, "")).join(",")} ${opens ?? ""}-${closes ?? ""}`;
    if (isSpecial(spec) || dayTexts.some((d) => /PublicHolidays$/i.test(d))) {
      exceptions.push(line.trim());
      continue;
    }
    const days = dayTexts.map(dayIndexOf).filter((d): d is number => d !== null);
    if (days.length === 0) continue;
    written.push(line.trim());
    if (closes === "23:59") closes = "24:00";
    if (!opens) {
      rows.push({ days, interval: null });
      continue;
    }
    if (!closes) continue;
    rows.push({ days, interval: `${opens}-${closes}` });
  }
  if (rows.length === 0) return null;
  const midnightOnly = rows.every((r) => r.interval === "00:00-00:00" || r.interval === null);
  const week: Record<string, string[] | string> = {};
  for (const r of rows) {
    for (const d of r.days) {
      const day = DAY_NAMES[d]!;
      if (r.interval === null) {
        if (!Array.isArray(week[day])) week[day] = "closed";
        continue;
      }
      if (r.interval === "00:00-00:00" && !midnightOnly) continue;
      const interval = r.interval === "00:00-00:00" ? "00:00-24:00" : r.interval;
      const known = week[day];
      week[day] = Array.isArray(known) ? [...known, interval] : [interval];
    }
  }
  if (Object.keys(week).length === 0) return null;
  const parsed = parseOpeningHours(week);
  if (!parsed.ok) return null;
  return { value: parsed.value, text: written.join("; "), exceptions };
}
