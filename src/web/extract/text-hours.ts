/**
 * Opening hours written as text, in en/de/fr/es/it/nl/pt and ja/zh/ko → the API's opening hours.
 *
 * Rule-based, no npm library parses multilingual free-text hours (and `opening_hours`, the OSM
 * parser, is LGPL-3.0). Each line is tokenized (hours-tokens.ts); a day selection ("Mon–Fri",
 * "Montag bis Freitag", "Lundi - Vendredi", "Sa, So", "daily") binds to the value that follows it
 * on the line or starts the next line, or that precedes it on the same line ("9am–5pm Mon–Fri",
 * "Closed Sunday"). A value is "closed", "24 hours", or intervals ("9–12 & 14–18 Uhr",
 * "10:00-14:00, 15:00-18:00"). Times: 24 h ("18:00", "18.00", "18h", "18h30", "18 Uhr") and 12 h
 * ("9am", "5:30 pm"; a range's other end takes the meridiem that keeps it in order: "5–10pm" is
 * 17:00–22:00, "9–5pm" 09:00–17:00); "noon", "midnight"; ranges past midnight ("18:00–02:00").
 * Bare numbers ("9–18") count when some time of the same value has a unit, or when they follow
 * their days directly and can only be 24 h times ("Mo-Fr 8-12 + 14-18", "Sabato 9-13"; never
 * "Mon-Fri 9-5").
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
  DAY_LETTERS,
  DAY_NAMES_FULL,
  HOLIDAYS_IN_DAY_LIST,
  HOURS_HEADING,
  type HoursLanguage,
  NOT_WEEKLY,
  STEM_AND_HOLIDAYS,
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

/**
 * Value at k: "closed", "24 hours", or intervals joined by list words. `bareOk`: the value
 * follows its days directly, so bare numbers count when they can only be 24 h times ("Mo-Fr 8-12
 * + 14-18": an hour past 12, every range in order), never "Mon-Fri 9-5".
 */
function value(
  tokens: readonly HoursToken[],
  k: number,
  bareOk = false,
): { value: Value; next: number } | null {
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
    const joiner = tokens[sep];
    const joins = joiner?.kind === "list" || (joiner?.kind === "break" && joiner.soft === true);
    if (joins && tokens[skipFillers(tokens, sep + 1)]?.kind === "time") {
      i = skipFillers(tokens, sep + 1);
      continue;
    }
    break;
  }
  if (pairs.length === 0) return null;
  if (!pairs.some(([a, b]) => a.certain || b.certain)) {
    const twentyFour =
      bareOk &&
      pairs.every(([a, b]) => !a.word && !b.word && a.hour < b.hour && b.hour <= 24) &&
      pairs.some(([, b]) => b.hour > 12);
    if (!twentyFour) return null;
  }
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
    /24\s*\/\s*7|open|geöffnet|ouvert|abierto|aperto|geopend|aberto|rund um die uhr|7 days|営業|营业|營業|영업|年中無休/i.test(
      line,
    ) &&
    !/hotline|service|emergency|notdienst|support|delivery|online|shop online|booking|support|assistance/i.test(
      line,
    )
  );
}

const candidateCache = new Map<string, RegExp>();

const CJK_HOURS_HEADING = /^\s*(?:営業時間|营业时间|營業時間|영업시간)/;
const CJK_HEADING_LINE = /^\s*(?:営業時間|营业时间|營業時間|영업시간)\s*[:：]?\s*$/;
/** "定休日" alone on its line (a <dt>, a <th> above): the days on the next line are closed. */
const CJK_CLOSED_HEADING_LINE = /^\s*(?:定休日|休業日|店休日|公休日?|휴무일?|정기\s?휴무|휴일)\s*[:：]?\s*$/;

/** A CJK line worth tokenizing: a day, a day group, a closed-day word, a time in 時/시/点. */
const CJK_CANDIDATE = String.raw`[月火水木金土日]曜|[月火水木金土日]\s*[・、,\-~〜～－−–]\s*[月火水木金土日祝]|[月火水木金土日]{2}|[周週]\s*[一二三四五六日天]|星期|礼拜|禮拜|[월화수목금토일]\s*(?:요일|[-~〜～,・]\s*[월화수목금토일])|평일|주말|매일|휴무|연중무휴|全年[无無]休|定休|年中無休|毎日|每日|每天|平日|工作日|营业时间|營業時間|営業時間|영업시간|\d\s*[時时시点點]`;

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
    const dayLetters = [...new Set(languages.flatMap((l) => DAY_LETTERS[l].map(([w]) => w)))].join("");
    // A one-letter day before a range or list word or a time: "L-V", "S 9:30", "M-F".
    const letterDays = dayLetters
      ? `|(?<![\\p{L}\\p{N}'’])[${dayLetters}]\\.?\\s*(?:[-–—/,&+]|y |e |et |and |\\d)`
      : "";
    re = new RegExp(
      `(?<![\\p{L}])(?:${alternatives.join("|")})s?(?![\\p{L}])|(?<!\\d)[2-6]\\s*[ªº]|24\\s*[/h]|24\\s*(?:hours|hrs|std|stunden|heures|horas|ore|uur)${letterDays}|${CJK_CANDIDATE}`,
      "iu",
    );
    candidateCache.set(key, re);
  }
  return re;
}

/** "(last orders 2:30pm)", "（L.O. 21:30）", "ラストオーダー21:00", "라스트오더 21:00": not a range, and in the way of the next one. */
const LAST_ORDER =
  /[（(]?\s*(?<![\p{L}])(?:l\.\s?o\.?|lo|last orders?|last order|ラストオーダー|ラスト|라스트\s?오더|최종\s?주문|最后点单|最後點餐)\s*[:：.]?\s*\d{1,2}(?:[:：.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*[)）]?/giu;

/**
 * A line with a holiday word joined to its days: the holiday cut out ("Domingos y festivos
 * cerrado" → "Domingos cerrado", "Sonn- und Feiertage geschlossen" → "sonntag geschlossen").
 */
function withoutHolidaysInDayList(line: string): string {
  return line
    .replace(LAST_ORDER, " ")
    .replace(STEM_AND_HOLIDAYS, (_, stem: string) => (stem.toLowerCase() === "sonn" ? "sonntag" : "zondag"))
    .replace(HOLIDAYS_IN_DAY_LIST, "");
}

/**
 * Assignments of values to days, line by line. Days alone on a line bind to the next line's
 * value, and stay held for the lines after it that give times without days ("Da martedì a
 * domenica / pranzo 12:30–15:00 / cena 19:30–23:00"); after an assignment, further times on the
 * same line behind at most one label word go to the same days ("Lunch 11:30–14:30 / Dinner
 * 17:30–22:00") unless days follow them ("9–12 Mo–Fr").
 */
function readAssignments(lines: readonly string[], languages: readonly HoursLanguage[]): Assignment[] {
  const out: Assignment[] = [];
  let pending: number[] | null = null;
  let pendingLine = -1;
  let held: number[] | null = null;
  const candidate = candidateLine(languages);
  for (let li = 0; li < lines.length && li < MAX_LINES; li++) {
    const raw = lines[li]!;
    // "営業時間" alone on its line (a <dt>, a heading), the times on the next.
    const underCjkHeading = li > 0 && CJK_HEADING_LINE.test(lines[li - 1]!);
    if (!pending && !held && !underCjkHeading && !candidate.test(raw)) continue;
    const line = raw.length > 600 ? raw : withoutHolidaysInDayList(raw);
    if (line.length > 600 || NOT_WEEKLY.test(line)) {
      pending = null;
      held = null;
      continue;
    }
    const tokens = tokenizeHoursLine(line, languages);
    // "営業時間 11:00〜22:00" with the closed day on its own line (定休日：火曜日): in Japanese,
    // Chinese and Korean, hours under the heading with no days are every day's.
    const everyDay = CJK_HOURS_HEADING.test(line) || underCjkHeading ? [0, 1, 2, 3, 4, 5, 6] : null;
    let before: Value | null =
      li > 0 && CJK_CLOSED_HEADING_LINE.test(lines[li - 1]!) ? { kind: "closed" } : null;
    let carry: number[] | null = null;
    let lineDays: number[] | null = null;
    let sawDays = false;
    let sawValue = false;
    let words = 0;
    let wordsSinceAssignment = 0;
    const flush = () => {
      if (before && carry) out.push({ days: carry, value: before, line: li });
      before = null;
      carry = null;
    };
    let i = 0;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t.kind === "day") {
        const spec = daySpec(tokens, i);
        if (!spec) {
          i++;
          continue;
        }
        sawDays = true;
        if (before) {
          out.push({ days: spec.days, value: before, line: li });
          before = null;
          carry = null;
          pending = null;
        } else {
          pending = spec.days;
          pendingLine = li;
          words = 0;
        }
        i = spec.next;
        continue;
      }
      const bound = pending !== null && words <= MAX_WORDS_BETWEEN;
      const v = value(tokens, i, bound && words === 0);
      if (v) {
        sawValue = true;
        if (bound && pending) {
          out.push({ days: pending, value: v.value, line: li });
          if (pendingLine !== li) held = pending;
          lineDays = pending;
          wordsSinceAssignment = 0;
          pending = null;
        } else if (v.value.kind === "allday" && alwaysOpen(line)) {
          out.push({ days: [0, 1, 2, 3, 4, 5, 6], value: v.value, line: li });
        } else {
          flush();
          before = v.value;
          if (v.value.kind === "intervals") {
            if (lineDays && wordsSinceAssignment <= 1) carry = lineDays;
            else if (held && !sawDays && words <= MAX_WORDS_BETWEEN) carry = held;
            else if (everyDay && !sawDays) carry = everyDay;
          }
        }
        i = v.next;
        continue;
      }
      if (t.kind === "word") {
        words++;
        wordsSinceAssignment++;
        if (words > MAX_WORDS_BETWEEN) {
          flush();
          before = null;
        }
      } else if (t.kind === "break") {
        flush();
        before = null;
        lineDays = null;
      }
      i++;
    }
    flush();
    // Days alone on a line wait for the next line's hours; anything else ends them.
    if (
      pending &&
      !tokens.every((t) => t.kind === "day" || t.kind === "range" || t.kind === "list" || t.kind === "filler")
    ) {
      pending = null;
    }
    // Held days last while the following lines give times without days of their own.
    if (sawDays || !sawValue) held = null;
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
