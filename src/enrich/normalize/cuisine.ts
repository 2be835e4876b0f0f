/**
 * A cuisine as written (a page's `servesCuisine`, a client's `cuisine` hint, in any language) → the
 * API's value, an OpenStreetMap `cuisine=*` key ("Mexicana" → "mexican", "Österreichisch" →
 * "austrian", "Fruits de mer" → "seafood", "イタリア料理" → "italian").
 *
 * The labels come from the iD editor's tagging schema translations (resources/osm-cuisines,
 * built by `npm run data:cuisines`): each OSM cuisine key's label in ~130 languages, folded
 * (`foldCuisineLabel`), a label naming two keys dropped. A label not found as written is tried
 * without the words that only say "cuisine" ("Cucina italiana", "Mexikanische Küche", "Thai
 * food") and with the plural or gender ending changed ("Mariscos" → "marisco", "mexicano" →
 * "mexicana", "mexikanische" → "mexikanisch"), each variant only when the whole label then matches.
 *
 * An unknown cuisine is kept, lower-case snake_case ("Tacos" → "tacos", "Cucina tipica romana" →
 * "cucina_tipica_romana"): OSM `cuisine` is an open list (taginfo shows thousands of values the
 * schema has no label for: "tacos", "poke", "dim_sum"), and a page naming its cuisine is evidence
 * worth passing on even when we cannot translate it; dropping it would lose the only statement.
 */
import { readFileSync } from "node:fs";
import { resourcePath } from "../resources.js";

interface CuisineLabelsFile {
  /** Folded label → OSM cuisine key. */
  labels: Record<string, string>;
  /** Folded words that only say "cuisine" / "food" (stripped before a second lookup). */
  generic: string[];
}

let loaded: { labels: Map<string, string>; generic: Set<string> } | null = null;

function data(): { labels: Map<string, string>; generic: Set<string> } {
  if (!loaded) {
    const file = JSON.parse(
      readFileSync(resourcePath("osm-cuisines/labels.json"), "utf8"),
    ) as CuisineLabelsFile;
    loaded = { labels: new Map(Object.entries(file.labels)), generic: new Set(file.generic) };
  }
  return loaded;
}

/**
 * The form labels are compared in: NFKC, lower case, Latin/Greek/Cyrillic accents removed (marks
 * U+0300–U+036F only, so Japanese voicing marks and Hangul survive), every run of other characters
 * than letters, marks and digits one space, trimmed. "Österreichisch" → "osterreichisch",
 * "Pastel / Torta" → "pastel torta", "coffee_shop" → "coffee shop".
 */
export function foldCuisineLabel(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
    .trim();
}

/** One word's plural and gender variants: "mariscos" → "marisco", "mexicano" → "mexicana", … */
function wordVariants(w: string): string[] {
  if (w.length < 5) return [];
  const out: string[] = [];
  if (w.endsWith("s")) out.push(w.slice(0, -1));
  if (w.endsWith("es")) out.push(w.slice(0, -2));
  if (w.endsWith("o")) out.push(`${w.slice(0, -1)}a`);
  if (w.endsWith("a")) out.push(`${w.slice(0, -1)}o`);
  if (w.endsWith("os")) out.push(`${w.slice(0, -2)}a`);
  if (w.endsWith("as")) out.push(`${w.slice(0, -2)}a`, `${w.slice(0, -2)}o`);
  if (w.endsWith("e")) out.push(w.slice(0, -1));
  else out.push(`${w}e`);
  if (/(?:en|er|es)$/.test(w)) out.push(w.slice(0, -2));
  if (w.endsWith("i")) out.push(`${w.slice(0, -1)}o`, `${w.slice(0, -1)}a`);
  return out;
}

/** The OSM cuisine key a written cuisine names, or null when no label matches. */
export function osmCuisineKey(raw: string): string | null {
  const { labels, generic } = data();
  const folded = foldCuisineLabel(raw);
  if (!folded || folded.length > 60) return null;
  const direct = labels.get(folded);
  if (direct) return direct;
  const words = folded.split(" ");
  const kept = words.filter((w) => !generic.has(w));
  const core = kept.join(" ");
  if (core && core !== folded) {
    const k = labels.get(core);
    if (k) return k;
  }
  if (kept.length === 1) {
    for (const v of wordVariants(kept[0]!)) {
      const k = labels.get(v);
      if (k) return k;
    }
  }
  return null;
}

/**
 * A written cuisine → the API's value: its OSM key when a label matches, else the text in
 * lower-case snake_case; null for an empty or over-long (> 40 characters) text.
 */
export function cuisineValue(raw: string): string | null {
  const key = osmCuisineKey(raw);
  if (key) return key;
  const s = raw.trim().toLowerCase().replace(/\s+/g, "_");
  return s && s.length <= 40 ? s : null;
}
