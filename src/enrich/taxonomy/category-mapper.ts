/**
 * Category hints and OSM tags → Overture category codes.
 *
 * A hint maps, in order, by: OSM tag form ("amenity=cafe", "shop/bakery") via the OSM table; exact
 * code ("coffee_shop"); label normalized to a code ("Coffee Shop" → coffee_shop); a code of the
 * newer Overture taxonomy; the synonym table; plural or shop/store variants. Unmapped hints give
 * nothing. Lists are ordered most specific (deepest in the hierarchy) first.
 */
import { CATEGORY_SYNONYMS, GENERIC_HINTS } from "./category-synonyms.js";
import { OSM_CUISINE_CATEGORIES, OSM_TAG_CATEGORIES } from "./osm-to-overture.js";
import { loadTaxonomy } from "./overture-taxonomy.js";

export type CategoryMatchKind = "code" | "label" | "new-taxonomy code" | "synonym" | "osm tag";

export interface CategoryMatch {
  code: string;
  how: CategoryMatchKind;
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
  const fromNew = tax.fromNewCode(key);
  if (fromNew) return { code: fromNew, how: "new-taxonomy code" };
  const syn = CATEGORY_SYNONYMS[key];
  if (syn) return { code: syn, how: "synonym" };
  return null;
}

export function mapCategoryHint(hint: string): CategoryMatch | null {
  if (hint.length > 200) return null;
  const osm = /^\s*([a-z_]+)\s*[=/:]\s*([a-z0-9_;-]+)\s*$/i.exec(hint);
  if (osm?.[1] && osm[2] && (OSM_KEYS as readonly string[]).includes(osm[1].toLowerCase())) {
    const code = OSM_TAG_CATEGORIES[`${osm[1].toLowerCase()}/${osm[2].toLowerCase()}`];
    return code ? { code, how: "osm tag" } : null;
  }
  const key = hintKey(hint);
  if (!key || GENERIC_HINTS.has(key)) return null;
  const isLabel = key !== hint.trim();
  const hit = direct(key);
  if (hit) return isLabel && hit.how === "code" ? { ...hit, how: "label" } : hit;
  const variants: string[] = [];
  if (key.endsWith("ies")) variants.push(`${key.slice(0, -3)}y`);
  if (key.endsWith("es")) variants.push(key.slice(0, -2));
  if (key.endsWith("s")) variants.push(key.slice(0, -1));
  if (key.endsWith("_store")) variants.push(`${key.slice(0, -6)}_shop`);
  if (key.endsWith("_shop")) variants.push(`${key.slice(0, -5)}_store`);
  for (const v of variants) {
    const h = direct(v);
    if (h) return { ...h, how: h.how === "code" ? "label" : h.how };
  }
  return null;
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
