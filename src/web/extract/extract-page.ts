/**
 * The entry point: one page (its HTML, or a document parsed once elsewhere) → PageFacts. Pure and
 * synchronous; no network. Structured data is read first (JSON-LD, microdata, RDFa, meta tags),
 * then links (tel:, mailto:, social profiles), then the visible text; within each kind of fact
 * earlier sources come first and later duplicates are dropped.
 */
import { countryFromName, normalizeCountryCode } from "../../enrich/normalize/country.js";
import { normalizePhone } from "../../enrich/normalize/phone.js";
import { normalizeWebsite } from "../../enrich/normalize/website.js";
import { extractAttributeItems, MICRODATA, RDFA_LITE } from "./attribute-items.js";
import { closureNotice } from "./closure-notice.js";
import { type PageDocument, parsePage } from "./document.js";
import { EmailCollector, linkEmails, textEmails } from "./emails.js";
import { followUpLinks } from "./follow-up-links.js";
import { extractJsonLd } from "./json-ld.js";
import { nameFromTitle, readMetaTags } from "./meta-tags.js";
import type { FactOrigin, NameFact, PageAddress, PageFacts, PhoneFact, SocialFact } from "./page-facts.js";
import { pageLanguages } from "./page-languages.js";
import { pageText } from "./page-text.js";
import { parkedDomain } from "./parked-domain.js";
import { telLinks, textPhones } from "./phones.js";
import { type SchemaFacts, schemaFacts } from "./schema-business.js";
import { socialLinks } from "./social-links.js";
import { textHours } from "./text-hours.js";

export type PageInput = {
  /** The page's URL after redirects: resolves relative links, tells same-site emails and links. */
  url?: string | null;
  /** ISO alpha-2 of the place: the default country of phone numbers written without +CC. */
  country?: string | null;
} & ({ html: string; document?: undefined } | { document: PageDocument; html?: undefined });

function uniqueBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}

function mergePhones(groups: ReadonlyArray<{ phones: PhoneFact[]; otherPhones: PhoneFact[] }>): {
  phones: PhoneFact[];
  otherPhones: PhoneFact[];
} {
  const phones = new Map<string, PhoneFact>();
  const other = new Map<string, PhoneFact>();
  for (const g of groups) {
    for (const p of g.phones) {
      const known = phones.get(p.value);
      if (!known) phones.set(p.value, p);
      else if (known.label === "unlabelled" && p.label !== "unlabelled") known.label = p.label;
    }
  }
  for (const g of groups)
    for (const p of g.otherPhones) if (!phones.has(p.value) && !other.has(p.value)) other.set(p.value, p);
  return { phones: [...phones.values()], otherPhones: [...other.values()] };
}

/** Everything one page says about its business. Never throws on odd HTML. */
export function extractPage(input: PageInput): PageFacts {
  const $ = input.document ?? parsePage(input.html);
  const url = input.url ?? null;
  const country = normalizeCountryCode(input.country ?? null);
  const text = pageText($);
  const meta = readMetaTags($);
  const jsonLd = extractJsonLd($);
  const structured: SchemaFacts[] = [
    schemaFacts(jsonLd.nodes, "json-ld", country),
    schemaFacts(extractAttributeItems($, MICRODATA), "microdata", country),
    schemaFacts(extractAttributeItems($, RDFA_LITE), "rdfa", country),
  ];

  const names: NameFact[] = structured.flatMap((s) => s.names);
  if (meta.siteName)
    names.push({ value: meta.siteName, role: "site", origin: "meta", where: "og:site_name" });
  for (const [raw, where] of [
    [meta.ogTitle, "og:title"],
    [meta.title, "<title>"],
  ] as const) {
    const n = raw ? nameFromTitle(raw) : null;
    if (n) names.push({ value: n, role: "title", origin: "meta", where });
  }

  const metaPhones: { phones: PhoneFact[]; otherPhones: PhoneFact[] } = { phones: [], otherPhones: [] };
  const metaPhone = meta.contact.phone_number;
  if (metaPhone) {
    const p = normalizePhone(metaPhone, country);
    if (p.ok)
      metaPhones.phones.push({
        value: p.e164,
        raw: metaPhone,
        label: "phone",
        origin: "meta",
        where: "business:contact_data:phone_number",
      });
  }
  const linked = telLinks($, country);
  const written = textPhones(text.lines, country);
  // A page that states its number in structured data or a tel: link and writes other numbers
  // without a label is listing other places (a store locator's nearby stores): set them aside.
  if (
    structured.some((s) => s.phones.length > 0) ||
    metaPhones.phones.length > 0 ||
    linked.phones.length > 0
  ) {
    written.otherPhones.push(...written.phones.filter((p) => p.label === "unlabelled"));
    written.phones = written.phones.filter((p) => p.label !== "unlabelled");
  }
  const { phones, otherPhones } = mergePhones([...structured, metaPhones, linked, written]);

  const emails = new EmailCollector(url);
  for (const s of structured) {
    const origin: FactOrigin = s === structured[0] ? "json-ld" : s === structured[1] ? "microdata" : "rdfa";
    for (const e of s.emails) emails.add(e, origin, `${origin} email`, false);
  }
  if (meta.contact.email) emails.add(meta.contact.email, "meta", "business:contact_data:email", false);
  linkEmails($, emails);
  textEmails(text.lines, emails);

  const socialMap = new Map<string, SocialFact>();
  for (const s of [
    ...structured.flatMap((x) => x.socials.map((f) => ({ ...f, count: 1 }))),
    ...socialLinks($),
  ]) {
    const key = `${s.platform}:${s.value.toLowerCase()}`;
    const known = socialMap.get(key);
    if (known) known.count += s.count;
    else socialMap.set(key, { ...s });
  }

  const addresses = structured.flatMap((s) => s.addresses);
  const c = meta.contact;
  if (c.street_address || c.locality || c.postal_code) {
    const a: PageAddress = {};
    if (c.street_address) a.street = c.street_address;
    if (c.locality) a.city = c.locality;
    if (c.region) a.state = c.region;
    if (c.postal_code) a.postalCode = c.postal_code;
    if (c.country_name)
      a.country = normalizeCountryCode(c.country_name) ?? countryFromName(c.country_name) ?? c.country_name;
    addresses.push({ value: a, origin: "meta", where: "business:contact_data" });
  }

  const geo = structured.flatMap((s) => s.geo);
  const lat = Number(meta.latitude);
  const lng = Number(meta.longitude);
  if (
    meta.latitude &&
    meta.longitude &&
    Math.abs(lat) <= 90 &&
    Math.abs(lng) <= 180 &&
    !(lat === 0 && lng === 0)
  ) {
    geo.push({ value: { latitude: lat, longitude: lng }, origin: "meta", where: "place:location" });
  }

  const hours = structured.flatMap((s) => s.hours);
  for (const h of textHours(text.lines, pageLanguages($, country))) {
    hours.push({
      value: h.value,
      text: h.lines.join(" / "),
      exceptions: [],
      origin: "text",
      where: `text '${h.lines.join(" / ").slice(0, 80)}'`,
    });
  }

  const websites = structured.flatMap((s) => s.websites);
  for (const raw of [meta.ogUrl, c.website]) {
    const w = raw ? normalizeWebsite(raw) : null;
    if (w?.kind === "website")
      websites.push({
        value: w.url,
        origin: "meta",
        where: raw === meta.ogUrl ? "og:url" : "business:contact_data:website",
      });
  }

  const closureTexts: Array<{ text: string; origin: FactOrigin }> = [];
  if (meta.title) closureTexts.push({ text: meta.title, origin: "meta" });
  if (meta.description) closureTexts.push({ text: meta.description, origin: "meta" });
  for (const line of text.lines) closureTexts.push({ text: line, origin: "text" });

  const parked = parkedDomain($, text.lines);
  return {
    url,
    // A parking page's title is the domain or its sale offer, not a business name.
    names: uniqueBy(parked ? names.filter((n) => n.role !== "title") : names, (n) => n.value.toLowerCase()),
    phones,
    otherPhones,
    emails: emails.found,
    socials: [...socialMap.values()],
    addresses,
    geo,
    hours: uniqueBy(hours, (h) => JSON.stringify(h.value.opening_hours)),
    cuisines: uniqueBy(
      structured.flatMap((s) => s.cuisines),
      (f) => f.value,
    ),
    priceTier: structured.flatMap((s) => s.priceTier),
    websites: uniqueBy(websites, (w) => w.value),
    closure: closureNotice(closureTexts),
    parked,
    jsonLdTypes: jsonLd.types,
    jsonLdErrors: jsonLd.errors,
    links: followUpLinks($, url),
    textTruncated: text.truncated,
  };
}
