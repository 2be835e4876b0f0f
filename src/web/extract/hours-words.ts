/**
 * The words of opening hours written as text, in en/de/fr/es/it/nl/pt: day names and their
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

/** Written midday and midnight. */
export const NOON = /^(?:noon|midday|mittag|midi|mediodía|mediodia|mezzogiorno)/;
export const MIDNIGHT = /^(?:midnight|mitternacht|minuit|medianoche|mezzanotte|middernacht|meia-noite)/;

/** Open around the clock, written out. */
export const ALL_DAY =
  /^(?:24\s*\/\s*7|24\s*h\s*\/\s*24|24\s*\/\s*24|24\s*(?:hours|hrs|h|std\.?|stunden|heures|horas|ore|uur)(?![\d:])|rund um die uhr|around the clock|round the clock)/;

/** Lines about exceptions (holidays, dates) or other services: not the weekly schedule. */
export const NOT_WEEKLY =
  /holiday|feiertag|christmas|xmas|weihnacht|heiligabend|silvester|neujahr|new year|noël|noel|nouvel an|jours? fériés?|navidad|nochebuena|año nuevo|festivos?|natale|capodanno|festivi|kerst|oud en nieuw|feestdag|easter|ostern|pâques|paques|semana santa|pasqua|pasen|happy hour|live music|quiz|trivia|karaoke|concert|konzert|classes|class schedule|kurse|workshop|customer service|kundenservice|service client|atención al cliente|hotline|delivery|lieferzeit|livraison|entrega|consegna|bezorg|kitchen|küche|cuisine ferme|brunch|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}\.? (?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b/i;

/** A heading that announces hours. */
export const HOURS_HEADING =
  /hours|opening|open times|öffnungszeiten|geöffnet|horaires?|heures d'ouverture|horario|horarios|orari|orario|openingstijden|openingsuren|horário|horários|営業時間|营业时间|營業時間/i;
