/**
 * Evaluation of the inputs-only enrichment (not part of `npm test`):
 *   npx tsx bench/eval-inputs.ts [path to demo-places-100]
 * Runs the enricher over demo-places-100/places_input.csv (name, full_address, lat/lng) and compares
 * with expected_reference.jsonl (Overture values — a reference, not truth) where the inputs can
 * carry the value: detected brand vs reference brand, brand categories vs reference categories,
 * parsed addresses. Phones and websites are not in these inputs, so they are not scored. Also times
 * warm-up and per-place prepare+enrich.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ATTRIBUTE_KEYS } from "../src/domain/attributes.js";
import type { PlaceInputs } from "../src/domain/place.js";
import { assembleResult } from "../src/enrich/assemble.js";
import { nsiSimplify } from "../src/enrich/brands/nsi-package.js";
import { createPlaceEnricher } from "../src/enrich/enricher.js";
import { buildAddress } from "../src/enrich/normalize/address.js";
import { parseAddressFast } from "../src/enrich/normalize/address-fast.js";
import { peliasParse } from "../src/enrich/normalize/address-pelias.js";

const dir = process.argv[2] ?? join(import.meta.dirname, "../../shared/data/demo-places-100");

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cur);
      cur = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cur);
      if (row.some((x) => x.length > 0)) rows.push(row);
      row = [];
      cur = "";
    } else cur += c;
  }
  if (cur || row.length) rows.push([...row, cur]);
  return rows;
}

interface Reference {
  place_id: string;
  phones: string[] | null;
  categories: { primary: string | null; alternate: string[] | null } | null;
  brand: string | null;
}

const [header, ...rows] = parseCsv(readFileSync(join(dir, "places_input.csv"), "utf8"));
const refs = new Map<string, Reference>(
  readFileSync(join(dir, "expected_reference.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Reference)
    .map((r) => [r.place_id, r]),
);
const places = rows.map((r) => {
  const o = Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""]));
  const inputs: PlaceInputs = { name: o.name!, full_address: o.full_address || undefined };
  if (o.latitude && o.longitude) {
    inputs.latitude = Number(o.latitude);
    inputs.longitude = Number(o.longitude);
  }
  return { id: o.place_id!, inputs };
});

const enricher = createPlaceEnricher();
const t0 = performance.now();
const warm = enricher.warmUp();
console.log(`warm-up: ${(performance.now() - t0).toFixed(0)} ms`, warm);

// One pass for the numbers, then timed passes.
const results: Array<{
  p: (typeof places)[number];
  r: Awaited<ReturnType<typeof enricher.enrich>>;
  assembled: ReturnType<typeof assembleResult>;
}> = [];
for (const p of places) {
  const prepared = enricher.prepare(p.id, p.inputs);
  const r = await enricher.enrich(prepared, ATTRIBUTE_KEYS, { now: 0 });
  results.push({ p, r, assembled: assembleResult(prepared, ATTRIBUTE_KEYS, r, new Set(), 0) });
}

const passes = 20;
const tPrep = performance.now();
for (let i = 0; i < passes; i++) for (const p of places) enricher.prepare(p.id, p.inputs);
const prepUs = ((performance.now() - tPrep) * 1000) / (passes * places.length);
const tAll = performance.now();
for (let i = 0; i < passes; i++) {
  for (const p of places) {
    const prepared = enricher.prepare(p.id, p.inputs);
    await enricher.enrich(prepared, ATTRIBUTE_KEYS, { now: 0 });
  }
}
const allUs = ((performance.now() - tAll) * 1000) / (passes * places.length);
const tCore = performance.now();
const core = [
  "closed_permanently",
  "websites",
  "phoneNumbers",
  "openingHours",
  "names",
  "address",
  "categories",
] as const;
for (let i = 0; i < passes; i++) {
  for (const p of places) await enricher.enrich(enricher.prepare(p.id, p.inputs), core, { now: 0 });
}
const coreUs = ((performance.now() - tCore) * 1000) / (passes * places.length);

// Address parser speed over the demo addresses.
const texts = places.map((p) => p.inputs.full_address).filter((t): t is string => Boolean(t));
const timeEach = (fn: (t: string) => unknown, rounds: number) => {
  for (const t of texts) fn(t);
  const s = performance.now();
  for (let i = 0; i < rounds; i++) for (const t of texts) fn(t);
  return ((performance.now() - s) * 1000) / (rounds * texts.length);
};
const fastUs = timeEach((t) => parseAddressFast(t, "US"), 50);
const peliasUs = timeEach((t) => peliasParse(t), 3);
const hybridUs = timeEach(
  (t) => buildAddress({ fullAddress: t, parts: {}, countryHint: "US" }, "hybrid"),
  20,
);

// Address parsing.
let parsedAddresses = 0;
let complete = 0;
let viaPelias = 0;
const partial: string[] = [];
for (const { p, r } of results) {
  const meta = r.address?.metadata.parser as { method: string; complete: boolean } | undefined;
  if (!meta) continue;
  parsedAddresses++;
  if (meta.complete) complete++;
  else partial.push(`${p.inputs.full_address}`);
  if (meta.method === "pelias") viaPelias++;
}

// Brands.
const same = (a: string, b: string) => {
  const x = nsiSimplify(a);
  const y = nsiSimplify(b);
  return x === y || x.startsWith(y) || y.startsWith(x);
};
let refBrands = 0;
let detected = 0;
let agree = 0;
let detectedNoRef = 0;
const brandLines: string[] = [];
for (const { p, r } of results) {
  const ref = refs.get(p.id);
  const got = r.names?.outputs.brand_name as string | null;
  if (ref?.brand) refBrands++;
  if (got) detected++;
  if (ref?.brand && got && same(ref.brand, got)) agree++;
  if (got && !ref?.brand) detectedNoRef++;
  if (got || ref?.brand)
    brandLines.push(
      `  ${p.inputs.name.padEnd(50)} ref=${ref?.brand ?? "-"}  got=${got ?? "-"} ${r.names?.confidence.brand_name}`,
    );
}

// Categories (only where a brand gave categories: the inputs carry no category hints).
let withCats = 0;
let primaryHit = 0;
let anyHit = 0;
for (const { p, r } of results) {
  const cats = r.categories?.outputs.categories as string[] | null;
  const ref = refs.get(p.id)?.categories;
  if (!cats || !ref) continue;
  withCats++;
  if (ref.primary && cats.includes(ref.primary)) primaryHit++;
  const all = [ref.primary, ...(ref.alternate ?? [])];
  if (cats.some((c) => all.includes(c))) anyHit++;
}

const filled = Object.fromEntries(
  ATTRIBUTE_KEYS.map((k, bit) => [
    k,
    results.filter((x) => (x.assembled.filledMask & (1 << bit)) !== 0).length,
  ]),
);

console.log(`places: ${places.length}`);
console.log(
  `per place (all 13 attributes): prepare ${prepUs.toFixed(1)} µs, prepare+enrich ${allUs.toFixed(1)} µs; core set ${coreUs.toFixed(1)} µs`,
);
console.log(`addresses: ${parsedAddresses} parsed, ${complete} complete, ${viaPelias} needed pelias-parser`);
console.log(
  `address parse time: structural ${fastUs.toFixed(1)} µs, pelias-parser ${(peliasUs / 1000).toFixed(2)} ms, hybrid (as used) ${hybridUs.toFixed(1)} µs per address`,
);
for (const a of partial) console.log(`  partial: ${a}`);
console.log(
  `brands: reference ${refBrands}, detected ${detected}, agreeing ${agree}, detected without reference brand ${detectedNoRef}`,
);
for (const l of brandLines) console.log(l);
console.log(
  `categories: ${withCats} places got categories (from brands); reference primary among them ${primaryHit}, any reference category ${anyHit}`,
);
console.log("phones/websites: not in these inputs (no hints) → not scored");
console.log("filled per attribute:", filled);
