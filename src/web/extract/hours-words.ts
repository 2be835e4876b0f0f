/**
 * The words of opening hours written as text, in en/de/fr/es/it/nl/pt (and the CJK day, closed and
 * holiday words further down, recognized on every page): day names and their
 * abbreviations, range and list words, closed and all-day words, day groups. Full day names are
 * recognized in every language; abbreviations (2–4 letters, which are also ordinary words: "we",
 * "do", "so", "mar", "sun") only in the page's languages and only next to other hours tokens
 * (text-hours.ts checks that).
 */

export type HoursLanguage = "en" | "de" | "fr" | "es" | "it" | "nl" | "pt";

export const HOURS_LANGUAGES: readonly HoursLanguage[] = ["en", "de", "fr", "es", "it", "nl", "pt"];

/** Full day names (any language) → 0 = Monday … 6 = Sunday. */
// biome-ignore format: compact lookup table
export const DAY_NAMES_FULL: ReadonlyArray<readonly [string, number]> = [
  ["monday", 0], ["tuesday", 1], ["wednesday", 2], ["thursday", 3], ["friday", 4], ["saturday", 5], ["sunday", 6],
  ["montag", 0], ["dienstag", 1], ["mittwoch", 2], ["donnerstag", 3], ["freitag", 4], ["samstag", 5], ["sonnabend", 5], ["sonntag", 6],
  ["lundi", 0], ["mardi", 1], ["mercredi", 2], ["jeudi", 3], ["vendredi", 4], ["samedi", 5], ["dimanche", 6],
  ["lunes", 0], ["martes", 1], ["miércoles", 2], ["miercoles", 2], ["jueves", 3], ["viernes", 4], ["sábado", 5], ["sabado", 5], ["domingo", 6],
  ["lunedì", 0], ["lunedi", 0], ["martedì", 1], ["martedi", 1], ["mercoledì", 2], ["mercoledi", 2], ["giovedì", 3], ["giovedi", 3],
  ["venerdì", 4], ["venerdi", 4], ["sabato", 5], ["domenica", 6],
  ["maandag", 0], ["dinsdag", 1], ["woensdag", 2], ["donderdag", 3], ["vrijdag", 4], ["zaterdag", 5], ["zondag", 6],
  ["segunda-feira", 0], ["terça-feira", 1], ["terca-feira", 1], ["quarta-feira", 2], ["quinta-feira", 3], ["sexta-feira", 4],
  ["segunda", 0], ["terça", 1], ["quarta", 2], ["quinta", 3], ["sexta", 4],
];

/** Abbreviations per language. */
// biome-ignore format: compact lookup table
export const DAY_ABBREVIATIONS: Readonly<Record<HoursLanguage, ReadonlyArray<readonly [string, number]>>> = {
  en: [["mon", 0], ["mo", 0], ["tue", 1], ["tues", 1], ["tu", 1], ["wed", 2], ["weds", 2], ["we", 2], ["thu", 3], ["thur", 3], ["thurs", 3], ["th", 3], ["fri", 4], ["fr", 4], ["sat", 5], ["sa", 5], ["sun", 6], ["su", 6]],
  de: [["mo", 0], ["di", 1], ["mi", 2], ["do", 3], ["fr", 4], ["sa", 5], ["so", 6], ["mon", 0], ["die", 1], ["mit", 2], ["don", 3], ["fre", 4], ["sam", 5], ["son", 6]],
  fr: [["lun", 0], ["mar", 1], ["mer", 2], ["jeu", 3], ["ven", 4], ["sam", 5], ["dim", 6], ["lu", 0], ["ma", 1], ["me", 2], ["je", 3], ["ve", 4], ["sa", 5], ["di", 6]],
  es: [["lun", 0], ["mar", 1], ["mié", 2], ["mie", 2], ["jue", 3], ["vie", 4], ["sáb", 5], ["sab", 5], ["dom", 6], ["lu", 0], ["ma", 1], ["mi", 2], ["ju", 3], ["vi", 4], ["sa", 5], ["do", 6]],
  it: [["lun", 0], ["mar", 1], ["mer", 2], ["gio", 3], ["ven", 4], ["sab", 5], ["dom", 6]],
  nl: [["ma", 0], ["di", 1], ["wo", 2], ["do", 3], ["vr", 4], ["za", 5], ["zo", 6], ["maa", 0], ["din", 1], ["woe", 2], ["don", 3], ["vrij", 4], ["zat", 5], ["zon", 6]],
  pt: [["seg", 0], ["ter", 1], ["qua", 2], ["qui", 3], ["sex", 4], ["sáb", 5], ["sab", 5], ["dom", 6]],
};

/**
 * One-letter day abbreviations ("L-V", "S 9:30-14:00", "M-F"), per language, only where the
 * letter names one day: Spanish L M X J V S D (X = miércoles); English M W F (T and S are two
 * days each); Italian L G V S D and French L J V S D (M is mardi and mercredi / martedì and
 * mercoledì). A letter is a day only joined to another day by a range or list word, or first on
 * its line before a time or a closed word — Spanish "M" only in the first way (hours-tokens.ts).
 */
// biome-ignore format: compact lookup table
export const DAY_LETTERS: Readonly<Record<HoursLanguage, ReadonlyArray<readonly [string, number]>>> = {
  en: [["m", 0], ["w", 2], ["f", 4]],
  de: [],
  fr: [["l", 0], ["j", 3], ["v", 4], ["s", 5], ["d", 6]],
  es: [["l", 0], ["m", 1], ["x", 2], ["j", 3], ["v", 4], ["s", 5], ["d", 6]],
  it: [["l", 0], ["g", 3], ["v", 4], ["s", 5], ["d", 6]],
  nl: [],
  pt: [],
};
/** Letters that are a day only inside a range or list ("L-M", "M y J"): alone, Spanish "M" is too often something else. */
export const LETTERS_ONLY_IN_RANGES: Readonly<Record<HoursLanguage, ReadonlySet<string>>> = {
  en: new Set(),
  de: new Set(),
  fr: new Set(),
  es: new Set(["m"]),
  it: new Set(),
  nl: new Set(),
  pt: new Set(),
};

/**
 * Day words of Japanese, Chinese and Korean, recognized on every page (the scripts say the
 * language): 月曜日/月曜/月 (ja), 周一/星期一/週一 (zh), 월요일/월 (ko), … A single character (月, 日,
 * 월, 일) is also "month" and "day" of a date: it is a weak day, confirmed like an abbreviation.
 */
export const CJK_DAYS: ReadonlyArray<readonly [string, number, boolean]> = (() => {
  const out: Array<[string, number, boolean]> = [];
  const ja = ["月", "火", "水", "木", "金", "土", "日"];
  const ko = ["월", "화", "수", "목", "금", "토", "일"];
  const zh = ["一", "二", "三", "四", "五", "六", "日"];
  ja.forEach((c, d) => {
    out.push([`${c}曜日`, d, false], [`${c}曜`, d, false], [c, d, true]);
  });
  ko.forEach((c, d) => {
    out.push([`${c}요일`, d, false], [c, d, true]);
  });
  zh.forEach((c, d) => {
    for (const prefix of ["周", "週", "星期", "礼拜", "禮拜"]) out.push([`${prefix}${c}`, d, false]);
  });
  for (const prefix of ["周", "週", "星期", "礼拜", "禮拜"]) out.push([`${prefix}天`, 6, false]);
  return out.sort((a, b) => b[0].length - a[0].length);
})();

/** CJK day groups: every day, weekdays, weekends. 年中無休 ("open all year") is every day. */
export const CJK_DAY_GROUPS: ReadonlyArray<readonly [string, number[]]> = [
  ["年中無休", [0, 1, 2, 3, 4, 5, 6]],
  ["全年无休", [0, 1, 2, 3, 4, 5, 6]],
  ["全年無休", [0, 1, 2, 3, 4, 5, 6]],
  ["연중무휴", [0, 1, 2, 3, 4, 5, 6]],
  ["毎日", [0, 1, 2, 3, 4, 5, 6]],
  ["每日", [0, 1, 2, 3, 4, 5, 6]],
  ["每天", [0, 1, 2, 3, 4, 5, 6]],
  ["매일", [0, 1, 2, 3, 4, 5, 6]],
  ["平日", [0, 1, 2, 3, 4]],
  ["工作日", [0, 1, 2, 3, 4]],
  ["평일", [0, 1, 2, 3, 4]],
  ["周末", [5, 6]],
  ["週末", [5, 6]],
  ["주말", [5, 6]],
];

/** CJK closed-day words: 定休日 (regular closing day), 休み, 休息 (zh), 휴무 (ko), … */
export const CJK_CLOSED = [
  "定休日",
  "定休",
  "店休日",
  "店休",
  "公休",
  "休息",
  "休業",
  "休み",
  "휴무",
  "휴일",
  "쉬는",
  "휴점",
  "休",
];

/**
 * Public holidays in a day list ("土・日・祝", "周六、周日及节假日", "Domingos y festivos", "Sonn- und
 * Feiertage"): not a weekday, left out of the weekly table.
 */
export const CJK_HOLIDAYS = [
  "祝日",
  "祝祭日",
  "祭日",
  "祝",
  "休日",
  "法定节假日",
  "节假日",
  "節假日",
  "节日",
  "假日",
  "공휴일",
];

/** CJK range, list and filler words. */
export const CJK_RANGE = ["から", "至", "到"];
export const CJK_FILLER = [
  "営業時間",
  "营业时间",
  "營業時間",
  "영업시간",
  "毎週",
  "每周",
  "每週",
  "まで",
  "매주",
  "及",
  "和",
  "与",
  "與",
];

/** Words joining two days or two times into a range. */
export const RANGE_WORDS = new Set([
  "-",
  "to",
  "till",
  "til",
  "until",
  "through",
  "thru",
  "bis",
  "à",
  "a",
  "au",
  "al",
  "hasta",
  "alle",
  "al",
  "tot",
  "t/m",
  "tm",
  "até",
  "às",
  "as",
  "ás",
  "ate",
  "jusqu'à",
  "jusqu'au",
  "fino",
  "aan",
]);

/** Words joining items of a list (days, or intervals). */
export const LIST_WORDS = new Set([",", "&", "+", "and", "und", "u", "et", "y", "e", "en", "/", "sowie"]);

/** Words that introduce a time after a day ("Sa von 10–14", "sábado de 9 a 13"): an abbreviation before one is still a day. */
export const TIME_INTRO_WORDS = new Set([
  "from",
  "von",
  "ab",
  "de",
  "du",
  "dès",
  "dalle",
  "dal",
  "van",
  "das",
  "desde",
  "vanaf",
]);

/** Words between days and times that change nothing. */
// biome-ignore format: compact lookup table
export const FILLER_WORDS = new Set([
  ":", ".", "from", "von", "ab", "de", "du", "des", "dès", "dalle", "dal", "dalla", "van", "das", "desde", "at", "on",
  "am", "le", "el", "il", "les", "los", "las", "open", "opened", "opens", "geöffnet", "offen", "ouvert", "ouverts",
  "ouverte", "abierto", "abiertos", "aperto", "aperti", "geopend", "open:", "aberto", "hours", "jeweils", "only",
  "nur", "seulement", "solo", "sólo", "we're", "we", "are", "is", "our", "unsere", "uhr", "h", "horario", "horaires",
  "öffnungszeiten", "orari", "openingstijden", "opening", "times", "hrs", "of", "the", "der", "die", "la", "lo",
  "da", "each", "every", "jeden", "chaque", "cada", "ogni", "elke", "et", "ganztägig",
]);

export const CLOSED_WORDS = new Set([
  "closed",
  "geschlossen",
  "ruhetag",
  "fermé",
  "ferme",
  "fermée",
  "fermés",
  "cerrado",
  "cerrados",
  "chiuso",
  "chiusi",
  "chiusura",
  "gesloten",
  "fechado",
  "fechados",
  "off",
  "zu",
]);

/** A whole week ("daily"), weekdays (Mon–Fri), weekends (Sat–Sun), written as words. */
export const DAY_GROUPS: ReadonlyArray<readonly [RegExp, number[]]> = [
  [
    /^(?:daily|everyday|every day|7 days a week|seven days a week|all week|täglich|jeden tag|tous les jours|7j\/7|7 jours sur 7|todos los días|todos los dias|diario|diariamente|tutti i giorni|dagelijks|elke dag|todos os dias|diariamente|每日|每天|毎日)/,
    [0, 1, 2, 3, 4, 5, 6],
  ],
  [
    /^(?:weekdays|week days|en semaine|entre semana|doordeweeks|dias úteis|dias uteis|giorni feriali)/,
    [0, 1, 2, 3, 4],
  ],
  [
    /^(?:weekends|weekend|wochenende|week-ends|week-end|fin de semana|fines de semana|fine settimana|fim de semana)/,
    [5, 6],
  ],
];

/**
 * A holiday word joined to a day list ("Domingos y festivos", "Sun & public holidays", "dimanche et
 * jours fériés", "Sonn- und Feiertage"): cut out of the line, so its days still count, instead of
 * refusing the line as holiday talk (NOT_WEEKLY).
 */
export const HOLIDAYS_IN_DAY_LIST =
  /\s*(?:[,&+/・、]|\b(?:and|und|et|y|e|en|ou|or)\b|\bu\.)\s*(?:(?:on |en |les |los |i |die |de |os )?(?:public |bank )?holidays|(?:an )?feiertag(?:e|en|s)?|(?:les )?jours? f[ée]ri[ée]s|(?:los )?(?:d[íi]as )?festivos|(?:i )?festivi|(?:de )?feestdagen|(?:os )?feriados)\b/giu;
/** "Sonn- und Feiertage" / "zon- en feestdagen": the day's stem before a holiday word. */
export const STEM_AND_HOLIDAYS = /\b(sonn|zon)-\s*(?:und|u\.|en|&)\s*(?:feiertag(?:e|en|s)?|feestdagen)\b/giu;

/** Written midday and midnight. */
export const NOON = /^(?:noon|midday|mittag|midi|mediodía|mediodia|mezzogiorno)/;
export const MIDNIGHT = /^(?:midnight|mitternacht|minuit|medianoche|mezzanotte|middernacht|meia-noite)/;

/** Open around the clock, written out. */
export const ALL_DAY =
  /^(?:24\s*(?:時間|小时|小時|시간)|24\s*\/\s*7|24\s*h\s*\/\s*24|24\s*\/\s*24|24\s*(?:hours|hrs|h|std\.?|stunden|heures|horas|ore|uur)(?![\d:])|rund um die uhr|around the clock|round the clock)/;

/** Lines about exceptions (holidays, dates) or other services: not the weekly schedule. */
export const NOT_WEEKLY =
  /\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*월\s*\d{1,2}\s*일|年末年始|お盆|ゴールデンウィーク|春节|春節|国庆|國慶|설날|추석|break ?time|브레이크\s?타임|ブレイクタイム|休憩|mittagspause|holiday|feiertag|christmas|xmas|weihnacht|heiligabend|silvester|neujahr|new year|noël|noel|nouvel an|jours? fériés?|navidad|nochebuena|año nuevo|festivos?|natale|capodanno|festivi|kerst|oud en nieuw|feestdag|easter|ostern|pâques|paques|semana santa|pasqua|pasen|happy hour|live music|quiz|trivia|karaoke|concert|konzert|classes|class schedule|kurse|workshop|customer service|kundenservice|service client|atención al cliente|hotline|delivery|lieferzeit|livraison|entrega|consegna|bezorg|kitchen|küche|cuisine ferme|brunch|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}\.? (?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b/i;

/** A heading that announces hours. */
export const HOURS_HEADING =
  /hours|opening|open times|öffnungszeiten|geöffnet|horaires?|heures d'ouverture|horario|horarios|orari|orario|openingstijden|openingsuren|horário|horários|営業時間|营业时间|營業時間/i;
