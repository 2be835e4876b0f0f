/**
 * Sub-place words: the part of a place that a dataset often lists as a place of its own — "Henderson
 * Secondary School Hall", "Parkway East Hospital Ward 3A", "Teresa Ville Carpark", "Smyth Lobby Bar".
 * In the Geo-ER fitting data (train splits) such a word present on one side only marks most of the
 * false positives between a place and a record of its building, campus or park; the model weighs it.
 */

// biome-ignore format: word list
const SUB_PLACE_WORDS: ReadonlySet<string> = new Set([
  "hall", "pool", "gym", "carpark", "parking", "lot", "block", "blk", "building", "bldg", "tower", "ward",
  "room", "lounge", "library", "canteen", "cafeteria", "foodcourt", "field", "court", "playground",
  "office", "entrance", "exit", "gate", "station", "stop", "lobby", "deck", "wing", "level", "floor",
  "annex", "atm", "toilet", "toilets", "restroom", "reception", "kiosk", "counter", "pavilion", "studio",
  "auditorium", "classroom", "lab", "laboratory", "dorm", "hostel", "shelter", "pantry", "emergency",
  "department", "dept", "unit", "bunk", "quad", "residence", "garden", "pond", "terrace", "stage",
]);

/** Sub-place words in `tokens` that `other` lacks (0 when both or neither have them). */
export function extraSubPlaceWords(tokens: readonly string[], other: readonly string[]): number {
  let n = 0;
  for (const t of tokens) if (SUB_PLACE_WORDS.has(t) && !other.includes(t)) n++;
  return n;
}
