/**
 * Brand index over name-suggestion-index's `brands/*` trees: simplified name → brand entries.
 * Built once per process, lazily (≈0.5 s: parsing nsi.min.json dominates); the raw JSON is dropped
 * afterwards. Indexed names, as NSI's own matcher does: `name`, `name:*` (primary), `brand`,
 * `brand:*`, `*_name` and `matchNames` (alternate), minus names NSI marks generic for the category.
 */
import type { LocationSet } from "./location-set.js";
import { nsiSimplify, readNsiJson } from "./nsi-package.js";

/** Tags kept per entry: what the category, cuisine and chain mappings read. */
// biome-ignore format: compact lookup table
const KEPT_TAGS = new Set([
  "amenity", "shop", "tourism", "leisure", "office", "healthcare", "craft", "emergency", "club", "man_made",
  "highway", "cuisine", "brand", "brand:wikidata", "name", "official_name", "brand:website", "website",
]);

export interface BrandEntry {
  id: string;
  displayName: string;
  brand: string;
  wikidata: string | null;
  /** NSI category the item sits in, e.g. "amenity/cafe". */
  kv: string;
  tags: Readonly<Record<string, string>>;
  locationSet: LocationSet;
}

export interface BrandHit {
  entry: BrandEntry;
  /** Matched on a `name` tag (rather than brand, *_name or matchNames). */
  primary: boolean;
}

export interface BrandIndex {
  lookup(simplified: string): readonly BrandHit[];
  readonly entries: number;
  readonly keys: number;
  readonly loadMs: number;
  isGeneric(name: string): boolean;
}

interface NsiItem {
  id: string;
  displayName: string;
  locationSet?: LocationSet;
  matchNames?: string[];
  tags: Record<string, string>;
}
interface NsiCategory {
  properties?: { exclude?: { generic?: string[]; named?: string[] } };
  items?: NsiItem[];
}

const PRIMARY = /^(name|name:[\w-]+)$/;
const ALTERNATE = /^(brand|brand:[\w-]+|brand:short:[\w-]+|\w+_name|\w+_name:[\w-]+)$/;
const NOT_NAME =
  /:(colou?r|type|forward|backward|left|right|etymology|pronunciation|signed|wikipedia|wikidata)$/i;

let index: BrandIndex | null = null;

export function loadBrandIndex(): BrandIndex {
  if (index) return index;
  const start = performance.now();
  const nsi = readNsiJson<{ nsi: Record<string, NsiCategory> }>("json/nsi.min.json").nsi;
  const generic = readNsiJson<{ genericWords: string[] }>("json/genericWords.min.json").genericWords.map(
    (s) => new RegExp(s, "i"),
  );
  const map = new Map<string, BrandHit[]>();
  let entries = 0;
  for (const [tkv, category] of Object.entries(nsi)) {
    if (!tkv.startsWith("brands/")) continue;
    const kv = tkv.slice("brands/".length);
    const exclude = [
      ...(category.properties?.exclude?.generic ?? []),
      ...(category.properties?.exclude?.named ?? []),
    ].map((s) => new RegExp(s, "i"));
    for (const item of category.items ?? []) {
      if (!item.id || !item.tags) continue;
      const tags: Record<string, string> = {};
      for (const [k, v] of Object.entries(item.tags)) if (KEPT_TAGS.has(k)) tags[k] = v;
      const entry: BrandEntry = {
        id: item.id,
        displayName: item.displayName,
        brand: item.tags.brand ?? item.tags.name ?? item.displayName,
        wikidata: item.tags["brand:wikidata"] ?? null,
        kv,
        tags,
        locationSet: item.locationSet ?? { include: ["001"] },
      };
      entries++;
      const seen = new Set<string>();
      const add = (value: string, primary: boolean) => {
        if (!value || exclude.some((re) => re.test(value))) return;
        const key = nsiSimplify(value);
        if (key.length < 2 || seen.has(key)) return;
        seen.add(key);
        const list = map.get(key);
        if (list) list.push({ entry, primary });
        else map.set(key, [{ entry, primary }]);
      };
      for (const [k, v] of Object.entries(item.tags)) if (PRIMARY.test(k) && !NOT_NAME.test(k)) add(v, true);
      for (const [k, v] of Object.entries(item.tags))
        if (ALTERNATE.test(k) && !NOT_NAME.test(k)) add(v, false);
      for (const m of item.matchNames ?? []) add(m, false);
    }
  }
  const loadMs = performance.now() - start;
  index = {
    lookup: (simplified) => map.get(simplified) ?? [],
    entries,
    keys: map.size,
    loadMs,
    isGeneric: (name) => generic.some((re) => re.test(name)),
  };
  return index;
}

export function isBrandIndexLoaded(): boolean {
  return index !== null;
}
