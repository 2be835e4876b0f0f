/**
 * Category hints and OSM tags → Overture category codes.
 *
 * A hint maps, in order, by: OSM tag form ("amenity=cafe", "shop/bakery") via the OSM table; exact
 * code ("coffee_shop"); label normalized to a code ("Coffee Shop" → coffee_shop); the synonym table;
 * a code of the newer Overture taxonomy; an Overture `basic_category` label ("pizzaria" →
 * pizza_restaurant; "casual_eatery" → its closest code, restaurant); plural or shop/store variants;
 * word order ("restaurant_pizza" → pizza_restaurant); the head noun left out ("convenience" →
 * convenience_store, "chinese" → chinese_restaurant) or an everyday one in its place ("chinese
 * food", "pizza place", "burger joint", "dentist office"); compound forms — hierarchy paths
 * ("Restaurants > Pizza", most specific part first) and lists ("Bar & Grill", "cafe; bakery", first
 * part that maps); and last a spelling fix (one edit, two for keys of 9+ characters, Damerau-
 * Levenshtein) against every key above, when exactly one key is that close ("resturant",
 * "chinese_resturant"). Unmapped hints give nothing. Lists are ordered most specific first.
 */
import { CATEGORY_SYNONYMS, GENERIC_HINTS } from "./category-synonyms.js";
import { OSM_CUISINE_CATEGORIES, OSM_TAG_CATEGORIES } from "./osm-to-overture.js";
import { loadTaxonomy } from "./overture-taxonomy.js";

export type CategoryMatchKind =
  | "code"
  | "label"
  | "new-taxonomy code"
  | "basic category"
  | "closest to basic category"
  | "synonym"
  | "osm tag"
  | "part of a compound hint"
  | "head noun supplied"
  | "spelling corrected";

export interface CategoryMatch {
  code: string;
  how: CategoryMatchKind;
  /** True when the code is only the closest one to what the hint names (a broader category). */
  approximate?: boolean;
}

/** Lower snake case: "Bed & Breakfast" → "bed_and_breakfast". */
export function hintKey(hint: string): string {
  return hint
    .trim()
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
}

const OSM_KEYS = [
  "amenity",
  "shop",
  "tourism",
  "leisure",
  "office",
  "healthcare",
  "craft",
  "emergency",
] as const;

function direct(key: string): CategoryMatch | null {
  const tax = loadTaxonomy();
  if (tax.has(key)) return { code: key, how: "code" };
  const syn = CATEGORY_SYNONYMS[key];
  if (syn) return { code: syn, how: "synonym" };
  const fromNew = tax.fromNewCode(key);
  if (fromNew) return { code: fromNew, how: "new-taxonomy code" };
  const basic = tax.fromBasicCategory(key);
  if (basic)
    return basic.kind === "exact"
      ? { code: basic.code, how: "basic category" }
      : { code: basic.code, how: "closest to basic category", approximate: true };
  return null;
}

function variantsOf(key: string): string[] {
  const out: string[] = [];
  if (key.endsWith("ies")) out.push(`${key.slice(0, -3)}y`);
  if (key.endsWith("es")) out.push(key.slice(0, -2));
  if (key.endsWith("s")) out.push(key.slice(0, -1));
  if (key.endsWith("_store")) out.push(`${key.slice(0, -6)}_shop`);
  if (key.endsWith("_shop")) out.push(`${key.slice(0, -5)}_store`);
  // "restaurant_pizza" → "pizza_restaurant"
  const words = key.split("_");
  if (words.length === 2) out.push(`${words[1]}_${words[0]}`);
  return out;
}

/**
 * Head nouns the taxonomy's codes end with; a hint naming only the kind ("convenience",
 * "chinese") lacks one.
 */
const HEADS = ["_restaurant", "_store", "_shop"] as const;
/**
 * Everyday nouns after the kind of place that carry nothing more ("chinese food", "pizza place",
 * "burger joint", "taco spot", "dentist office"): the kind alone is looked up.
 */
const FILLER_HEAD = /_(?:food|place|joint|spot|office)$/;

function byKey(key: string, isLabel: boolean): CategoryMatch | null {
  if (!key || GENERIC_HINTS.has(key)) return null;
  const hit = direct(key);
  if (hit) return isLabel && hit.how === "code" ? { ...hit, how: "label" } : hit;
  for (const v of variantsOf(key)) {
    const h = direct(v);
    if (h) return { ...h, how: h.how === "code" ? "label" : h.how };
  }
  // The head noun left out: the one code "<hint>_restaurant|_store|_shop" there is ("convenience"
  // → convenience_store, "chinese" → chinese_restaurant); none when several exist ("health_food").
  const tax = loadTaxonomy();
  const completed = HEADS.map((h) => `${key}${h}`).filter((c) => tax.has(c));
  if (completed.length === 1) return { code: completed[0]!, how: "head noun supplied" };
  if (completed.length > 1) return null;
  const filler = FILLER_HEAD.exec(key);
  if (filler) {
    const m = byKey(key.slice(0, filler.index), true);
    if (m) return { ...m, how: "part of a compound hint" };
  }
  return null;
}

/** "Restaurants > Pizza", "Food/Pizza": most specific last. "Bar & Grill", "cafe; bakery": lists. */
const PATH_SEPARATOR = /\s*(?:>|»|\/|\\)\s*/;
const LIST_SEPARATOR = /\s*(?:[,;|+]|\s&\s|\sand\s|\s-\s|\uff0c|\u3001)\s*/i;

function compound(hint: string): CategoryMatch | null {
  const path = hint.split(PATH_SEPARATOR).filter(Boolean);
  const pieces = path.length > 1 ? [...path].reverse() : hint.split(LIST_SEPARATOR).filter(Boolean);
  if (pieces.length < 2) return null;
  for (const piece of pieces) {
    const m = byKey(hintKey(piece), true) ?? spelled(hintKey(piece));
    if (m) return { ...m, how: "part of a compound hint" };
  }
  return null;
}

/** Damerau-Levenshtein (optimal string alignment) distance, or max+1 once it exceeds `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Vocabulary keys by first character (a misspelling rarely changes it; swapped first two are tried). */
let byFirst: Map<string, string[]> | null = null;

function vocabularyFrom(first: string): readonly string[] {
  if (!byFirst) {
    byFirst = new Map();
    for (const v of new Set([...loadTaxonomy().vocabulary(), ...Object.keys(CATEGORY_SYNONYMS)])) {
      const list = byFirst.get(v[0]!) ?? [];
      list.push(v);
      byFirst.set(v[0]!, list);
    }
  }
  return byFirst.get(first) ?? [];
}

/** A unique key one (two for 9+ characters) edits away, mapped; null when none or several. */
function spelled(key: string): CategoryMatch | null {
  if (key.length < 5 || key.length > 60) return null;
  const max = key.length >= 9 ? 2 : 1;
  let best: string | null = null;
  let bestD = max + 1;
  let tie = false;
  const firsts = key[0] === key[1] ? [key[0]!] : [key[0]!, key[1]!];
  for (const first of firsts) {
    for (const v of vocabularyFrom(first)) {
      if (Math.abs(v.length - key.length) > max || v === best) continue;
      const d = editDistance(key, v, Math.min(max, bestD));
      if (d < bestD) {
        best = v;
        bestD = d;
        tie = false;
      } else if (d === bestD && d <= max) {
        tie = true;
      }
    }
  }
  if (!best || bestD > max || tie) return null;
  const m = direct(best);
  return m ? { ...m, how: "spelling corrected" } : null;
}

const cache = new Map<string, CategoryMatch | null>();
const CACHE_MAX = 10_000;

export function mapCategoryHint(hint: string): CategoryMatch | null {
  if (hint.length > 200) return null;
  const cached = cache.get(hint);
  if (cached !== undefined) return cached;
  const result = mapUncached(hint);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(hint, result);
  return result;
}

function mapUncached(hint: string): CategoryMatch | null {
  const osm = /^\s*([a-z_]+)\s*[=/:]\s*([a-z0-9_;-]+)\s*$/i.exec(hint);
  if (osm?.[1] && osm[2] && (OSM_KEYS as readonly string[]).includes(osm[1].toLowerCase())) {
    const code = OSM_TAG_CATEGORIES[`${osm[1].toLowerCase()}/${osm[2].toLowerCase()}`];
    return code ? { code, how: "osm tag" } : null;
  }
  const key = hintKey(hint);
  if (!key || GENERIC_HINTS.has(key)) return null;
  return byKey(key, key !== hint.trim()) ?? compound(hint) ?? spelled(key);
}

/** OSM tags of a brand (amenity/shop/... + cuisine) → codes, most specific first. */
export function categoriesFromOsmTags(tags: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  // Cuisine first: at equal depth, "pizza_restaurant" says more than "fast_food_restaurant".
  const eatery = ["restaurant", "fast_food", "cafe", "ice_cream"].includes(tags.amenity ?? "");
  if (eatery && tags.cuisine) {
    for (const c of tags.cuisine.split(";")) {
      const code = OSM_CUISINE_CATEGORIES[c.trim()];
      if (code) out.push(code);
    }
  }
  for (const k of OSM_KEYS) {
    const v = tags[k];
    if (!v) continue;
    const code = OSM_TAG_CATEGORIES[`${k}/${v}`];
    if (code) out.push(code);
  }
  return sortMostSpecific([...new Set(out)]);
}

/** Deepest first; ties keep their order. */
export function sortMostSpecific(codes: readonly string[]): string[] {
  const tax = loadTaxonomy();
  return codes
    .map((code, i) => ({ code, i, d: tax.depth(code) }))
    .sort((a, b) => b.d - a.d || a.i - b.i)
    .map((x) => x.code);
}

const CUISINE_BY_CATEGORY: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [cuisine, code] of Object.entries(OSM_CUISINE_CATEGORIES))
    if (!m.has(code)) m.set(code, cuisine);
  return m;
})();

/**
 * The cuisine a restaurant-type category implies, as an OSM cuisine value: "italian_restaurant" →
 * "italian", "pizza_restaurant" → "pizza". Null for categories that are not about food style.
 */
export function cuisineOfCategory(code: string): string | null {
  const fromTable = CUISINE_BY_CATEGORY.get(code);
  if (fromTable) return fromTable;
  const ancestors = loadTaxonomy().ancestors(code);
  if (!ancestors?.includes("restaurant")) return null;
  const m = /^([a-z_]+?)_restaurant$/.exec(code);
  if (
    !m?.[1] ||
    ["fast_food", "pop_up", "theme", "buffet", "international", "health_food", "comfort_food"].includes(m[1])
  ) {
    return null;
  }
  return m[1];
}
