// Regenerates categories.json from the Overture taxonomy CSVs (github.com/OvertureMaps/schema, CC BY 4.0).
// Usage: node resources/overture-taxonomy/build.mjs <folder with overture_categories.csv and
//        2025-12-05-Categories-Hierarchies.csv>   (default: ../shared/data/overture-taxonomy)
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const src = process.argv[2] ?? join(here, "../../../shared/data/overture-taxonomy");
const strip = (s) => s.replace(/^\uFEFF/, "");

// Legacy list: "code; [l0,l1,...,code]" (the vocabulary of Overture places `categories.primary/alternate`).
const categories = {};
const lines = strip(readFileSync(join(src, "overture_categories.csv"), "utf8")).split(/\r?\n/).slice(1);
for (const line of lines) {
  if (!line.trim()) continue;
  const [code, path] = line.split(";").map((s) => s.trim());
  const parts = path.replace(/^\[|\]$/g, "").split(",").map((s) => s.trim());
  // Ancestors root first, without the code itself (a few rows name the leaf differently: keep the path).
  categories[code] = parts.slice(0, -1);
}

// Minimal CSV reader (quoted fields with commas).
function parseCsv(text) {
  const rows = [];
  for (const line of strip(text).split(/\r?\n/)) {
    if (!line) continue;
    const out = [];
    let cur = "";
    let q = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (q) {
        if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
        else if (c === '"') q = false;
        else cur += c;
      } else if (c === '"') q = true;
      else if (c === ",") { out.push(cur); cur = ""; }
      else cur += c;
    }
    out.push(cur);
    rows.push(out);
  }
  return rows;
}

// New (2025-12 / 2026) taxonomy code -> legacy code, so hints written in the new vocabulary still map.
const [header, ...rows] = parseCsv(readFileSync(join(src, "2025-12-05-Categories-Hierarchies.csv"), "utf8"));
const iNew = header.indexOf("New Primary Category");
const iOld = header.indexOf("Old Primary Category");
const newToLegacy = {};
for (const r of rows) {
  const n = r[iNew];
  const o = r[iOld];
  if (!n || !o || !(o in categories) || n in categories) continue;
  if (!(n in newToLegacy)) newToLegacy[n] = o;
}

const out = {
  _meta: {
    source: "github.com/OvertureMaps/schema: docs/schema/concepts/by-theme/places/overture_categories.csv "
      + "(commit 97d36d3586648f4e801e964249413a258eb3e199) and docs/guides/places/csv/2025-12-05-Categories-Hierarchies.csv "
      + "(commit e04a0161b21c6284132c85a47ebaefb49b92945f)",
    license: "CC BY 4.0",
    attribution: "Overture Maps Foundation",
    categories: "legacy category code -> ancestor codes, root first",
    newToLegacy: "new-taxonomy code -> legacy code (only codes absent from the legacy list)",
  },
  categories,
  newToLegacy,
};
writeFileSync(join(here, "categories.json"), `${JSON.stringify(out)}\n`);
console.log(`categories: ${Object.keys(categories).length}, newToLegacy: ${Object.keys(newToLegacy).length}`);
