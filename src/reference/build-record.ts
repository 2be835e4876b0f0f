/**
 * ReferenceDraft (what a format reader extracts from one row) → ReferenceRecord, with the job
 * inputs' normalizers: phones (libphonenumber-js, the address's country as default), websites (tldts;
 * social profile URLs become handles, listing pages are dropped), emails, social handles, address
 * (structured parts, a street line split by the fast structural parser — pelias is never used at
 * import: ~1 ms per address would cap an import near 1,000 rows/s), categories (Overture codes; OSM
 * tags and other labels mapped into the taxonomy).
 *
 * A draft is skipped, with a reason the import reports, when it has no id or name, or neither
 * coordinates nor an address (nothing to match it by).
 */

import { parseAddressFast } from "../enrich/normalize/address-fast.js";
import { ADDRESS_KEYS, type AddressObject, type AddressParts } from "../enrich/normalize/address-fields.js";
import { parseLatLng } from "../enrich/normalize/coordinates.js";
import {
  countryFromCoordinates,
  countryFromName,
  normalizeCountryCode,
} from "../enrich/normalize/country.js";
import { normalizeEmail } from "../enrich/normalize/email.js";
import { cleanName } from "../enrich/normalize/name.js";
import { normalizePhone, splitPhoneHint } from "../enrich/normalize/phone.js";
import { regionIn } from "../enrich/normalize/regions.js";
import { parseSocialHint, SOCIAL_PLATFORMS, type SocialPlatform } from "../enrich/normalize/social.js";
import { cleanString } from "../enrich/normalize/text.js";
import { normalizeWebsite, websiteDomain } from "../enrich/normalize/website.js";
import {
  categoriesFromOsmTags,
  mapCategoryHint,
  sortMostSpecific,
} from "../enrich/taxonomy/category-mapper.js";
import { loadTaxonomy } from "../enrich/taxonomy/overture-taxonomy.js";
import { nameKey, nameTokens } from "./match/match-keys.js";
import type { OperatingStatus, ReferenceRecord, ReferenceSocials } from "./record.js";

export interface ReferenceDraft {
  id?: unknown;
  name?: unknown;
  altNames?: unknown[];
  latitude?: unknown;
  longitude?: unknown;
  fullAddress?: unknown;
  house?: unknown;
  street?: unknown;
  /** A street line with the house number in it ("825 E 1180 S", "Calle Milicias, 4"). */
  streetLine?: unknown;
  unit?: unknown;
  city?: unknown;
  state?: unknown;
  postcode?: unknown;
  country?: unknown;
  phones?: unknown[];
  websites?: unknown[];
  emails?: unknown[];
  /** Profile URLs or `platform:handle` strings. */
  socials?: unknown[];
  /** Handles by platform (FSQ `instagram`, `facebook_id`). */
  socialHandles?: Partial<Record<SocialPlatform, unknown>>;
  /** Overture codes, or labels / hints to map. */
  categories?: unknown[];
  /** FSQ-style hierarchical labels ("Dining and Drinking > Restaurant > Pizza Place"). */
  categoryLabels?: unknown[];
  categoryIds?: unknown[];
  osmTags?: Record<string, string>;
  brandName?: unknown;
  brandWikidata?: unknown;
  status?: OperatingStatus | null;
  dateClosed?: unknown;
  dateRefreshed?: unknown;
  dateCreated?: unknown;
  openingHours?: unknown;
  confidence?: unknown;
  original: Record<string, unknown>;
}

export type BuildOutcome = { record: ReferenceRecord } | { skip: string };

/**
 * Memo of small lookups repeated across millions of rows (a dataset has a few hundred countries,
 * regions and category lists): measured 180 µs per Overture row without it, of which country and
 * category lookups took a third. Bounded: cleared when it grows past MEMO_LIMIT entries.
 */
const MEMO_LIMIT = 50_000;
const memo = new Map<string, unknown>();
function memoized<T>(key: string, compute: () => T): T {
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

function countryOf(text: string): string | null {
  return memoized(`c\u0000${text}`, () => normalizeCountryCode(text) ?? countryFromName(text));
}

const MAX_LIST = 10;

function strings(list: unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const v of list ?? []) {
    const s = cleanString(v);
    if (s !== null && !out.includes(s)) out.push(s);
    if (out.length >= MAX_LIST) break;
  }
  return out;
}

/** "2024-03-01T…", "2024-03-01", epoch ms/s → "YYYY-MM-DD"; else null. */
export function isoDate(v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === "number" || typeof v === "bigint") {
    const n = Number(v);
    const ms = n > 1e11 ? n : n * 1000;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
  }
  if (typeof v !== "string") return null;
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(v.trim());
  if (!m) return null;
  return `${m[1]}-${m[2]}-${m[3] ?? "01"}`;
}

function setPart(parts: AddressParts, key: keyof AddressParts, v: unknown): void {
  const s = cleanString(v);
  if (s !== null) parts[key] = s;
}

/** "a b" of the two that are set (what `[a, b].filter(Boolean).join(" ")` gives). */
function joinSet(a: string | null, b: string | null): string {
  return a ? (b ? `${a} ${b}` : a) : (b ?? "");
}

/** `country`: the row's country (countryOf its country field), or null. */
function buildAddressObject(d: ReferenceDraft, country: string | null): AddressObject | null {
  const parts: AddressParts = {};
  const line = cleanString(d.streetLine);
  if (line) {
    const parsed = parseAddressFast(line, country).parts;
    if (parsed.house) parts.house = parsed.house;
    if (parsed.street) parts.street = parsed.street;
    else parts.street = line;
    if (parsed.unit_number) parts.unit_number = parsed.unit_number;
  }
  // Separators left at an end by an empty part (", New York, NY") are no part of the address.
  const full = cleanString(cleanString(d.fullAddress)?.replace(/^[\s,;|/–—-]+|[\s,;|/–—-]+$/g, ""));
  // Parsed as a street line alone (no city, state or postcode in it): shown with those columns.
  let streetLineOnly = false;
  // A street column that is there but empty (null, blank) says nothing: the full address is read.
  if (full && !line && cleanString(d.street) === null) {
    const parsed = parseAddressFast(full, country).parts;
    Object.assign(parts, parsed);
    streetLineOnly =
      parsed.city === undefined && parsed.state === undefined && parsed.postalCode === undefined;
  }
  setPart(parts, "house", d.house);
  setPart(parts, "street", d.street);
  setPart(parts, "unit_number", d.unit);
  setPart(parts, "city", d.city);
  setPart(parts, "state", d.state);
  setPart(parts, "postalCode", d.postcode);
  if (!full && Object.keys(parts).length === 0) return null;
  const address = {} as AddressObject;
  for (const k of ADDRESS_KEYS) address[k] = parts[k] ?? null;
  address.country = country;
  if (address.state) {
    const state = address.state;
    address.state = memoized(`r\u0000${country}\u0000${state}`, () => regionIn(country, state)) ?? state;
  }
  if (full) address.full_address = streetLineOnly ? withPlace(full, address) : full;
  else {
    // [house street, city, state postcode, country], the set ones, joined by ", ".
    let joined = "";
    for (const piece of [
      joinSet(address.house, address.street),
      address.city,
      joinSet(address.state, address.postalCode),
      address.country,
    ]) {
      if (piece) joined = joined ? `${joined}, ${piece}` : piece;
    }
    address.full_address = joined || null;
  }
  return address;
}

/**
 * A street line alone (`full`: "521 3rd Ave.", the city and postcode in columns of their own) with the
 * city, "state postcode" and country of `address` after it, unless it names the city or the
 * postcode already (then, and without either, `full` as the source wrote it).
 */
function withPlace(full: string, address: AddressObject): string {
  const { city, postalCode } = address;
  if (city === null && postalCode === null) return full;
  if (
    (city !== null && endsWithPlace(full, city, address)) ||
    (postalCode !== null && full.toLowerCase().includes(postalCode.toLowerCase()))
  )
    return full;
  let out = full;
  for (const piece of [city, joinSet(address.state, postalCode), address.country])
    if (piece) out = `${out}, ${piece}`;
  return out;
}

/**
 * Words that join a street's type to the place it is named after: "rue de Lyon", "Via di Roma",
 * "Calle del Sol", "Avenue of the Americas", "Straße zum Hafen".
 */
const STREET_NAME_LINKS = new Set(
  "de du des di da del della dello degli dei do dos das von vom van der den of the la le les el al zu zum zur".split(
    " ",
  ),
);

/** "fr", "france", "usa": a country's code or name. */
function namesCountry(text: string): boolean {
  return normalizeCountryCode(text) !== null || countryFromName(text) !== null;
}

/**
 * Whether the street line `full` already ends with the place `city` (as whole words, case and
 * accents aside: "521 3rd Ave New York", "45 London Road London", "Bahnhofstr. 1 Zürich" for
 * Zurich), optionally followed by the state, postcode and country (its code or name). A street named after the city
 * is no mention of it: "45 London Road" (London), "12 rue de Lyon" (Lyon), "Berliner Straße 5"
 * (Berlin), "Calle de Madrid 8" (Madrid).
 */
function endsWithPlace(full: string, city: string, address: AddressObject): boolean {
  const words = nameTokens(nameKey(full));
  const place = nameTokens(nameKey(city));
  if (place.length === 0) return false;
  const after = new Set(
    [address.state, address.postalCode, address.country].flatMap((v) => (v ? nameTokens(nameKey(v)) : [])),
  );
  for (let i = words.length - place.length; i >= 0; i--) {
    if (!place.every((w, k) => words[i + k] === w)) continue;
    const rest = words.slice(i + place.length);
    if (rest.some((w) => !after.has(w)) && !namesCountry(rest.join(" "))) continue;
    if (i > 0 && STREET_NAME_LINKS.has(words[i - 1]!)) continue;
    return true;
  }
  return false;
}

function categoryCodes(d: ReferenceDraft): string[] {
  if (d.osmTags) return computeCategoryCodes(d);
  const key = `k\u0000${JSON.stringify([d.categories ?? null, d.categoryLabels ?? null])}`;
  return [...memoized(key, () => computeCategoryCodes(d))];
}

function computeCategoryCodes(d: ReferenceDraft): string[] {
  const tax = loadTaxonomy();
  const out: string[] = [];
  const add = (code: string | null | undefined) => {
    if (code && !out.includes(code)) out.push(code);
  };
  for (const c of strings(d.categories)) {
    if (tax.has(c)) add(c);
    else add(tax.fromNewCode(c) ?? mapCategoryHint(c)?.code);
  }
  for (const label of strings(d.categoryLabels)) {
    // Most specific segment first; fall back to its parents ("… > Restaurant > Pizza Place").
    const segments = label.split(">").map((s) => s.trim());
    for (let i = segments.length - 1; i >= 0; i--) {
      const hit = mapCategoryHint(segments[i]!);
      if (hit) {
        add(hit.code);
        break;
      }
    }
  }
  if (d.osmTags) for (const c of categoriesFromOsmTags(d.osmTags)) add(c);
  return sortMostSpecific(out);
}

/** E.164 numbers of the draft's phones (valid for their country only), distinct, first = main. */
function phonesOf(d: ReferenceDraft, country: string | null): string[] {
  const phones: string[] = [];
  for (const raw of strings(d.phones)) {
    for (const piece of splitPhoneHint(raw)) {
      const p = normalizePhone(piece, country);
      if (p.ok && !phones.includes(p.e164)) phones.push(p.e164);
    }
  }
  return phones;
}

/** Registrable domain of the draft's first website (social profile and rejected URLs skipped). */
function domainOf(d: ReferenceDraft): string | null {
  for (const raw of strings(d.websites)) {
    const domain = websiteDomain(raw);
    if (domain !== null) return domain;
  }
  return null;
}

/** Websites, social handles and emails: what only the record's outputs need, not its match keys. */
function otherContacts(d: ReferenceDraft) {
  const websites: string[] = [];
  const socials: ReferenceSocials = {};
  const addSocial = (platform: SocialPlatform, handle: string | null) => {
    if (handle && socials[platform] === undefined) socials[platform] = handle;
  };
  for (const raw of strings(d.websites)) {
    const w = normalizeWebsite(raw);
    if (w.kind === "website") {
      if (!websites.includes(w.url)) websites.push(w.url);
    } else if (w.kind === "social") addSocial(w.platform, w.handle);
  }
  for (const raw of strings(d.socials)) {
    const m = /^(instagram|facebook|tiktok):(.+)$/i.exec(raw);
    if (m) {
      const platform = m[1]!.toLowerCase() as SocialPlatform;
      addSocial(platform, parseSocialHint(platform, m[2]!));
      continue;
    }
    const w = normalizeWebsite(raw);
    if (w.kind === "social") addSocial(w.platform, w.handle);
  }
  for (const platform of SOCIAL_PLATFORMS) {
    const raw = cleanString(d.socialHandles?.[platform]);
    if (raw) addSocial(platform, parseSocialHint(platform, raw));
  }
  const emails: string[] = [];
  for (const raw of strings(d.emails)) {
    const e = normalizeEmail(raw);
    if (e && !emails.includes(e)) emails.push(e);
  }
  return { websites, socials, emails };
}

function confidenceOf(v: unknown): number | null {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 && n <= 1 ? n : null;
}

/**
 * The fields of a record its match keys are computed from (match-keys.ts recordKeys): all an import
 * needs of a row when the full record can be rebuilt from its stored original fields on read
 * (rebuildable-doc.ts). Measured on 200,000 synthetic Overture places: see docs/reference-data.md.
 */
export interface RecordCore {
  id: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  address: AddressObject | null;
  /** E.164, first = main. */
  phones: string[];
  /** Registrable domain of the first website, or null. */
  domain: string | null;
  /** Overture category codes, most specific first. */
  categories: string[];
}

export type CoreOutcome = { core: RecordCore } | { skip: string };

/** A draft → the fields matching needs, or why the row is skipped (the same reasons as buildRecord). */
export function buildCore(d: ReferenceDraft): CoreOutcome {
  const id = cleanString(typeof d.id === "bigint" ? String(d.id) : d.id);
  if (!id) return { skip: "no id" };
  const rawName = cleanString(d.name);
  if (!rawName) return { skip: "no name" };
  const name = cleanName(rawName);
  const coordinates = parseLatLng(d.latitude, d.longitude);
  const countryText = cleanString(d.country);
  const given = countryText ? countryOf(countryText) : null;
  const address = buildAddressObject(d, given);
  if (!coordinates && !address) return { skip: "no coordinates and no address" };
  const country =
    address?.country ?? (coordinates ? countryFromCoordinates(coordinates.lat, coordinates.lng) : null);
  if (address && !address.country) address.country = country;
  return {
    core: {
      id,
      name,
      latitude: coordinates?.lat ?? null,
      longitude: coordinates?.lng ?? null,
      address,
      phones: phonesOf(d, country),
      domain: domainOf(d),
      categories: categoryCodes(d),
    },
  };
}

/** The draft's full record, given its core (buildCore of the same draft). */
export function completeRecord(d: ReferenceDraft, core: RecordCore): ReferenceRecord {
  const { websites, socials, emails } = otherContacts(d);
  const brandWikidata = cleanString(d.brandWikidata);
  return {
    id: core.id,
    name: core.name,
    altNames: strings(d.altNames)
      .map(cleanName)
      .filter((n) => n !== core.name),
    latitude: core.latitude,
    longitude: core.longitude,
    address: core.address,
    phones: core.phones,
    websites,
    domain: core.domain,
    categories: core.categories,
    sourceCategoryLabels: strings(d.categoryLabels),
    sourceCategoryIds: strings(d.categoryIds),
    emails,
    socials,
    brandName: cleanString(d.brandName),
    brandWikidata: brandWikidata && /^Q\d+$/.test(brandWikidata) ? brandWikidata : null,
    status: d.status ?? null,
    dateClosed: isoDate(d.dateClosed),
    dateRefreshed: isoDate(d.dateRefreshed),
    dateCreated: isoDate(d.dateCreated),
    openingHours: cleanString(d.openingHours),
    confidence: confidenceOf(d.confidence),
    original: d.original,
  };
}

export function buildRecord(d: ReferenceDraft): BuildOutcome {
  const built = buildCore(d);
  return "skip" in built ? built : { record: completeRecord(d, built.core) };
}
