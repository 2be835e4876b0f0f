/**
 * The "nsi" source: brand/chain detection from the place name with name-suggestion-index (see
 * brands/brand-matcher.ts). A detected brand gives evidence for names.brand_name, the chain fields
 * (Wikidata id, name, domains of the official websites), cuisines (NSI `cuisine` tag), categories
 * (the brand's OSM tags mapped to Overture) and, weakly, the brand's home page as website.
 * Everything is input-derived (capped at MEDIUM); ambiguous or location-unknown matches are weak.
 */
import type { AttributeKey } from "../../domain/attributes.js";
import type { BrandEntry } from "../brands/brand-index.js";
import { type BrandMatch, matchBrand } from "../brands/brand-matcher.js";
import { brandWeb } from "../brands/brand-wikidata.js";
import { normalizeWebsite } from "../normalize/website.js";
import { normalizedInputs } from "../prepare.js";
import { categoriesFromOsmTags, mapCategoryHint } from "../taxonomy/category-mapper.js";
import type { Evidence, EvidenceSource, PreparedPlace } from "../types.js";
import { wants } from "./wanted.js";

const SOURCE = "nsi";
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

function addressWords(place: PreparedPlace): Set<string> {
  const n = normalizedInputs(place);
  const text = [n.fullAddress ?? "", ...Object.values(n.addressParts)].join(" ").toLowerCase();
  return new Set(text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0));
}

function describeMatch(m: BrandMatch): string {
  const how = m.method === "exact" ? "name" : `name prefix ${JSON.stringify(m.matched)}`;
  const where = m.location === "yes" ? "operates in the place's country" : "place country unknown to NSI";
  const amb = m.ambiguous ? ", ambiguous" : "";
  return `NSI brand ${m.entry.displayName} (${how}, ${where}${amb})`;
}

export function createBrandSource(): EvidenceSource {
  return {
    name: SOURCE,
    attributes: RELEVANT,
    async collect(place, attributes) {
      if (!wants(attributes, ...RELEVANT) || !place.name) return [];
      const n = normalizedInputs(place);
      const match = matchBrand(place.name, {
        country: place.countryCode,
        point: place.latitude !== null && place.longitude !== null ? [place.longitude, place.latitude] : null,
        addressWords: addressWords(place),
        categoryCodes: n.categoryHints
          .map((h) => mapCategoryHint(h)?.code)
          .filter((c): c is string => Boolean(c)),
        categoriesOf,
      });
      if (!match) return [];
      const e = match.entry;
      const note = describeMatch(match);
      const out: Evidence[] = [];
      const push = (
        field: string,
        value: unknown,
        strength = match.strength,
        detail?: Record<string, unknown>,
      ) =>
        out.push(
          detail
            ? { field, value, source: SOURCE, strength, note, detail }
            : { field, value, source: SOURCE, strength, note },
        );
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
        if (web && web.domains.length > 0) push("chain_domains", web.domains.slice(0, 10));
      }
      if (wants(attributes, "categories")) {
        for (const code of new Set(match.entries.flatMap(categoriesOf))) push("categories", code);
      }
      if (wants(attributes, "cuisine")) {
        const cuisines = match.entries.flatMap((x) => (x.tags.cuisine ?? "").split(";")).map((c) => c.trim());
        for (const c of new Set(cuisines)) if (c) push("cuisines", c);
      }
      if (wants(attributes, "websites")) {
        const home = brandWeb(e.wikidata)?.website;
        const site = home ? normalizeWebsite(home) : null;
        if (site?.kind === "website") {
          out.push({
            field: "website",
            value: site.url,
            source: SOURCE,
            strength: "weak",
            note: `home page of brand ${e.brand} (Wikidata ${e.wikidata}), not location-specific`,
          });
        }
      }
      return out;
    },
  };
}
