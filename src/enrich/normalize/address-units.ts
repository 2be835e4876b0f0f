/**
 * Sub-premise parts of a street line: unit/suite/apartment ("Suite 200", "Apt 4B", "#12", "Unit 3",
 * Australian "3/45 King St"), floor ("Floor 3", "3rd Floor", "Fl 2") and building ("Building C").
 * Each extractor returns the value and the text with the matched part removed.
 */

export interface Extracted {
  value: string;
  rest: string;
}

/** The keyword is a word of its own ("Ste 5", "Apt. 4B", "Unit #3"), never the start of one ("Stephansplatz"). */
const UNIT =
  /(?:^|[\s,])(?:(?:suite|ste|apt|apartment|unit|room|rm|flat|shop|lot|space|spc|office)(?:\.\s*#?\s*|\s+#?\s*|\s*#\s*)|#\s*)([a-z0-9][a-z0-9-]{0,9})(?![a-z0-9])/i;
const FLOOR =
  /(?:^|[\s,])(?:(?:floor|fl)\.?\s*(\d{1,3}[a-z]?)|(\d{1,3})(?:st|nd|rd|th)\s+(?:floor|fl)\.?|(ground|lower ground|upper ground)\s+floor)(?![a-z0-9])/i;
const BUILDING = /(?:^|[\s,])(?:building|bldg|bld)\.?\s*#?\s*([a-z0-9][a-z0-9-]{0,9})(?![a-z0-9])/i;
const HASH_UNIT_HOUSE = /^#\s*(\d{1,6}[a-z]?)\s*-\s*(\d{1,6}[a-z]?)\s+(?=\p{L})/iu;
const CA_UNIT_HOUSE = /^#?\s*(\d{1,6}[a-z]?)\s*-\s*(\d{1,6}[a-z]?)\s+(?=\p{L})/iu;
/**
 * Australia Post / NZ Post: "3/45 King St" is unit 3 at number 45, also after the unit's kind
 * ("Shop 5/12 Bay Rd", "Suite 5/200 Adelaide St", "Unit 3/45 …").
 */
const AU_SLASH =
  /^(?:(?:unit|shop|suite|ste|flat|apt|apartment|villa|townhouse|office|lot)\.?\s*)?(\d{1,5}[a-z]?)\/(\d{1,6}[a-z]?)\s+(?=\S)/i;

function cut(text: string, m: RegExpExecArray, value: string): Extracted {
  const rest = `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`
    .replace(/\s*,\s*(,\s*)+/g, ", ")
    .replace(/^[\s,–—-]+|[\s,–—-]+$/g, "")
    .replace(/\s{2,}/g, " ");
  return { value, rest };
}

export function extractUnit(text: string): Extracted | null {
  const m = UNIT.exec(text);
  return m?.[1] ? cut(text, m, m[1].toUpperCase() === m[1] ? m[1] : m[1].toUpperCase()) : null;
}

export function extractFloor(text: string): Extracted | null {
  const m = FLOOR.exec(text);
  if (!m) return null;
  const value = m[1] ?? m[2] ?? (m[3] ? m[3].toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase()) : null);
  return value ? cut(text, m, value.toUpperCase() === value ? value : value) : null;
}

export function extractBuilding(text: string): Extracted | null {
  const m = BUILDING.exec(text);
  return m?.[1] ? cut(text, m, m[1]) : null;
}

/**
 * Unit and house written as one token, unit first: `#402-45 Hanna Ave` anywhere (the `#` marks the
 * unit), and `402-45 Hanna Ave` in Canada, where Canada Post writes the unit before the civic
 * number with a hyphen. Elsewhere a bare `45-12` stays a house number (Queens, NY: "45-12 Queens
 * Blvd"). Returns the unit and the line with the civic number alone.
 */
export function extractUnitHouse(
  text: string,
  country: string | null,
): { unit: string; rest: string } | null {
  const m = (country === "CA" ? CA_UNIT_HOUSE : HASH_UNIT_HOUSE).exec(text);
  if (!m?.[1] || !m[2]) return null;
  return { unit: m[1].toUpperCase(), rest: `${m[2]} ${text.slice(m[0].length)}` };
}

/**
 * Countries whose posts write unit/number with a slash. Elsewhere "99/1" is one house number
 * (Thailand and India: plot/sub-plot; Czechia: conscription/orientation number; Russia: corner
 * buildings) and stays whole.
 */
const SLASH_UNIT_COUNTRIES = new Set(["AU", "NZ"]);

/** "3/45 King St" → unit 3, "45 King St" (Australia, New Zealand, or where the country is unknown). */
export function extractSlashUnit(
  text: string,
  country: string | null,
): { unit: string; rest: string } | null {
  if (country !== null && !SLASH_UNIT_COUNTRIES.has(country)) return null;
  const m = AU_SLASH.exec(text);
  if (!m?.[1] || !m[2]) return null;
  return { unit: m[1].toUpperCase(), rest: `${m[2]} ${text.slice(m[0].length)}` };
}
