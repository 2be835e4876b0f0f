/**
 * Opening hours written as text, in en/de/fr/es/it/nl/pt → the API's opening hours.
 *
 * Rule-based, no npm library parses multilingual free-text hours (and `opening_hours`, the OSM
 * parser, is LGPL-3.0). Each line is tokenized (hours-tokens.ts); a day selection ("Mon–Fri",
 * "Montag bis Freitag", "Lundi - Vendredi", "Sa, So", "daily") binds to the value that follows it
 * on the line or starts the next line, or that precedes it on the same line ("9am–5pm Mon–Fri",
 * "Closed Sunday"). A value is "closed", "24 hours", or intervals ("9–12 & 14–18 Uhr",
 * "10:00-14:00, 15:00-18:00"). Times: 24 h ("18:00", "18.00", "18h", "18h30", "18 Uhr") and 12 h
 * ("9am", "5:30 pm"; a range's other end takes the meridiem that keeps it in order: "5–10pm" is
 * 17:00–22:00, "9–5pm" 09:00–17:00); "noon", "midnight"; ranges past midnight ("18:00–02:00").
 * Bare numbers ("9–18") count only when some time of the same value has a unit.
 *
 * Refusals (nothing rather than a wrong week): lines about holidays, dates, delivery, the kitchen
 * or happy hour; intervals longer than 20 h or ending after 08:00 the next day; more than three
 * ordinary words between the days and their hours. Consecutive lines with hours form a block; a
 * later rule for a day replaces an earlier one ("Mo–So 9–18, So geschlossen"), except that times
 * that do not overlap the earlier ones, or the same days repeated, add them ("Lunch Mon–Fri
 * 11:30–14:00" then "Dinner Mon–Sat 17:30–22:00"). Days a block does not name are unknown. Several
 * blocks give several results, the one under an hours heading, then the fullest, first.
 */
import { DAY_NAMES, type OpeningHours, parseOpeningHours } from "../../enrich/normalize/opening-hours.js";
import { type HoursToken, type TimeToken, tokenizeHoursLine } from "./hours-tokens.js";
import {
  CLOSED_WORDS,
  DAY_ABBREVIATIONS,
  DAY_NAMES_FULL,
  HOURS_HEADING,
  type HoursLanguage,
  NOT_WEEKLY,
} from "./hours-words.js";

export interface TextHours {
  value: OpeningHours;
  /** The lines the hours were read from. */
  lines: string[];
  /** An hours heading precedes the block. */
  headed: boolean;
}

interface Interval {
  open: number;
  close: number;
}
type Value = { kind: "closed" } | { kind: "allday" } | { kind: "intervals"; intervals: Interval[] };

interface Assignment {
  days: number[];
  value: Value;
  line: number;
}

const MAX_WORDS_BETWEEN = 3;
const MAX_LINES = 4000;
const BLOCK_GAP = 3;

function to24(t: TimeToken, meridiem: "am" | "pm" | null, isEnd: boolean): number | null {
  if (t.word === "noon") return 720;
  if (t.word === "midnight") return isEnd ? 1440 : 0;
  let h = t.hour;
  if (t.minute > 59) return null;
  if (meridiem) {
    if (h < 1 || h > 12) return null;
    if (h === 12) h = 0;
    if (meridiem === "pm") h += 12;
    if (isEnd && h === 0 && t.minute === 0) return 1440;
  } else if (h > 24 || (h === 24 && (!isEnd || t.minute > 0))) return null;
  return h * 60 + t.minute;
}

/** Two written times → an interval, the meridiem of one end lent to the other when it has none. */
function interval(a: TimeToken, b: TimeToken): Interval | null {
  let ma = a.meridiem;
  let mb = b.meridiem;
  if (mb && !ma && a.hour <= 12 && !a.word) {
    const end = to24(b, mb, true);
    const asPm = to24(a, "pm", false);
    ma = end !== null && asPm !== null && asPm < end ? "pm" : "am";
  } else if (ma && !mb && b.hour <= 12 && !b.word) {
    const start = to24(a, ma, false);
    const same = to24(b, ma, true);
    mb = start !== null && same !== null && same > start ? ma : ma === "am" ? "pm" : "am";
  }
  const open = to24(a, ma, false);
  let close = to24(b, mb, true);
  if (open === null || close === null || open >= 1440) return null;
  if (close === 0) close = 1440;
  // "9:00-5:00" without am/pm on a page: the end is in the afternoon.
  if (!ma && !mb && close < open && open < 720 && close <= 720 && close + 720 > open) close += 720;
  if (close === open) return null;
  const duration = close > open ? close - open : close + 1440 - open;
  if (duration > 20 * 60) return null;
  if (close < open && close > 8 * 60) return null;
  return { open, close };
}

function skipFillers(tokens: readonly HoursToken[], k: number): number {
  while (k < tokens.length && tokens[k]!.kind === "filler") k++;
  return k;
}

/** Day selection at k: "Mo", "Mo-Fr", "Mo, Mi und Fr", "Sa & So", "daily". */
function daySpec(tokens: readonly HoursToken[], k: number): { days: number[]; next: number } | null {
  const days = new Set<number>();
  let i = k;
  for (;;) {
    const t = tokens[i];
    if (t?.kind !== "day") break;
    let j = skipFillers(tokens, i + 1);
    const r = tokens[j];
    const end = tokens[skipFillers(tokens, j + 1)];
    if (r?.kind === "range" && end?.kind === "day" && t.days.length === 1 && end.days.length === 1) {
      for (let d = t.days[0]!; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === end.days[0]) break;
      }
      j = skipFillers(tokens, j + 1) + 1;
    } else {
      for (const d of t.days) days.add(d);
      j = i + 1;
    }
    i = j;
    const sep = tokens[skipFillers(tokens, i)];
    const after = tokens[skipFillers(tokens, skipFillers(tokens, i) + 1)];
    if (sep?.kind === "list" && after?.kind === "day") {
      i = skipFillers(tokens, skipFillers(tokens, i) + 1);
      continue;
    }
    break;
  }
  return days.size > 0 ? { days: [...days].sort((a, b) => a - b), next: i } : null;
}

/** Value at k: "closed", "24 hours", or intervals joined by list words. */
function value(tokens: readonly HoursToken[], k: number): { value: Value; next: number } | null {
  const t = tokens[k];
  if (t?.kind === "closed") return { value: { kind: "closed" }, next: k + 1 };
  if (t?.kind === "allday") return { value: { kind: "allday" }, next: k + 1 };
  const pairs: Array<[TimeToken, TimeToken]> = [];
  let i = k;
  for (;;) {
    const a = tokens[i];
    const r = skipFillers(tokens, i + 1);
    const bIndex = skipFillers(tokens, r + 1);
    const b = tokens[bIndex];
    if (a?.kind !== "time" || tokens[r]?.kind !== "range" || b?.kind !== "time") break;
    pairs.push([a, b]);
    i = bIndex + 1;
    const sep = skipFillers(tokens, i);
    if (tokens[sep]?.kind === "list" && tokens[skipFillers(tokens, sep + 1)]?.kind === "time") {
      i = skipFillers(tokens, sep + 1);
      continue;
    }
    break;
  }
  if (pairs.length === 0) return null;
  if (!pairs.some(([a, b]) => a.certain || b.certain)) return null;
  const intervals: Interval[] = [];
  for (const [a, b] of pairs) {
    const iv = interval(a, b);
    if (!iv) return null;
    intervals.push(iv);
  }
  return { value: { kind: "intervals", intervals }, next: i };
}

/** Whether an all-day phrase with no days says the place is always open ("Open 24/7", "open 24 hours"). */
function alwaysOpen(line: string): boolean {
  return (
    line.length < 100 &&
    /24\s*\/\s*7|open|geöffnet|ouvert|abierto|aperto|geopend|aberto|rund um die uhr|7 days/i.test(line) &&
    !/hotline|service|emergency|notdienst|support|delivery|online|shop online|booking|support|assistance/i.test(
      line,
    )
  );
}

const candidateCache = new Map<string, RegExp>();

/**
 * A cheap test a line must pass before it is tokenized: it names a day (any full name, an
 * abbreviation of the page's languages), a day group, a closed word or round-the-clock. On a
 * 1.2 MB catalogue page it left 3 of 6,584 lines to tokenize (161 ms → 4 ms).
 */
function candidateLine(languages: readonly HoursLanguage[]): RegExp {
  const key = languages.join(",");
  let re = candidateCache.get(key);
  if (!re) {
    const words = new Set<string>([
      ...DAY_NAMES_FULL.map(([w]) => w),
      ...languages.flatMap((l) => DAY_ABBREVIATIONS[l].map(([w]) => w)),
      ...CLOSED_WORDS,
      ...[
        "daily",
        "every",
        "everyday",
        "weekdays",
        "weekends",
        "weekend",
        "täglich",
        "jeden",
        "tous",
        "todos",
        "tutti",
        "dagelijks",
        "elke",
        "wochenende",
        "semaine",
        "semana",
        "settimana",
        "rund",
        "around",
        "round",
        "seven",
        "每日",
        "每天",
        "毎日",
      ],
    ]);
    const alternatives = [...words]
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
    re = new RegExp(
      `(?<![\\p{L}])(?:${alternatives.join("|")})s?(?![\\p{L}])|24\\s*[/h]|24\\s*(?:hours|hrs|std|stunden|heures|horas|ore|uur)`,
      "iu",
    );
    candidateCache.set(key, re);
  }
  return re;
}

/** Assignments of values to days, line by line. */
function readAssignments(lines: readonly string[], languages: readonly HoursLanguage[]): Assignment[] {
  const out: Assignment[] = [];
  let pending: number[] | null = null;
  const candidate = candidateLine(languages);
  for (let li = 0; li < lines.length && li < MAX_LINES; li++) {
    const line = lines[li]!;
    if (!pending && !candidate.test(line)) continue;
    if (line.length > 600 || NOT_WEEKLY.test(line)) {
      pending = null;
      continue;
    }
    const tokens = tokenizeHoursLine(line, languages);
    let before: Value | null = null;
    let words = 0;
    let i = 0;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t.kind === "day") {
        const spec = daySpec(tokens, i);
        if (!spec) {
          i++;
          continue;
        }
        if (before) {
          out.push({ days: spec.days, value: before, line: li });
          before = null;
          pending = null;
        } else {
          pending = spec.days;
          words = 0;
        }
        i = spec.next;
        continue;
      }
      const v = value(tokens, i);
      if (v) {
        if (pending && words <= MAX_WORDS_BETWEEN) {
          out.push({ days: pending, value: v.value, line: li });
          pending = null;
        } else if (v.value.kind === "allday" && alwaysOpen(line)) {
          out.push({ days: [0, 1, 2, 3, 4, 5, 6], value: v.value, line: li });
        } else {
          before = v.value;
        }
        i = v.next;
        continue;
      }
      if (t.kind === "word") {
        words++;
        if (words > MAX_WORDS_BETWEEN) before = null;
      } else if (t.kind === "break") {
        before = null;
      }
      i++;
    }
    // Days alone on a line wait for the next line's hours; anything else ends them.
    if (
      pending &&
      !tokens.every((t) => t.kind === "day" || t.kind === "range" || t.kind === "list" || t.kind === "filler")
    ) {
      pending = null;
    }
  }
  return out;
}

function span(iv: Interval): [number, number] {
  return [iv.open, iv.close <= iv.open ? iv.close + 1440 : iv.close];
}

/** Whether any interval of one list overlaps one of the other ("11:30–14:00" and "17:30–22:00" do not). */
function overlaps(a: readonly Interval[], b: readonly Interval[]): boolean {
  return a.some((x) => b.some((y) => span(x)[0] < span(y)[1] && span(y)[0] < span(x)[1]));
}

function sameValue(a: Value, b: Value): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function hhmm(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

function blockHours(block: readonly Assignment[]): OpeningHours | null {
  const week: Array<{ value: Value; days: string } | null> = Array.from({ length: 7 }, () => null);
  for (const a of block) {
    const key = a.days.join(",");
    for (const d of a.days) {
      const known = week[d];
      const adds =
        known?.value.kind === "intervals" &&
        a.value.kind === "intervals" &&
        (known.days === key || !overlaps(known.value.intervals, a.value.intervals));
      if (known && adds && known.value.kind === "intervals" && a.value.kind === "intervals") {
        if (!sameValue(known.value, a.value))
          week[d] = {
            days: key,
            value: { kind: "intervals", intervals: [...known.value.intervals, ...a.value.intervals] },
          };
      } else {
        week[d] = { value: a.value, days: key };
      }
    }
  }
  if (!week.some((d) => d && d.value.kind !== "closed")) return null;
  const structured: Record<string, string> = {};
  week.forEach((d, i) => {
    if (!d) return;
    const v = d.value;
    structured[DAY_NAMES[i]!] =
      v.kind === "closed"
        ? "closed"
        : v.kind === "allday"
          ? "00:00-24:00"
          : v.intervals.map((iv) => `${hhmm(iv.open)}-${hhmm(iv.close)}`).join(", ");
  });
  const parsed = parseOpeningHours(structured);
  return parsed.ok ? parsed.value : null;
}

/** Hours read from the page's text lines; best first, identical weeks once. */
export function textHours(lines: readonly string[], languages: readonly HoursLanguage[]): TextHours[] {
  const assignments = readAssignments(lines, languages);
  const blocks: Assignment[][] = [];
  for (const a of assignments) {
    const last = blocks.at(-1);
    const prev = last?.at(-1);
    if (last && prev && a.line - prev.line <= BLOCK_GAP) last.push(a);
    else blocks.push([a]);
  }
  const out: Array<TextHours & { known: number; order: number }> = [];
  const seen = new Set<string>();
  blocks.forEach((block, order) => {
    const value = blockHours(block);
    if (!value) return;
    const key = JSON.stringify(value.opening_hours);
    if (seen.has(key)) return;
    seen.add(key);
    const first = block[0]!.line;
    const last = block.at(-1)!.line;
    const headed = [first - 2, first - 1, first].some((l) => l >= 0 && HOURS_HEADING.test(lines[l] ?? ""));
    out.push({
      value,
      lines: lines.slice(first, last + 1),
      headed,
      known: Object.keys(value.opening_hours).length,
      order,
    });
  });
  return out
    .sort((a, b) => Number(b.headed) - Number(a.headed) || b.known - a.known || a.order - b.order)
    .map(({ value, lines: l, headed }) => ({ value, lines: l, headed }));
}
