/**
 * House numbers as written around the world, so their suffixes stay with the number instead of
 * being pushed into the street:
 * - French, Italian, Spanish and Belgian repetition suffixes `bis`, `ter`, `quater`, `quinquies`
 *   (La Poste: "3 bis Av. de Paris"; "Via Roma 12 bis"), also attached ("3bis") or after a hyphen
 *   or slash, as Italian addresses write them ("Via Garibaldi 7/bis", "12-bis");
 * - letter suffixes attached or after a hyphen/slash ("12A", "12-A", "12/A"; German "5 a" and Dutch
 *   "12 hs"/"12-II" only after the street, where the line ends with them);
 * - fractions, as US addresses write them ("123 1/2 Main St", "123½ Main St");
 * - numbers with a slash ("99/1 Sukhumvit Rd", "12/3 MG Road", Czech "846/1"): plot and sub-plot,
 *   or conscription and orientation number — one house number (the Australian unit/number form
 *   "3/45" is read before, in address-units.ts, where the country writes units that way);
 * - ranges and Queens-style hyphenated numbers ("12-14", "45-12 Queens Blvd");
 * - Spanish/Portuguese/Italian "sin número" (`s/n`, `S/N`, `sem número`, `snc`): no number at all.
 */

const REPETITION = String.raw`(?:\s|[-/]\s?)?(?:bis|ter|quater|quinquies)(?![\p{L}\d])`;
const NUM_FIRST = String.raw`\d{1,6}(?:${REPETITION}|[a-z](?![\p{L}\d])|[-/][a-z](?![\p{L}\d])|\/\d{1,4}[a-z]?(?![\p{L}\d/])|\s?[½¼¾]|\s1/2(?!\d)|[-–]\d{1,6}[a-z]?(?![\p{L}\d]))?`;
/** "12 B rue …": a lone letter after the number, before a French street word. */
const FR_LETTER = String.raw`\d{1,6}\s[A-H](?=\s+(?:rue|avenue|av\.?|bd|boulevard|chemin|allée|place|impasse|quai|route|cours)\s)`;

/** A part holding the house number alone ("12 bis", "12/A", "1578"), before or after the street. */
export const HOUSE_ONLY = new RegExp(String.raw`^(?:${NUM_FIRST}|\d{1,6}/[a-z0-9]{1,3})$`, "iu");

/** "<number> <street>": house first (English, French, ...). Group 1 house, group 2 street. */
export const HOUSE_FIRST = new RegExp(String.raw`^(${FR_LETTER}|${NUM_FIRST})\s+(.*\p{L}.*)$`, "iu");

const NUM_LAST = String.raw`\d{1,5}(?:${REPETITION}|[a-z]?[-/]\d{1,5}[a-z]?|[-/\s]?[a-z]|[-\s](?:hs|huis|bg|i{1,3}|iv|boven|beneden))?`;

/**
 * "<street> <number>": house after the street (German, Dutch, Italian, ...), the number possibly
 * marked: "No. 12", "No: 12" (Turkish), "Nº 12", "N° 12", "Nr. 12" (German, Dutch). Group 1 street,
 * 2 house.
 */
export const HOUSE_LAST = new RegExp(
  String.raw`^(.*?\p{L}.*?)\s+(?:(?:no\.?|no:|nº|n°|nr\.?|núm\.?|num\.?)\s*)?(${NUM_LAST})$`,
  "iu",
);

/**
 * Colombia's urban nomenclature: "Carrera 7 # 32-16" is the 7th carrera at the block of calle 32,
 * door 16 — the street is "Carrera 7", the house number "32-16" (also with "No.", "N°", and a
 * letter or "bis" after the road number: "Calle 26 B bis # 4-10").
 */
export const CO_STREET_LINE =
  /^((?:calle|cl|carrera|cra|kr|kra|avenida|av|ak|ac|diagonal|dg|transversal|tv|tr|circular|cq)\.?\s+\d{1,3}\s?[a-z]?(?:\s?bis)?(?:\s?[a-z])?(?:\s(?:sur|este|norte))?)\s*(?:#|no\.?|n°|nº)\s*(\d{1,3}\s?[a-z]?(?:\s?bis)?\s*-\s*\d{1,3}[a-z]?)/iu;

/** "Calle Mayor s/n": the street has no number (Spanish sin número, Portuguese sem número, Italian snc). */
export const NO_NUMBER =
  /(?:^|\s|,)\s*(?:s\/n(?![\p{L}\d])|s\.\s?n\.|sin n[uú]mero|sem n[uú]mero|snc(?![\p{L}\d]))\.?/iu;

/** The number as written, whitespace collapsed. */
export function normalizeHouse(raw: string): string {
  return raw.replace(/\s+/g, " ").trim();
}
