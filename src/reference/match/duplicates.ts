/**
 * Whether two records of one source may be the same place entered twice (MatchOutcome.duplicates):
 * what the match probability cannot tell, since it compares each record with the job, never with
 * each other. Two records are kept apart when:
 *
 * - one is a part of the other's place: a sub-place word or phrase on one side only ("Blue Heron
 *   Coffee" / "… Car Park", "… Drive Thru"; "Walmart Supercenter" / "… Auto Care Center");
 * - their facts disagree: both have phones and share none, or both have a house number and they
 *   differ (two branches of a chain 120 m apart: break-it trial, stop 21).
 *
 * Missing facts are no disagreement: a source's duplicate often lacks the phone or the address.
 */
import { extraSubPlaceWords } from "./sub-places.js";

/** What a record brings to the comparison (a ReferenceCandidate has all of it). */
export interface DuplicateKeys {
  nameKey: string;
  phones: readonly string[];
  house: string | null;
  streetKey: string | null;
  postcode: string | null;
}

/**
 * Sub-place phrases of two words, as one token, and parts of a place the model's word list
 * (sub-places.ts, a model feature: not changed without a refit) does not name.
 */
// biome-ignore format: phrase list
const PHRASES: Readonly<Record<string, string>> = Object.freeze(Object.assign(Object.create(null), {
  "car park": "carpark", "parking lot": "parking", "parking garage": "parking", "drive thru": "drivethru",
  "drive through": "drivethru", "auto care": "autocare", "auto service": "autocare", "tire center": "autocare",
  "car wash": "carwash", "gas station": "fuel", "fuel station": "fuel", "food court": "foodcourt",
  "pick up": "pickup", "loading dock": "dock", "bus stop": "stop", "taxi stand": "taxi",
}));
const EXTRA_PARTS: ReadonlySet<string> = new Set([
  "drivethru",
  "autocare",
  "carwash",
  "fuel",
  "pickup",
  "dock",
  "taxi",
  "garage",
  "pharmacy",
  "optical",
]);

/** The name key's tokens, two-word sub-place phrases joined into one. */
function partTokens(nameKey: string): string[] {
  const words = nameKey.split(" ").filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const phrase = i + 1 < words.length ? PHRASES[`${words[i]} ${words[i + 1]}`] : undefined;
    if (phrase) {
      out.push(phrase);
      i++;
    } else out.push(words[i]!);
  }
  return out;
}

function extraParts(tokens: readonly string[], other: readonly string[]): boolean {
  return (
    extraSubPlaceWords(tokens, other) > 0 || tokens.some((t) => EXTRA_PARTS.has(t) && !other.includes(t))
  );
}

/** Whether one name is a part of the other's place: a sub-place word or phrase on one side only. */
export function partApart(nameKeyA: string, nameKeyB: string): boolean {
  const ta = partTokens(nameKeyA);
  const tb = partTokens(nameKeyB);
  return extraParts(ta, tb) || extraParts(tb, ta);
}

/** True unless the two records are told apart by a sub-place or a fact (see above). */
export function mayBeSamePlace(a: DuplicateKeys, b: DuplicateKeys): boolean {
  if (partApart(a.nameKey, b.nameKey)) return false;
  if (a.phones.length > 0 && b.phones.length > 0 && !a.phones.some((p) => b.phones.includes(p))) return false;
  // House numbers, not streets or postcodes: a source's duplicates often write those differently
  // (cross-fitted Geo-ER F1 lost 0.002-0.005 on the Yelp sets when streets and postcodes counted).
  return a.house === null || b.house === null || a.house === b.house;
}
