/**
 * One line of text → hours tokens (days, times, range and list words, closed and all-day words).
 * Everything else is a WORD (counted: too many between days and times unbinds them) or a FILLER
 * ("from", "von", "de", ":" — free).
 */
import {
  ALL_DAY,
  CJK_CLOSED,
  CJK_DAY_GROUPS,
  CJK_DAYS,
  CJK_FILLER,
  CJK_HOLIDAYS,
  CJK_RANGE,
  CLOSED_WORDS,
  DAY_ABBREVIATIONS,
  DAY_GROUPS,
  DAY_LETTERS,
  DAY_NAMES_FULL,
  FILLER_WORDS,
  type HoursLanguage,
  LETTERS_ONLY_IN_RANGES,
  LIST_WORDS,
  MIDNIGHT,
  NOON,
  RANGE_WORDS,
  TIME_INTRO_WORDS,
} from "./hours-words.js";

export interface TimeToken {
  kind: "time";
  hour: number;
  minute: number;
  meridiem: "am" | "pm" | null;
  /** Written with minutes, "h", "Uhr" or am/pm: certainly a time, not a bare number. */
  certain: boolean;
  /** noon / midnight words. */
  word?: "noon" | "midnight";
}

export type HoursToken =
  | {
      kind: "day";
      days: number[];
      /** An abbreviation or a one-character CJK day: a day only next to other hours tokens. */
      weak: boolean;
      /** A one-letter abbreviation ("L", "X", "M"): a day only in a range or list, or first on its line. */
      letter?: "anywhere" | "range";
    }
  | TimeToken
  | { kind: "range" }
  | { kind: "list" }
  | { kind: "closed" }
  | { kind: "allday" }
  /** ";", ".", "!" end a statement; "|", "•", "·" (soft) may also join two ranges of one day ("9–14 | 17–20"). */
  | { kind: "break"; soft?: boolean }
  | { kind: "filler"; intro?: boolean }
  | { kind: "word" };

const FULL = new Map(DAY_NAMES_FULL);
const FULL_HYPHENATED = DAY_NAMES_FULL.filter(([n]) => n.includes("-")).map(([n]) => n);

function abbreviations(languages: readonly HoursLanguage[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const lang of languages) for (const [a, d] of DAY_ABBREVIATIONS[lang]) if (!map.has(a)) map.set(a, d);
  return map;
}

function letters(languages: readonly HoursLanguage[]): Map<string, { day: number; range: boolean }> {
  const map = new Map<string, { day: number; range: boolean }>();
  for (const lang of languages)
    for (const [a, d] of DAY_LETTERS[lang])
      if (!map.has(a)) map.set(a, { day: d, range: LETTERS_ONLY_IN_RANGES[lang].has(a) });
  return map;
}

type CjkEntry = readonly [string, HoursToken];
/** Every CJK hours word, longest first: a line like "土日祝" or "毎週水曜日定休" has no spaces to split on. */
const CJK_LEXICON: readonly CjkEntry[] = [
  ...CJK_DAY_GROUPS.map(([w, days]): CjkEntry => [w, { kind: "day", days, weak: false }]),
  ...CJK_DAYS.map(([w, d, weak]): CjkEntry => [w, { kind: "day", days: [d], weak }]),
  ...CJK_CLOSED.map((w): CjkEntry => [w, { kind: "closed" }]),
  ...CJK_HOLIDAYS.map((w): CjkEntry => [w, { kind: "filler" }]),
  ...CJK_RANGE.map((w): CjkEntry => [w, { kind: "range" }]),
  ...CJK_FILLER.map((w): CjkEntry => [w, { kind: "filler" }]),
].sort((a, b) => b[0].length - a[0].length);
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー々]/u;

const PT_ORDINAL_DAYS = ["segunda", "terça", "quarta", "quinta", "sexta"];

const TIME_MINUTES =
  /^(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?(?:\s*([ap])\.?\s?m\.?(?![a-z]))?(?:\s*(?:uhr|h|hrs|hs)(?![a-z]))?/;
const TIME_H = /^(\d{1,2})\s?h(?:\s?(\d{2}))?(?![a-z\d])/;
const TIME_MERIDIEM = /^(\d{1,2})\s*([ap])\.?\s?m\.?(?![a-z])/;
const TIME_UHR = /^(\d{1,2})\s*uhr(?![a-z])/;
const BARE = /^(\d{1,2})(?![\d])/;
const NUMBER = /^\d+/;
const WORD = /^[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?/u;

/** Lower-cased, dashes and full-width forms unified. */
export function normalizeHoursLine(line: string): string {
  return (
    line
      .toLowerCase()
      .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      // 11時30分, 11時半, 11時 (ja), 11시 30분 (ko), 10点30分 (zh) → 11:30, 11:00; not 24時間 ("24 hours").
      .replace(
        /(\d{1,2})\s*[時时시点點]\s*(\d{1,2})\s*[分분]/g,
        (_, h: string, m: string) => `${h}:${m.padStart(2, "0")}`,
      )
      .replace(/(\d{1,2})\s*[時时시点點]\s*半/g, "$1:30")
      .replace(/(\d{1,2})\s*[時时시点點](?![間间간])/g, "$1:00")
      // 오후 10:00, 下午6:00, 午後9:00 → "10:00 pm"; 오전, 上午, 午前 → am.
      .replace(/(?:오후|下午|午後|晚上)\s*(\d{1,2}(?::\d{2})?)/g, "$1 pm")
      .replace(/(?:오전|上午|午前|早上)\s*(\d{1,2}(?::\d{2})?)/g, "$1 am")
      // Portuguese ordinal weekdays: "2ª a 6ª feira" → segunda a sexta.
      .replace(
        /(?<!\d)([2-6])\s*(?:ª|º|a(?=[\s-]*feira))\.?(?:[\s-]*feira)?(?![\p{L}\d])/gu,
        (_, n: string) => PT_ORDINAL_DAYS[Number(n) - 2]!,
      )
      .replace(/[‐‑‒–—―−~〜]/g, "-")
      .replace(/\s+/g, " ")
  );
}

export function tokenizeHoursLine(line: string, languages: readonly HoursLanguage[]): HoursToken[] {
  const abbr = abbreviations(languages);
  const letter = letters(languages);
  // Where the last CJK token ended: adjacent CJK days ("土日") get a list between them, adjacent
  // unknown CJK characters make one word.
  let cjkEnd = -1;
  const s = normalizeHoursLine(line).slice(0, 500);
  const out: HoursToken[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === " ") {
      i++;
      continue;
    }
    const rest = s.slice(i);
    const all = ALL_DAY.exec(rest);
    if (all) {
      // "18h-24h": a closing time, not "open 24 h".
      const prev = out.at(-1);
      if (/^24/.test(all[0]) && !/\//.test(all[0]) && prev?.kind === "range" && out.at(-2)?.kind === "time") {
        out.push({ kind: "time", hour: 24, minute: 0, meridiem: null, certain: true });
      } else out.push({ kind: "allday" });
      i += all[0].length;
      continue;
    }
    if (c >= "0" && c <= "9") {
      let m = TIME_MINUTES.exec(rest);
      if (m) {
        const meridiem = m[3] ? (m[3] === "a" ? "am" : "pm") : null;
        out.push({ kind: "time", hour: Number(m[1]), minute: Number(m[2]), meridiem, certain: true });
        i += m[0].length;
        continue;
      }
      m = TIME_MERIDIEM.exec(rest);
      if (m) {
        out.push({
          kind: "time",
          hour: Number(m[1]),
          minute: 0,
          meridiem: m[2] === "a" ? "am" : "pm",
          certain: true,
        });
        i += m[0].length;
        continue;
      }
      m = TIME_H.exec(rest) ?? TIME_UHR.exec(rest);
      if (m) {
        out.push({
          kind: "time",
          hour: Number(m[1]),
          minute: m[2] ? Number(m[2]) : 0,
          meridiem: null,
          certain: true,
        });
        i += m[0].length;
        continue;
      }
      m = BARE.exec(rest);
      if (m) {
        out.push({ kind: "time", hour: Number(m[1]), minute: 0, meridiem: null, certain: false });
        i += m[0].length;
        continue;
      }
      const n = NUMBER.exec(rest)!;
      out.push({ kind: "word" });
      i += n[0].length;
      continue;
    }
    if (NOON.test(rest) || MIDNIGHT.test(rest)) {
      const noon = NOON.exec(rest);
      const word = noon ? "noon" : "midnight";
      out.push({ kind: "time", hour: noon ? 12 : 0, minute: 0, meridiem: null, certain: true, word });
      i += (noon ?? MIDNIGHT.exec(rest))![0].length;
      continue;
    }
    const group = DAY_GROUPS.find(([re]) => re.test(rest));
    if (group) {
      out.push({ kind: "day", days: group[1], weak: false });
      i += group[0].exec(rest)![0].length;
      continue;
    }
    const hyphenated = FULL_HYPHENATED.find((n) => rest.startsWith(n));
    if (hyphenated) {
      out.push({ kind: "day", days: [FULL.get(hyphenated)!], weak: false });
      i += hyphenated.length;
      continue;
    }
    if (CJK.test(rest)) {
      const entry = CJK_LEXICON.find(([w]) => rest.startsWith(w));
      const adjacent = cjkEnd === i;
      if (entry) {
        const token = entry[1];
        // "土日祝", "週六 週日": CJK days side by side are a list.
        if (token.kind === "day" && out.at(-1)?.kind === "day") out.push({ kind: "list" });
        out.push(token.kind === "day" ? { ...token, days: [...token.days] } : { ...token });
      } else if (!(adjacent && out.at(-1)?.kind === "word")) out.push({ kind: "word" });
      i += entry ? entry[0].length : 1;
      cjkEnd = i;
      continue;
    }
    if (rest.startsWith("t/m")) {
      out.push({ kind: "range" });
      i += 3;
      continue;
    }
    const w = WORD.exec(rest);
    if (w) {
      const word = w[0];
      i += word.length;
      if (s[i] === ".") i++;
      const full = FULL.get(word) ?? (word.endsWith("s") ? FULL.get(word.slice(0, -1)) : undefined);
      if (full !== undefined) out.push({ kind: "day", days: [full], weak: false });
      else if (abbr.has(word)) out.push({ kind: "day", days: [abbr.get(word)!], weak: true });
      else if (letter.has(word)) {
        const l = letter.get(word)!;
        out.push({ kind: "day", days: [l.day], weak: true, letter: l.range ? "range" : "anywhere" });
      } else if (CLOSED_WORDS.has(word)) out.push({ kind: "closed" });
      else if (RANGE_WORDS.has(word)) out.push({ kind: "range" });
      else if (LIST_WORDS.has(word)) out.push({ kind: "list" });
      else if (FILLER_WORDS.has(word)) out.push({ kind: "filler", intro: TIME_INTRO_WORDS.has(word) });
      else out.push({ kind: "word" });
      continue;
    }
    i++;
    if (c === "-") out.push({ kind: "range" });
    else if (c === "," || c === "&" || c === "+" || c === "/" || c === "・" || c === "、")
      out.push({ kind: "list" });
    else if (c === "|" || c === "•" || c === "·") out.push({ kind: "break", soft: true });
    else if (c === ";" || c === "." || c === "!") out.push({ kind: "break" });
    else if (c === ":") out.push({ kind: "filler", intro: true });
  }
  return confirmWeakDays(out);
}

/**
 * An abbreviation is a day only next to other hours tokens: followed (past ":" or a time-intro
 * word like "von", "de") by a range or list word and another day, by a time, a closed or all-day
 * word; or preceded by a range or list word after a day. Otherwise it is the ordinary word it also is ("we", "do", "so", "sun").
 */
function confirmWeakDays(tokens: HoursToken[]): HoursToken[] {
  const significant = (k: number, step: 1 | -1): number => {
    let j = k + step;
    for (let t = tokens[j]; t?.kind === "filler" && t.intro; t = tokens[j]) j += step;
    return j;
  };
  const isDay = (k: number) => tokens[k]?.kind === "day";
  const ok = new Array<boolean>(tokens.length).fill(true);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== "day" || !t.weak) continue;
    const n = significant(k, 1);
    const next = tokens[n];
    const p = significant(k, -1);
    const prev = tokens[p];
    const nextOk =
      next !== undefined &&
      (next.kind === "time" ||
        next.kind === "closed" ||
        next.kind === "allday" ||
        ((next.kind === "range" || next.kind === "list") && isDay(significant(n, 1))));
    const prevOk =
      prev !== undefined && (prev.kind === "range" || prev.kind === "list") && isDay(significant(p, -1));
    if (t.letter) {
      // A letter: joined to another day, or first on its line before a time or a closed word.
      const joined =
        (next !== undefined && (next.kind === "range" || next.kind === "list") && isDay(significant(n, 1))) ||
        prevOk;
      const first = tokens.slice(0, k).every((x) => x.kind === "filler");
      ok[k] =
        joined || (t.letter === "anywhere" && first && (next?.kind === "time" || next?.kind === "closed"));
      continue;
    }
    ok[k] = nextOk || prevOk || (next === undefined && tokens.length <= 3);
  }
  return tokens.map((t, k) => (ok[k] ? t : { kind: "word" }));
}
