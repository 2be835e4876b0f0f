/**
 * schema.org business nodes (from JSON-LD, microdata or RDFa) → page facts.
 *
 * Which node is the place: among the nodes typed LocalBusiness or a subtype (rank 2), else an
 * Organization (rank 1), the one with the most of name/address/telephone/geo/hours; a node that
 * another business node names as its brand, parentOrganization or branchOf is the brand, not the place (its name is kept with the role "brand"). Several place nodes (a
 * store-locator page listing branches) all give facts, the chosen one first.
 */

import { countryFromName, normalizeCountryCode } from "../../enrich/normalize/country.js";
import { cuisineValue } from "../../enrich/normalize/cuisine.js";
import { currencyOfCountry } from "../../enrich/normalize/currency.js";
import { cleanName } from "../../enrich/normalize/name.js";
import { normalizePhone } from "../../enrich/normalize/phone.js";
import { normalizeWebsite } from "../../enrich/normalize/website.js";
import type {
  Fact,
  FactOrigin,
  GeoPoint,
  HoursFact,
  NameFact,
  PageAddress,
  PhoneFact,
  PriceFact,
  SocialFact,
} from "./page-facts.js";
import { parsePriceRange } from "./price-range.js";
import { hoursFromOpeningHoursText, hoursFromSpecification } from "./schema-hours.js";
import { firstText, nodeValues, type SchemaNode, textValues, typeLabel } from "./schema-node.js";
import { businessRank } from "./schema-types.js";

export interface SchemaFacts {
  names: NameFact[];
  phones: PhoneFact[];
  otherPhones: PhoneFact[];
  emails: string[];
  socials: Omit<SocialFact, "count">[];
  addresses: Fact<PageAddress>[];
  geo: Fact<GeoPoint>[];
  hours: HoursFact[];
  cuisines: Fact<string>[];
  priceTier: PriceFact[];
  websites: Fact<string>[];
  /** The place nodes read, chosen first. */
  places: SchemaNode[];
}

const BRAND_PROPS = ["brand", "parentOrganization", "branchOf"];
const SYNTAX_LABEL: Readonly<Record<string, string>> = {
  "json-ld": "JSON-LD",
  microdata: "microdata",
  rdfa: "RDFa",
};

function completeness(n: SchemaNode): number {
  let score = 0;
  for (const p of ["name", "address", "telephone", "geo", "openingHours", "openingHoursSpecification"]) {
    if (n.props.has(p)) score++;
  }
  return score;
}

/** Every node, nested ones included (depth-limited), each once. */
function flatten(nodes: readonly SchemaNode[]): SchemaNode[] {
  const out: SchemaNode[] = [];
  const seen = new Set<SchemaNode>();
  const visit = (n: SchemaNode, depth: number) => {
    if (seen.has(n) || depth > 6) return;
    seen.add(n);
    out.push(n);
    for (const values of n.props.values()) {
      for (const v of values) if (typeof v !== "string") visit(v, depth + 1);
    }
  };
  for (const n of nodes) visit(n, 0);
  return out;
}

/** The nodes that are the place (chosen first) and those that are its brands. */
export function placeNodes(nodes: readonly SchemaNode[]): { places: SchemaNode[]; brands: SchemaNode[] } {
  const all = flatten(nodes);
  const brands = new Set<SchemaNode>();
  for (const n of all) {
    if (businessRank(n.types) === 0) continue;
    for (const p of BRAND_PROPS) for (const b of nodeValues(n, p)) brands.add(b);
  }
  const places = all
    .filter((n) => businessRank(n.types) > 0 && !brands.has(n))
    .map((n, i) => ({ n, i, rank: businessRank(n.types), full: completeness(n) }))
    .sort((a, b) => b.rank - a.rank || b.full - a.full || a.i - b.i)
    .map((x) => x.n);
  return { places, brands: [...brands].filter((b) => businessRank(b.types) > 0 || b.props.has("name")) };
}

function geoOf(n: SchemaNode): GeoPoint | null {
  const lat = Number(firstText(n, "latitude")?.replace(",", "."));
  const lng = Number(firstText(n, "longitude")?.replace(",", "."));
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180 || (lat === 0 && lng === 0)) return null;
  return { latitude: lat, longitude: lng };
}

function countryOf(raw: string | null): string | undefined {
  if (!raw) return undefined;
  return normalizeCountryCode(raw) ?? countryFromName(raw) ?? raw;
}

function addressOf(v: string | SchemaNode): PageAddress | null {
  if (typeof v === "string") {
    const s = v.replace(/\s+/g, " ").trim();
    return s ? { full_address: s } : null;
  }
  const a: PageAddress = {};
  const set = (key: keyof PageAddress, value: string | null | undefined) => {
    const s = value?.replace(/\s+/g, " ").trim();
    if (s) a[key] = s;
  };
  set("street", textValues(v, "streetAddress").join(", "));
  set("city", firstText(v, "addressLocality"));
  set("state", firstText(v, "addressRegion"));
  set("postalCode", firstText(v, "postalCode"));
  const country = nodeValues(v, "addressCountry")[0];
  set(
    "country",
    countryOf(
      country
        ? (firstText(country, "identifier") ?? firstText(country, "name"))
        : firstText(v, "addressCountry"),
    ),
  );
  if (Object.keys(a).length === 0) {
    const name = firstText(v, "name");
    return name ? { full_address: name } : null;
  }
  return a;
}

/** Facts of the page's schema.org nodes of one syntax. `country`: the place's, for phones. */
export function schemaFacts(
  nodes: readonly SchemaNode[],
  syntax: FactOrigin,
  country: string | null,
): SchemaFacts {
  const out: SchemaFacts = {
    names: [],
    phones: [],
    otherPhones: [],
    emails: [],
    socials: [],
    addresses: [],
    geo: [],
    hours: [],
    cuisines: [],
    priceTier: [],
    websites: [],
    places: [],
  };
  const { places, brands } = placeNodes(nodes);
  out.places = places;
  const label = SYNTAX_LABEL[syntax] ?? syntax;
  for (const n of places) {
    const at = (prop: string) => `${label} ${typeLabel(n)}.${prop}`;
    const name = (role: NameFact["role"], prop: string) => {
      for (const v of textValues(n, prop)) {
        const value = cleanName(v);
        if (value) out.names.push({ value, origin: syntax, where: at(prop), role });
      }
    };
    name("business", "name");
    name("alternate", "alternateName");
    name("official", "legalName");
    const phone = (raw: string, prop: string, labelOf: PhoneFact["label"]) => {
      const p = normalizePhone(raw.replace(/^tel:/i, ""), country);
      if (!p.ok) return;
      const fact: PhoneFact = { value: p.e164, raw, label: labelOf, origin: syntax, where: at(prop) };
      (labelOf === "fax" ? out.otherPhones : out.phones).push(fact);
    };
    for (const t of textValues(n, "telephone")) phone(t, "telephone", "phone");
    for (const t of textValues(n, "faxNumber")) phone(t, "faxNumber", "fax");
    for (const cp of nodeValues(n, "contactPoint")) {
      const type = (firstText(cp, "contactType") ?? "").toLowerCase();
      const kind = /reserv|booking/.test(type) ? "reservations" : "phone";
      for (const t of textValues(cp, "telephone")) phone(t, "contactPoint.telephone", kind);
      for (const e of textValues(cp, "email")) out.emails.push(e);
    }
    for (const e of textValues(n, "email")) out.emails.push(e);
    for (const v of n.props.get("address") ?? []) {
      const a = addressOf(v);
      if (a) out.addresses.push({ value: a, origin: syntax, where: at("address") });
    }
    for (const g of nodeValues(n, "geo")) {
      const p = geoOf(g);
      if (p) out.geo.push({ value: p, origin: syntax, where: at("geo") });
    }
    const ohText = textValues(n, "openingHours");
    if (ohText.length > 0) {
      const h = hoursFromOpeningHoursText(ohText);
      if (h)
        out.hours.push({
          value: h.value,
          text: h.text,
          exceptions: h.exceptions,
          origin: syntax,
          where: at("openingHours"),
        });
    }
    const specs = nodeValues(n, "openingHoursSpecification");
    if (specs.length > 0) {
      const h = hoursFromSpecification(specs);
      if (h)
        out.hours.push({
          value: h.value,
          text: h.text,
          exceptions: h.exceptions,
          origin: syntax,
          where: at("openingHoursSpecification"),
        });
    }
    for (const raw of textValues(n, "servesCuisine")) {
      for (const part of raw.split(/\s*[,;|/]\s*/)) {
        const c = cuisineValue(part);
        if (c) out.cuisines.push({ value: c, origin: syntax, where: at("servesCuisine") });
      }
    }
    for (const raw of textValues(n, "priceRange")) {
      const p = parsePriceRange(raw, currencyOfCountry(country));
      if (p) out.priceTier.push({ value: p, text: raw, origin: syntax, where: at("priceRange") });
    }
    for (const raw of [...textValues(n, "url"), ...textValues(n, "sameAs")]) {
      const w = normalizeWebsite(raw);
      const prop = textValues(n, "url").includes(raw) ? "url" : "sameAs";
      if (w.kind === "social") {
        out.socials.push({
          value: w.handle,
          platform: w.platform,
          url: raw,
          origin: syntax,
          where: at(prop),
        });
      } else if (w.kind === "website" && prop === "url") {
        out.websites.push({ value: w.url, origin: syntax, where: at("url") });
      }
    }
  }
  for (const b of brands) {
    for (const v of textValues(b, "name")) {
      const value = cleanName(v);
      if (value)
        out.names.push({
          value,
          origin: syntax,
          where: `${label} ${typeLabel(b)}.name (brand)`,
          role: "brand",
        });
    }
  }
  return out;
}
