/**
 * A brand found by the place's name (sources/brand-source.ts) against a matched record that says
 * what the place is. The name-suggestion-index knows brands by name only, and a one-word name names
 * several businesses: "Breeze", a laundromat in Boise, is also the brand "Breeze Bike Share"; with
 * the place's country unknown nothing told them apart, and the bike-share's category and chain were
 * reported beside the matched record's laundromat (new-user trial). When a record matched at MEDIUM
 * or better (evidence with `detail.match`: reference/reference-evidence.ts) gives categories none of
 * which shares a top-level category with the brand's, the brand is another business: all its
 * evidence is set aside, and a note says why where it would have given a value.
 */
import { BRAND_SOURCE } from "./sources/brand-source.js";
import { shareTopLevel, topLevelCategory } from "./taxonomy/overture-taxonomy.js";
import type { Evidence } from "./types.js";

function codesOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** `evidence` without the brand's when a matched record's categories contradict it (see above). */
export function withoutContradictedBrand(evidence: readonly Evidence[]): readonly Evidence[] {
  const brand = evidence.filter((e) => e.source === BRAND_SOURCE);
  if (brand.length === 0) return evidence;
  const brandCodes = codesOf(brand[0]!.detail?.brandCategories);
  const matched = evidence.filter(
    (e) => e.field === "categories" && e.detail?.match !== undefined && e.strength !== "weak",
  );
  const matchedCodes = matched.flatMap((e) => codesOf(e.value));
  if (brandCodes.length === 0 || matchedCodes.length === 0) return evidence;
  if (shareTopLevel(matchedCodes, brandCodes)) return evidence;
  const why = `${brand[0]!.note} set aside: the matched ${matched[0]!.note} is ${matchedCodes[0]} (${topLevelCategory(matchedCodes[0]!)}), the brand ${brandCodes[0]} (${topLevelCategory(brandCodes[0]!)})`;
  const notes: Evidence[] = [...new Set(brand.map((e) => e.field))].map((field) => ({
    field,
    value: null,
    source: BRAND_SOURCE,
    strength: "weak",
    note: why,
  }));
  return [...evidence.filter((e) => e.source !== BRAND_SOURCE), ...notes];
}
