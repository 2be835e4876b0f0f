/**
 * `npm run data:cuisines`: writes resources/osm-cuisines/labels.json from the iD editor's tagging
 * schema (devDependency `@openstreetmap/id-tagging-schema`, ISC): for every language in
 * dist/translations/<lang>.min.json, `presets.fields.cuisine.options` (OSM cuisine key → label),
 * plus the English source labels and the keys themselves. Labels are folded with
 * `foldCuisineLabel`; "Pastel / Torta / Tarta" also gives each part, "Gyūdon (bol de ternera)" the
 * part outside the brackets. A label naming two keys (in one language or across languages) is
 * dropped. `generic`: the single words of the field's own label and search terms in every language
 * ("cocina", "cucina", "küche", "料理") and their singular, stripped from a label before a second
 * lookup. The 55 MB of translations are read here only; the service reads the compact file.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { foldCuisineLabel } from "../src/enrich/normalize/cuisine.js";

const require = createRequire(import.meta.url);
const pkgJson = require.resolve("@openstreetmap/id-tagging-schema/package.json");
const root = dirname(pkgJson);
const pkg = JSON.parse(readFileSync(pkgJson, "utf8")) as { version: string; license: string };

interface FieldTranslation {
  label?: string;
  terms?: string[] | string;
  options?: Record<string, string | { title?: string }>;
}

const keys = (JSON.parse(readFileSync(join(root, "dist/fields.json"), "utf8")) as Record<string, { options?: string[] }>)
  .cuisine?.options;
if (!keys) throw new Error("no cuisine field options in dist/fields.json");

const byLabel = new Map<string, Set<string>>();
const add = (label: string, key: string) => {
  const forms = new Set<string>([label]);
  const outside = label.replace(/\([^)]*\)|（[^）]*）/g, " ");
  forms.add(outside);
  for (const part of outside.split(/[/;,、／]/)) forms.add(part);
  for (const f of forms) {
    const folded = foldCuisineLabel(f);
    if (folded.length < 2) continue;
    let set = byLabel.get(folded);
    if (!set) byLabel.set(folded, (set = new Set()));
    set.add(key);
  }
};
for (const key of keys) add(key, key);

// Generic words only ever stripped from a label before the second lookup, so a generic word that
// is also a cuisine ("regional") still matches on its own.
const generic = new Set<string>([
  ...["cuisine", "food", "foods", "style", "dishes", "specialties", "specialities", "kitchen"],
  ...["restaurant", "ristorante", "restaurante", "bar", "house"],
]);
const dir = join(root, "dist/translations");
const files = readdirSync(dir).filter((f) => f.endsWith(".min.json"));
let languages = 0;
for (const file of files) {
  const lang = file.replace(/\.min\.json$/, "");
  const doc = JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<
    string,
    { presets?: { fields?: { cuisine?: FieldTranslation } } }
  >;
  const field = doc[lang]?.presets?.fields?.cuisine;
  if (!field?.options) continue;
  languages++;
  for (const [key, v] of Object.entries(field.options)) {
    const label = typeof v === "string" ? v : v.title;
    if (label && keys.includes(key)) add(label, key);
  }
  const terms = Array.isArray(field.terms) ? field.terms : (field.terms ?? "").split(",");
  for (const t of [field.label ?? "", ...terms]) {
    const folded = foldCuisineLabel(t);
    if (!folded || folded.includes(" ")) continue;
    generic.add(folded);
    // "cucine" → "cucina", "cocinas" → "cocina", "keukens" → "keuken", "cuisines" → "cuisine".
    if (/[^s]s$/.test(folded)) generic.add(folded.slice(0, -1));
    if (folded.endsWith("e")) generic.add(`${folded.slice(0, -1)}a`);
  }
}

const labels: Record<string, string> = {};
let ambiguous = 0;
for (const [label, set] of [...byLabel].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
  if (set.size === 1) labels[label] = [...set][0]!;
  else ambiguous++;
}
// A generic word that is itself a cuisine label stays a label, not a stripped word.
for (const g of [...generic]) if (labels[g]) generic.delete(g);

const out = {
  source: `@openstreetmap/id-tagging-schema ${pkg.version} (npm), dist/translations/*.min.json presets.fields.cuisine`,
  license: `${pkg.license}, © iD contributors`,
  languages,
  keys: keys.length,
  ambiguousDropped: ambiguous,
  generic: [...generic].sort(),
  labels,
};
const target = join(import.meta.dirname, "../resources/osm-cuisines/labels.json");
writeFileSync(target, `${JSON.stringify(out)}\n`);
console.log(
  `${Object.keys(labels).length} labels of ${keys.length} keys in ${languages} languages (${ambiguous} ambiguous dropped) → ${target}`,
);
