/**
 * The "nsi" source: brand/chain detection from the place name with name-suggestion-index (see
 * brands/brand-matcher.ts). A detected brand gives evidence for names.brand_name, the chain fields
 * (Wikidata id, name, domains of the official websites), cuisines (NSI `cuisine` tag) and
 * categories — both from the brand's entry the place is (brands/main-entry.ts: a Safeway is a
 * supermarket, not every kind of outlet Safeway runs), its OSM tags mapped to Overture — and,
 * weakly, the brand's site for the place's country as website (brand-site.ts; none when the brand
 * lists only other countries' sites).
 * Everything is input-derived (capped at MEDIUM); ambiguous or location-unknown matches are weak.
 * A brand whose categories share no top-level category with the place's explicit category hints
 * ("Apple" hinted `restaurant`) is weak and gives no categories: the client's statement wins.
 */
import type { AttributeKey } from "../../domain/attributes.js";
import type { BrandEntry } from "../brands/brand-index.js";
import { type BrandMatch, matchBrand } from "../brands/brand-matcher.js";
import { siteCountry, siteForCountry } from "../brands/brand-site.js";
import { brandWeb } from "../brands/brand-wikidata.js";
import { mainEntries } from "../brands/main-entry.js";
import { normalizeWebsite } from "../normalize/website.js";
import { normalizedInputs } from "../prepare.js";
import { categoriesFromOsmTags, mapCategoryHint } from "../taxonomy/category-mapper.js";
import { shareTopLevel, topLevelCategory } from "../taxonomy/overture-taxonomy.js";
import type { Evidence, EvidenceSource, PreparedPlace } from "../types.js";
import { wants } from "./wanted.js";

/** The source name of this evidence: brand facts from the name-suggestion-index (and Wikidata). */
export const BRAND_SOURCE = "nsi";
const SOURCE = BRAND_SOURCE;
const RELEVANT: readonly AttributeKey[] = ["names", "chain", "categories", "cuisine", "websites"];

const brandCategories = new Map<string, string[]>();
function categoriesOf(entry: BrandEntry): string[] {
  let c = brandCategories.get(entry.id);
  if (!c) {
    c = categoriesFromOsmTags(entry.tags);
    brandCategories.set(entry.id, c);
  }
  return c;
}

/** Brand site per Wikidata id and country (a brand lists up to dozens of sites; parsed once). */
const localSites = new Map<string, string | null>();
function localSite(qid: string | null, country: string | null): string | null {
  if (!qid) return null;
  const key = `${qid}|${country ?? ""}`;
  let site = localSites.get(key);
  if (site === undefined) {
    const web = brandWeb(qid);
    site = web ? siteForCountry(web.sites, country) : null;
    if (localSites.size >= 50_000) localSites.clear();
    localSites.set(key, site);
  }
  return site;
}

function addressWordList(place: PreparedPlace): string[] {
  const n = normalizedInputs(place);
  const text = [n.fullAddress ?? "", ...Object.values(n.addressParts)].join(" ").toLowerCase();
  return text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

/** True when category hints were given and none shares a top-level category with the brand's. */
function contradictsHints(brandCodes: readonly string[], hintCodes: readonly string[]): boolean {
  if (hintCodes.length === 0 || brandCodes.length === 0) return false;
  return !shareTopLevel(hintCodes, brandCodes);
}

function describeMatch(m: BrandMatch, main: BrandEntry): string {
  const how = m.method === "exact" ? "name" : `name prefix ${JSON.stringify(m.matched)}`;
  const where = m.location === "yes" ? "operates in the place's country" : "place country unknown to NSI";
  const amb = m.ambiguous ? ", ambiguous" : "";
  return `NSI brand ${main.displayName} (${main.kv.replace("/", "=")}; ${how}, ${where}${amb})`;
}

export function createBrandSource(): EvidenceSource {
  return {
    name: SOURCE,
    attributes: RELEVANT,
    async collect(place, attributes) {
      if (!wants(attributes, ...RELEVANT) || !place.name) return [];
      const n = normalizedInputs(place);
      const words = addressWordList(place);
      const categoryCodes = n.categoryHints
        .map((h) => mapCategoryHint(h)?.code)
        .filter((c): c is string => Boolean(c));
      const match = matchBrand(place.name, {
        country: place.countryCode,
        point: place.latitude !== null && place.longitude !== null ? [place.longitude, place.latitude] : null,
        addressWords: new Set(words),
        addressPhrase: words.join(" "),
        categoryCodes,
        categoriesOf,
      });
      if (!match) return [];
      const e = match.entry;
      // The brand is contradicted only when none of its outlet kinds fits the hints; the place's
      // categories are those of the entries it is (main-entry.ts), not of every kind.
      const brandCodes = [...new Set(match.entries.flatMap(categoriesOf))];
      const contradicted = contradictsHints(brandCodes, categoryCodes);
      if (contradicted) match.strength = "weak";
      const main = mainEntries(match, categoryCodes, categoriesOf, topLevelCategory);
      const placeCodes = [...new Set(main.flatMap(categoriesOf))];
      const note = `${describeMatch(match, main[0]!)}${contradicted ? "; its categories contradict the input category hints" : ""}`;
      const out: Evidence[] = [];
      // Every piece carries the brand's categories, whichever attributes were asked for: a matched
      // reference record of another kind sets the brand aside (brand-reconciliation.ts).
      const push = (
        field: string,
        value: unknown,
        strength = match.strength,
        detail?: Record<string, unknown>,
      ) =>
        out.push({
          field,
          value,
          source: SOURCE,
          strength,
          note,
          detail: { ...detail, brandCategories: placeCodes },
        });
      if (wants(attributes, "names")) push("brand_name", e.brand);
      if (wants(attributes, "chain")) {
        const detail = {
          nsiId: e.id,
          kv: e.kv,
          method: match.method,
          location: match.location,
          ambiguous: match.ambiguous,
        };
        if (e.wikidata) push("chain_id", e.wikidata);
        push("chain_name", e.brand, match.strength, detail);
        const web = brandWeb(e.wikidata);
        if (web && web.domains.length > 0) {
          // The domain of the site for the place's country first.
          const local = localSite(e.wikidata, place.countryCode);
          const first = local ? web.domains.find((d) => local.includes(d)) : undefined;
          const domains = first ? [first, ...web.domains.filter((d) => d !== first)] : web.domains;
          push("chain_domains", domains.slice(0, 10));
        }
      }
      if (wants(attributes, "categories") && !contradicted) {
        for (const code of placeCodes) push("categories", code);
      }
      if (wants(attributes, "cuisine")) {
        const cuisines = main.flatMap((x) => (x.tags.cuisine ?? "").split(";")).map((c) => c.trim());
        for (const c of new Set(cuisines)) if (c) push("cuisines", c);
      }
      if (wants(attributes, "websites")) {
        const local = localSite(e.wikidata, place.countryCode);
        const site = local ? normalizeWebsite(local) : null;
        if (site?.kind === "website") {
          out.push({
            field: "website",
            value: site.url,
            source: SOURCE,
            strength: "weak",
            note: `${siteCountry(local!)?.country ? `${place.countryCode} site` : "international site"} of brand ${e.brand} (Wikidata ${e.wikidata}), not location-specific`,
          });
        }
      }
      return out;
    },
  };
}
