/**
 * Brand detection from the place name with the NSI brand index.
 *
 * 1. The whole name, simplified as NSI does ("Baskin-Robbins" → "baskinrobbins"), is looked up.
 * 2. Otherwise the longest leading run of words that names a brand is taken when the rest looks
 *    like a location suffix: separated by " - ", "|", "@", "(", "#"; a store number; a branch name
 *    as Japanese, Chinese and Korean write it ("ローソン 渋谷道玄坂店", "스타벅스 강남점", also joined
 *    to the brand: "ローソン渋谷道玄坂店"); or words that appear in the place's address ("Target
 *    Altoona" at "…, Altoona, IA" → Target). A brand of two
 *    or more words also accepts a suffix of which only some words are in the address.
 *    Not a location suffix — the name is then the venue's own, named after the brand or a place:
 *    a venue noun ("Chase Center", "Honda Center", "Citi Field", "Shell Tower"), or the whole name
 *    appearing in the address as one phrase (the address names the venue, the building or the
 *    street: "Chase Center, 1 Warriors Way", "Shell Beach" on "Shell Beach Rd").
 * 3. Candidates whose NSI locationSet excludes the place's country are dropped (country-level, see
 *    location-set.ts). Among the rest: an included location beats an unknown one, a `name` match
 *    beats an alternate-name match, a brand whose category agrees with the category hints wins, and
 *    vending/ATM/charging/advertising items rank last. Different brands left tied = ambiguous.
 */
import type { EvidenceStrength } from "../types.js";
import { type BrandEntry, type BrandHit, loadBrandIndex } from "./brand-index.js";
import { type LocationAnswer, locationSetAllows, type PlaceLocation } from "./location-set.js";
import { nsiSimplify } from "./nsi-package.js";

export interface BrandMatchContext extends PlaceLocation {
  /** Lower-case words of the address inputs (full_address and parts). */
  addressWords: ReadonlySet<string>;
  /** The same words in order, joined by single spaces (to find the name as a phrase). */
  addressPhrase?: string;
  /** Category codes the hints mapped to; used to break ties between brands. */
  categoryCodes: readonly string[];
  /** Category codes of a brand's tags (injected to keep this module free of the taxonomy). */
  categoriesOf?: (entry: BrandEntry) => readonly string[];
}

export interface BrandMatch {
  entry: BrandEntry;
  /** The entry plus the same brand's other NSI entries that matched as well (other categories). */
  entries: BrandEntry[];
  /**
   * The same brand's entries ranked as high as `entry` (the name fits each equally: "Kroger" names
   * Kroger's supermarkets and its fuel stations); main-entry.ts picks the one the place is.
   */
  tied: BrandEntry[];
  /** The part of the name that matched. */
  matched: string;
  method: "exact" | "location-suffix";
  location: LocationAnswer;
  ambiguous: boolean;
  strength: EvidenceStrength;
}

const MAX_WORDS = 12;
/** " - Downtown", " | Main St", " @ Mall", " (Store 12)", " #1234", " at Union Station". A dash
 * only with a space before it: "Mercedes-Benz" is one name, not "Mercedes" + suffix. */
const SEPARATED = /^\s+[-–—]\s|^\s*[|@(#]|^\s+(?:at|by)\s/i;
const STORE_NUMBER = /^\(?\s*(#\s*\d+|no\.?\s*\d+|store\s*#?\s*\d+|\d{1,5})\s*\)?$/i;
/**
 * A branch's own name as Japanese, Chinese and Korean write it after the brand: one word ending in
 * 店 ("store": 渋谷道玄坂店, 王府井店, 本店, 支店, 1号店) or 점 (강남점, 역삼역점), optionally
 * bracketed. Outlets are named so as a rule ("ローソン 渋谷道玄坂店", "스타벅스 강남점"), and a venue
 * named after a brand does not end so.
 */
const CJK_BRANCH = /^\s*[(（]?\s*[^\s()（）]*[^\s()（）店점][店점]\s*[)）]?\s*$/u;
// biome-ignore format: compact lookup table
const LOW_PRIORITY_KV = new Set([
  "amenity/atm", "amenity/vending_machine", "amenity/parcel_locker", "advertising/totem", "amenity/charging_station",
  "man_made/charge_point", "amenity/bicycle_rental", "amenity/payment_terminal", "amenity/car_sharing",
  "amenity/recycling", "amenity/photo_booth", "amenity/public_bookcase", "amenity/payment_centre",
]);

function words(s: string): string[] {
  return s.split(/[\s,/]+|(?<=\p{L})-(?=\p{L})/u).filter((w) => w.length > 0);
}

/**
 * Nouns of venues that carry a sponsor's or a place's name (arenas, stadiums, office towers, halls):
 * "<brand> <venue noun>" is a venue named after the brand, not one of the brand's outlets.
 */
// biome-ignore format: compact lookup table
const VENUE_NOUNS = new Set([
  "center", "centre", "arena", "stadium", "stadion", "estadio", "stade", "field", "park", "ballpark", "dome",
  "coliseum", "colosseum", "amphitheatre", "amphitheater", "pavilion", "tower", "towers", "building", "plaza",
  "hall", "theatre", "theater", "auditorium", "garden", "gardens", "bowl", "speedway", "forum", "palace",
  "palais", "halle",
]);

function simpleWords(ws: readonly string[]): string[] {
  return ws.map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "")).filter((w) => w.length > 0);
}

/** The whole name as one phrase of the address: the address names the venue, building or street. */
function nameInAddress(nameWords: readonly string[], ctx: BrandMatchContext): boolean {
  if (!ctx.addressPhrase || nameWords.length < 2) return false;
  return ` ${ctx.addressPhrase} `.includes(` ${nameWords.join(" ")} `);
}

function suffixKind(
  rest: string,
  restWords: string[],
  prefixWords: string[],
  ctx: BrandMatchContext,
): "strong" | "partial" | null {
  if (SEPARATED.test(rest) || STORE_NUMBER.test(rest.trim()) || CJK_BRANCH.test(rest)) return "strong";
  const meaningful = simpleWords(restWords).filter((w) => !["at", "of", "the", "in", "and", "&"].includes(w));
  if (meaningful.length === 0) return null;
  if (meaningful.every((w) => VENUE_NOUNS.has(w))) return null;
  if (nameInAddress(simpleWords([...prefixWords, ...restWords]), ctx)) return null;
  const inAddress = meaningful.filter((w) => ctx.addressWords.has(w)).length;
  if (inAddress === meaningful.length) return "strong";
  return inAddress > 0 ? "partial" : null;
}

interface Scored {
  hit: BrandHit;
  location: LocationAnswer;
  score: number;
}

function rank(hits: readonly BrandHit[], ctx: BrandMatchContext): Scored[] {
  const out: Scored[] = [];
  for (const hit of hits) {
    const location = locationSetAllows(hit.entry.locationSet, ctx);
    if (location === "no") continue;
    let score = 0;
    if (location === "yes") score += 8;
    if (hit.primary) score += 4;
    if (ctx.categoryCodes.length > 0 && ctx.categoriesOf) {
      const cats = ctx.categoriesOf(hit.entry);
      if (cats.some((c) => ctx.categoryCodes.includes(c))) score += 2;
    }
    if (!LOW_PRIORITY_KV.has(hit.entry.kv)) score += 1;
    out.push({ hit, location, score });
  }
  return out.sort((a, b) => b.score - a.score);
}

interface Decision {
  best: Scored;
  siblings: BrandEntry[];
  tied: BrandEntry[];
  ambiguous: boolean;
}

function decide(hits: readonly BrandHit[], ctx: BrandMatchContext): Decision | null {
  const ranked = rank(hits, ctx);
  const best = ranked[0];
  if (!best) return null;
  const brandKey = (s: Scored) => s.hit.entry.wikidata ?? s.hit.entry.brand.toLowerCase();
  const ambiguous = ranked.some((r) => r.score === best.score && brandKey(r) !== brandKey(best));
  const sameBrand = ranked.filter(
    (r) =>
      brandKey(r) === brandKey(best) && r.location === best.location && !LOW_PRIORITY_KV.has(r.hit.entry.kv),
  );
  const siblings = [...new Set(sameBrand.map((r) => r.hit.entry))];
  const tied = [...new Set(sameBrand.filter((r) => r.score === best.score).map((r) => r.hit.entry))];
  return {
    best,
    siblings: siblings.length > 0 ? siblings : [best.hit.entry],
    tied: tied.length > 0 ? tied : [best.hit.entry],
    ambiguous,
  };
}

export function matchBrand(name: string, ctx: BrandMatchContext): BrandMatch | null {
  const index = loadBrandIndex();
  const text = name.slice(0, 200);
  if (index.isGeneric(text)) return null;
  const full = nsiSimplify(text);
  if (full.length >= 2) {
    const d = decide(index.lookup(full), ctx);
    if (d) return build(d, text, "exact", true);
  }
  const joined = joinedBranch(text, index, ctx);
  if (joined) return joined;
  const ws = words(text).slice(0, MAX_WORDS);
  for (let k = ws.length - 1; k >= 1; k--) {
    const prefixWords = ws.slice(0, k);
    const prefix = prefixWords.join(" ");
    const key = nsiSimplify(prefix);
    if (key.length < 3 || index.isGeneric(prefix)) continue;
    const hits = index.lookup(key);
    if (hits.length === 0) continue;
    // The suffix as written in the name (keeps separators for the test).
    let at = 0;
    for (const w of prefixWords) at = text.indexOf(w, at) + w.length;
    const rest = text.slice(at);
    const kind = suffixKind(rest, ws.slice(k), prefixWords, ctx);
    if (kind === null || (kind === "partial" && k < 2)) continue;
    const d = decide(hits, ctx);
    if (d) return build(d, prefix, "location-suffix", kind === "strong");
  }
  return null;
}

/**
 * A brand and its branch written as one word ("ローソン渋谷道玄坂店", "星巴克王府井店"): the longest
 * leading run of characters that names a brand, when what follows is a branch name (CJK_BRANCH) of
 * at least two characters. Only names of one word ending in 店 or 점 are tried (their prefixes are
 * looked up one by one, longest first, at most 20).
 */
function joinedBranch(
  text: string,
  index: ReturnType<typeof loadBrandIndex>,
  ctx: BrandMatchContext,
): BrandMatch | null {
  const name = text.trim();
  if (!/^[^\s]{4,40}$/u.test(name) || !/[店점][)）]?$/u.test(name)) return null;
  const chars = [...name];
  for (let k = chars.length - 2, tried = 0; k >= 2 && tried < 20; k--, tried++) {
    const prefix = chars.slice(0, k).join("");
    const key = nsiSimplify(prefix);
    if (key.length < 2 || index.isGeneric(prefix)) continue;
    const hits = index.lookup(key);
    if (hits.length === 0) continue;
    if (!CJK_BRANCH.test(chars.slice(k).join(""))) continue;
    const d = decide(hits, ctx);
    if (d) return build(d, prefix, "location-suffix", true);
  }
  return null;
}

function build(d: Decision, matched: string, method: BrandMatch["method"], clean: boolean): BrandMatch {
  const s = d.best;
  const strength: EvidenceStrength = !d.ambiguous && s.location === "yes" && clean ? "moderate" : "weak";
  return {
    entry: s.hit.entry,
    entries: d.siblings,
    tied: d.tied,
    matched,
    method,
    location: s.location,
    ambiguous: d.ambiguous,
    strength,
  };
}
