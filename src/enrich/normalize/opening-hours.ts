/**
 * Opening hours hints → the API's format (API.md §2.4): `{"Monday": "11:00-14:00, 17:00-22:00",
 * "Sunday": "closed", ...}` with English day names, 24 h `HH:MM-HH:MM`, `"00:00-24:00"` all day, and
 * intervals past midnight ending on the next day's clock (`"18:00-02:00"`).
 *
 * Accepted hints:
 * - OSM `opening_hours` syntax, common subset: `24/7`; rules separated by `;` (a later rule replaces
 *   the days it names) or by `, <day>` (additional rule: adds intervals); day selectors `Mo-Fr`,
 *   `Mo,We,Fr`, wrapping `Fr-Mo`, English names (`Mon`, `Monday`), `daily`; times `09:00-17:00`,
 *   `9am-5pm`, `18:00-26:00` (= 02:00 next day), several joined by `,`; `off`/`closed`; the rule
 *   modifier `open` (after times it changes nothing; alone it is the whole day). As in OSM,
 *   days no rule mentions are closed. Overlapping or touching intervals of a day are merged (OSM
 *   evaluates additional rules as a union: `Mo-Fr 09:00-17:00, We 09:00-12:00` is 09:00-17:00).
 * - Exceptions are not part of the weekly schedule the API reports: rules for holidays (`PH off`,
 *   `SH 10:00-14:00`), for dates (`Dec 25 off`, `Dec 24-26 10:00-14:00`, `2024 Jan 01 off`, `easter
 *   off`) are set aside and listed in `exceptions`; comments (`"by appointment"`) likewise. Seasonal
 *   rules (month ranges `Jun-Aug …`, `week 01-10 …`) are set aside too, but then the weekly schedule
 *   holds only part of the year: `partial` is set (the caller lowers its confidence); a hint made
 *   only of seasonal rules is unparseable. Sunrise/sunset and open ends (`18:00+`) stay unparseable.
 * - Already structured objects in the API format (day name → string or string[]), where absent days
 *   stay unknown, or the grouped format `[{days:["Mon"], opens, closes}]`.
 */
import { collapseWhitespace, quote } from "./text.js";

export const DAY_NAMES = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;
export const DAY_ABBREVIATIONS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

export interface HoursGroup {
  days: string[];
  opens: string;
  closes: string;
}

export interface OpeningHours {
  opening_hours: Record<string, string>;
  opening_hours_grouped_by_hours: HoursGroup[];
  is_open_24h: boolean | null;
}

export type OpeningHoursParse =
  | {
      ok: true;
      value: OpeningHours;
      format: "osm" | "structured";
      /** Rules set aside as exceptions (holidays, dates, comments, seasons), as written. */
      exceptions: string[];
      /** Seasonal rules were set aside: the weekly schedule covers only part of the year. */
      partial: boolean;
    }
  | { ok: false; reason: string };

/** Minutes from midnight; `close` may be ≤ `open` (past midnight) or 1440 (24:00). */
interface Interval {
  open: number;
  close: number;
}
/** Per day: null = unknown, [] = closed. */
type Week = Array<Interval[] | null>;

const DAY_WORDS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(mo|mon|monday|mondays)$/i, 0],
  [/^(tu|tue|tues|tuesday|tuesdays)$/i, 1],
  [/^(we|wed|weds|wednesday|wednesdays)$/i, 2],
  [/^(th|thu|thur|thurs|thursday|thursdays)$/i, 3],
  [/^(fr|fri|friday|fridays)$/i, 4],
  [/^(sa|sat|saturday|saturdays)$/i, 5],
  [/^(su|sun|sunday|sundays)$/i, 6],
];

function dayIndex(word: string): number | null {
  for (const [re, i] of DAY_WORDS) if (re.test(word)) return i;
  return null;
}

const DAY_WORD = `(?:mo|tu|we|th|fr|sa|su|mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?(?![a-z])`;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function formatMinutes(m: number): string {
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** "09:00", "9:30", "9am", "12:15pm", "noon", "midnight" → minutes (may exceed 1440 in OSM: 26:00). */
function parseTime(raw: string, isEnd: boolean): number | null {
  const s = raw.trim().toLowerCase().replace(/\./g, "");
  if (s === "noon") return 720;
  if (s === "midnight") return isEnd ? 1440 : 0;
  const m = /^(\d{1,2})(?::?(\d{2}))?\s*(am|pm|a|p)?$/.exec(s);
  if (!m) return null;
  let h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  const ampm = m[3];
  if (m[2] === undefined && !ampm) return null;
  if (min > 59) return null;
  if (ampm) {
    if (h < 1 || h > 12) return null;
    if (h === 12) h = 0;
    if (ampm.startsWith("p")) h += 12;
    if (isEnd && h === 0 && min === 0) return 1440;
  } else if (h > 48) {
    return null;
  }
  return h * 60 + min;
}

/** "09:00-17:00,18:00-02:00" → intervals, or null if any part is not a time range. */
function parseTimeRanges(text: string): Interval[] | null {
  const out: Interval[] = [];
  for (const part of text.split(/\s*,\s*/)) {
    const m = /^(.+?)\s*(?:-|–|—|to)\s*(.+)$/i.exec(part.trim());
    if (!m?.[1] || !m[2]) return null;
    const open = parseTime(m[1], false);
    let close = parseTime(m[2], true);
    if (open === null || close === null || open >= 1440) return null;
    if (close > 1440) close -= 1440;
    if (close === 0) close = 1440;
    if (close === open) return null;
    out.push({ open, close });
  }
  return out.length > 0 ? out : null;
}

/** Whole-day words. */
function parseDayValue(text: string): Interval[] | null {
  const s = text.trim().toLowerCase();
  if (/^(closed|off|close|geschlossen|fermé|ferme)$/.test(s)) return [];
  if (/^(open )?24 ?(hours|hrs|h)$|^24\/7$|^all day$|^open all day$/.test(s))
    return [{ open: 0, close: 1440 }];
  return parseTimeRanges(s.replace(/(\d)\s+(am|pm)\b/g, "$1$2"));
}

/** "Mo-Fr,Su" → day indexes; "PH"/"SH" parts → "holiday"; null when not a day selector. */
function parseDaySelector(text: string): number[] | "holiday" | null {
  const days = new Set<number>();
  let holiday = false;
  for (const part of text.split(/\s*,\s*/)) {
    const p = part.trim();
    if (/^(ph|sh)$/i.test(p)) {
      holiday = true;
      continue;
    }
    if (/^(daily|every ?day|everyday|all days)$/i.test(p)) {
      for (let i = 0; i < 7; i++) days.add(i);
      continue;
    }
    const m = /^([a-z]+)\s*(?:-|–|—|to|through|thru)\s*([a-z]+)$/i.exec(p);
    if (m?.[1] && m[2]) {
      const a = dayIndex(m[1]);
      const b = dayIndex(m[2]);
      if (a === null || b === null) return null;
      for (let i = a; ; i = (i + 1) % 7) {
        days.add(i);
        if (i === b) break;
      }
      continue;
    }
    const d = dayIndex(p);
    if (d === null) return null;
    days.add(d);
  }
  if (days.size === 0) return holiday ? "holiday" : null;
  return [...days];
}

const RULE = new RegExp(
  String.raw`^((?:${DAY_WORD}|(?:ph|sh|daily|every ?day)(?![a-z]))(?:\s*(?:,|-|–|to|through|thru)\s*(?:${DAY_WORD}|(?:ph|sh)(?![a-z])))*)?\s*:?\s*(.*)$`,
  "i",
);
const ADDITIONAL_RULE = new RegExp(String.raw`(?<=\d|\boff|\bclosed)\s*,\s*(?=${DAY_WORD}\b)`, "i");

const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
const DAY_OF_MONTH = String.raw`${MONTH}\s*\d{1,2}(?:\s*-\s*(?:${MONTH}\s*)?\d{1,2})?`;
/** "Dec 25", "Dec 24-26", "2024 Jan 01", "Dec 25,26", "easter", "easter +1 day": a date exception. */
const DATE_RULE = new RegExp(
  String.raw`^(?:\d{4}\s+)?(?:${DAY_OF_MONTH}(?:\s*,\s*(?:${DAY_OF_MONTH}|\d{1,2}))*|easter(?:\s*[-+]\d+\s*days?)?)(?:\s|:|$)`,
  "i",
);
/** "Jun-Aug …", "Apr,Oct …", "week 01-10 …": a season. */
const SEASON_RULE = new RegExp(
  String.raw`^(?:\d{4}\s+)?(?:${MONTH}(?:\s*-\s*${MONTH})?(?:\s*,\s*${MONTH}(?:\s*-\s*${MONTH})?)*|week\s*\d{1,2}(?:\s*-\s*\d{1,2})?(?:\/\d)?)(?:\s|:)`,
  "i",
);
const HOLIDAY_RULE = /^(?:ph|sh)(?:\s*[-+]\d+\s*days?)?(?:\s*,\s*(?:ph|sh))*(?:\s|:|$)/i;
const COMMENT = /\s*"[^"]*"\s*/g;
const OPEN_MODIFIER = /(?:^|\s+)open$/i;
const OPEN_ALONE = /^\s*open\s*$/i;

interface OsmWeek {
  week: Week;
  exceptions: string[];
  partial: boolean;
}

function parseOsm(hint: string): OsmWeek | string {
  const exceptions: string[] = [];
  let partial = false;
  // Full-width forms (CJK input methods: "Mo-Fr 09：00－17：00，Sa …") read as ASCII; "~" and "〜"
  // are the range dash of Japanese and Chinese hours.
  const text = collapseWhitespace(hint)
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[–—~\u301c]/g, "-")
    .replace(/(\d)\s+(am|pm)\b/gi, "$1$2")
    .replace(/\s*-\s*/g, "-");
  const week: Week = Array.from({ length: 7 }, () => null);
  let any = false;
  for (const raw of text.split(/\s*(?:;|\|\|)\s*/)) {
    if (!raw) continue;
    const comments = raw.match(COMMENT);
    const chunk = raw.replace(COMMENT, " ").trim();
    if (comments) exceptions.push(...comments.map((c) => c.trim()));
    if (!chunk) continue;
    if (/^24\/7$/i.test(chunk)) {
      for (let d = 0; d < 7; d++) week[d] = [{ open: 0, close: 1440 }];
      any = true;
      continue;
    }
    if (HOLIDAY_RULE.test(chunk) || DATE_RULE.test(chunk)) {
      exceptions.push(chunk);
      continue;
    }
    if (SEASON_RULE.test(chunk)) {
      exceptions.push(chunk);
      partial = true;
      continue;
    }
    const rules = chunk.split(ADDITIONAL_RULE);
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r]?.trim() ?? "";
      const m = RULE.exec(rule);
      if (!m) return `rule '${rule}' is not understood`;
      const daysText = m[1];
      // OSM's rule modifier `open` states what the times already say ("Mo-Fr 12:00-13:00 open");
      // after days alone it is the whole day ("Su open"). A bare "open" (no days) says no hours.
      const modified = (m[2] ?? "").trim().replace(OPEN_MODIFIER, "").trim();
      const valueText = modified || (daysText && OPEN_ALONE.test(m[2] ?? "") ? "24/7" : modified);
      const days = daysText ? parseDaySelector(daysText) : [0, 1, 2, 3, 4, 5, 6];
      if (days === null) return `day selector '${daysText}' is not understood`;
      if (valueText === "" && days !== "holiday") return `rule '${rule}' has no hours`;
      const hours = valueText === "24/7" ? [{ open: 0, close: 1440 }] : parseDayValue(valueText);
      if (hours === null) return `hours '${valueText}' are not understood`;
      if (days === "holiday") continue;
      for (const d of days) {
        const additional = r > 0 && week[d] !== null;
        week[d] = additional ? [...(week[d] ?? []), ...hours] : [...hours];
      }
      any = true;
    }
  }
  if (!any) return partial ? "only seasonal hours (month or week ranges)" : "no weekly hours found";
  return { week: week.map((d) => d ?? []), exceptions, partial };
}

function dayKeyIndex(key: string): number | null {
  return dayIndex(key.trim());
}

function parseStructured(hint: unknown): Week | string {
  const week: Week = Array.from({ length: 7 }, () => null);
  if (Array.isArray(hint)) {
    for (const g of hint) {
      if (!g || typeof g !== "object") return "grouped hours entry is not an object";
      const { days, opens, closes } = g as Record<string, unknown>;
      if (!Array.isArray(days) || typeof opens !== "string" || typeof closes !== "string") {
        return "grouped hours entry needs days, opens and closes";
      }
      const hours = parseTimeRanges(`${opens}-${closes}`);
      if (!hours) return `hours '${opens}-${closes}' are not understood`;
      for (const d of days) {
        const i = typeof d === "string" ? dayKeyIndex(d) : null;
        if (i === null) return `day '${String(d)}' is not understood`;
        week[i] = [...(week[i] ?? []), ...hours];
      }
    }
    return week;
  }
  for (const [key, value] of Object.entries(hint as Record<string, unknown>)) {
    const i = dayKeyIndex(key);
    if (i === null) return `day '${key}' is not understood`;
    const parts = Array.isArray(value) ? value : [value];
    const hours: Interval[] = [];
    for (const p of parts) {
      if (typeof p !== "string") return `hours of ${DAY_NAMES[i]} are not text`;
      const h = parseDayValue(p);
      if (h === null) return `hours '${p}' of ${DAY_NAMES[i]} are not understood`;
      hours.push(...h);
    }
    week[i] = hours;
  }
  return week;
}

/**
 * Sorted, with overlapping or touching intervals joined: 09:00-17:00 + 09:00-12:00 → 09:00-17:00;
 * 09:00-12:00 + 12:00-14:00 → 09:00-14:00. An interval past midnight (close ≤ open) counts as
 * ending the next day.
 */
function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const spans = intervals
    .map((iv) => ({ open: iv.open, end: iv.close <= iv.open ? iv.close + 1440 : iv.close }))
    .sort((a, b) => a.open - b.open || a.end - b.end);
  const out: Array<{ open: number; end: number }> = [];
  for (const s of spans) {
    const last = out.at(-1);
    if (last && s.open <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out.map((s) => {
    if (s.end - s.open >= 1440) return { open: 0, close: 1440 };
    return { open: s.open, close: s.end > 1440 ? s.end - 1440 : s.end };
  });
}

function formatWeek(week: Week): OpeningHours {
  const opening_hours: Record<string, string> = {};
  const groups = new Map<string, HoursGroup & { first: number; open: number }>();
  let known = 0;
  let allDay = 0;
  week.forEach((intervals, i) => {
    if (intervals === null) return;
    known++;
    const day = DAY_NAMES[i]!;
    if (intervals.length === 0) {
      opening_hours[day] = "closed";
      return;
    }
    const sorted = mergeIntervals(intervals);
    const isAllDay = sorted.length === 1 && sorted[0]!.open === 0 && sorted[0]!.close === 1440;
    if (isAllDay) allDay++;
    opening_hours[day] = sorted
      .map((iv) => `${formatMinutes(iv.open)}-${formatMinutes(iv.close)}`)
      .join(", ");
    for (const iv of sorted) {
      const key = `${iv.open}-${iv.close}`;
      const g = groups.get(key) ?? {
        days: [],
        opens: formatMinutes(iv.open),
        closes: formatMinutes(iv.close),
        first: i,
        open: iv.open,
      };
      g.days.push(DAY_ABBREVIATIONS[i]!);
      groups.set(key, g);
    }
  });
  const grouped = [...groups.values()]
    .sort((a, b) => a.first - b.first || a.open - b.open)
    .map(({ days, opens, closes }) => ({ days, opens, closes }));
  const is_open_24h = known === 0 ? null : allDay === 7 ? true : allDay === known ? null : false;
  return { opening_hours, opening_hours_grouped_by_hours: grouped, is_open_24h };
}

export function parseOpeningHours(hint: unknown): OpeningHoursParse {
  if (typeof hint === "string") {
    const text = hint.trim();
    if (!text) return { ok: false, reason: "input opening_hours is empty" };
    if (text.length > 1000) return { ok: false, reason: "input opening_hours is too long to be hours" };
    const osm = parseOsm(text);
    if (typeof osm === "string")
      return { ok: false, reason: `input opening_hours ${quote(text)} unparseable: ${osm}` };
    return {
      ok: true,
      value: formatWeek(osm.week),
      format: "osm",
      exceptions: osm.exceptions,
      partial: osm.partial,
    };
  }
  if (hint && typeof hint === "object") {
    const week = parseStructured(hint);
    if (typeof week === "string") return { ok: false, reason: `input opening_hours unparseable: ${week}` };
    if (week.every((d) => d === null)) return { ok: false, reason: "input opening_hours names no day" };
    return { ok: true, value: formatWeek(week), format: "structured", exceptions: [], partial: false };
  }
  return { ok: false, reason: "input opening_hours is neither text nor an object" };
}
