// Regenerates categories.json from the Overture taxonomy CSVs (github.com/OvertureMaps/schema, CC BY 4.0).
// Usage: node resources/overture-taxonomy/build.mjs <folder with overture_categories.csv,
//        2025-12-05-Categories-Hierarchies.csv, 2026-02-15-categories-hierarchies.csv and
//        2025-09-29-Basic-Level-Category.csv>   (default: ../shared/data/overture-taxonomy)
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

// Overture's `basic_category` labels (e.g. "casual_eatery", "pizzaria") → the closest legacy code.
// 1. the Basic-Level file's EXACT match, else its CLOSE match ("pizzaria" EXACT pizza_restaurant);
// 2. else the deepest legacy ancestor shared by two thirds of the label's members (new-taxonomy rows
//    whose Basic Level Category is the label), counting only members under the legacy root that the
//    label's own new root maps to (food_and_drink → eat_and_drink): "casual_eatery" → restaurant (7 of
//    its 8 eat_and_drink members: diner, bistro, gastropub, ...); a label with one member maps to that
//    member's parent. Kind "exact" for 1, "closest" for 2.
const legacyOf = (c) => (c && (c in categories ? c : newToLegacy[c])) || null;
const [h26, ...rows26] = parseCsv(readFileSync(join(src, "2026-02-15-categories-hierarchies.csv"), "utf8"));
const jN = h26.indexOf("New Primary Category");
const jH = h26.indexOf("New Primary Hierarchy");
const jB = h26.indexOf("Basic Level Category");
const jO = h26.indexOf("Old Primary Category");
const rowLegacy = (r) => legacyOf(r[jN]) ?? legacyOf(r[jO]);
const chain = (code) => [...categories[code], code];
const [, ...basicRows] = parseCsv(readFileSync(join(src, "2025-09-29-Basic-Level-Category.csv"), "utf8"));
const matched = new Map();
for (const type of ["EXACT", "CLOSE"]) {
  for (const r of basicRows) {
    const l = legacyOf(r[5]);
    if (r[4] === type && l && !matched.has(r[1])) matched.set(r[1], l);
  }
}
const rootVotes = new Map();
for (const r of rows26) {
  const l = rowLegacy(r);
  if (!l) continue;
  const votes = rootVotes.get(r[jH].split(" > ")[0]) ?? new Map();
  votes.set(chain(l)[0], (votes.get(chain(l)[0]) ?? 0) + 1);
  rootVotes.set(r[jH].split(" > ")[0], votes);
}
const legacyRoot = new Map([...rootVotes].map(([root, v]) => [root, [...v].sort((a, b) => b[1] - a[1])[0][0]]));
const basicToLegacy = {};
const labels = new Set([...rows26.map((r) => r[jB]), ...basicRows.map((r) => r[1])].filter(Boolean));
for (const b of [...labels].sort()) {
  if (legacyOf(b)) continue;
  if (matched.has(b)) {
    basicToLegacy[b] = [matched.get(b), "exact"];
    continue;
  }
  const self = rows26.find((r) => r[jN] === b);
  const root = self ? legacyRoot.get(self[jH].split(" > ")[0]) : null;
  const members = [...new Set(rows26.filter((r) => r[jB] === b).map(rowLegacy).filter(Boolean))].filter(
    (l) => !root || chain(l)[0] === root,
  );
  if (members.length === 0) continue;
  // The deepest ancestor shared by at least two thirds of the members (one member: its parent).
  let best = members.length === 1 ? (categories[members[0]].at(-1) ?? null) : null;
  if (members.length > 1) {
    const votes = new Map();
    for (const m of members) for (const a of chain(m)) votes.set(a, (votes.get(a) ?? 0) + 1);
    for (const [a, n] of votes)
      if (n * 3 >= members.length * 2 && (!best || chain(a).length > chain(best).length)) best = a;
  }
  const common = best ? [best] : [];
  if (common.length > 0) basicToLegacy[b] = [common.at(-1), "closest"];
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
    basicToLegacy: "basic_category label -> [legacy code, exact|closest] (labels that are no code)",
  },
  categories,
  newToLegacy,
  basicToLegacy,
};
writeFileSync(join(here, "categories.json"), `${JSON.stringify(out)}\n`);
console.log(
  `categories: ${Object.keys(categories).length}, newToLegacy: ${Object.keys(newToLegacy).length}, ` +
    `basicToLegacy: ${Object.keys(basicToLegacy).length}`,
);
