/**
 * Search results → what discovery does with them (issue 11, part 2). Pure: no network.
 *
 * - Listing sites (listing-domains.ts: directories, reviews, maps, delivery, booking, social
 *   networks) are never the website. Those naming the place feed other evidence: a social profile
 *   gives a handle (socialHandles), a listing saying "permanently closed" a closure signal.
 * - The rest are candidates, one per registrable domain (its best-ranked result), scored by how much
 *   the domain looks like the name, whether the title names the place, location words (city, street,
 *   postcode) in the title, snippet or URL, and the engine's rank. Only candidates with the name in
 *   their domain or title are worth a fetch (a news article or a neighbour's page otherwise); the
 *   score orders them. The fetch and verification decide (discover-website.ts).
 */
import { jaroWinkler } from "@skyra/jaro-winkler";
import { parse } from "tldts";
import type { SocialPlatform } from "../../enrich/normalize/social.js";
import { collapseWhitespace, stripFormatCharacters } from "../../enrich/normalize/text.js";
import { normalizeWebsite } from "../../enrich/normalize/website.js";
import type { SearchResult } from "../../search/search-provider.js";
import { namesAgree, nameTokens, type PlaceIdentity } from "../evidence/site-verification.js";
import { closureNotice } from "../extract/closure-notice.js";
import { type ListingKind, listingKind } from "./listing-domains.js";

export interface ResultRef {
  query: string;
  /** 1-based position in the engine's answer. */
  rank: number;
  engine: string;
}

export interface DiscoveredCandidate extends ResultRef {
  /** Normalized (normalizeWebsite), as it will be reported. */
  url: string;
  domain: string;
  title: string;
  /** 0..1: how much the domain's label looks like the name (Jaro-Winkler or word coverage). */
  domainSimilarity: number;
  titleNamesPlace: boolean;
  /** Location words found: "city", "street", "postcode". */
  locationWords: string[];
  score: number;
}

export interface SocialFind extends ResultRef {
  platform: SocialPlatform;
  handle: string;
  url: string;
  title: string;
}

export interface ClosedListing extends ResultRef {
  url: string;
  kind: ListingKind;
  quote: string;
  /** The listing also names the place's city, street or postcode. */
  located: boolean;
}

export interface Selection {
  candidates: DiscoveredCandidate[];
  socials: SocialFind[];
  closedListings: ClosedListing[];
  /** Results on listing sites (dropped as the website). */
  listings: number;
  /** Results naming the place in their title, own site or not: the place has a presence on the web. */
  naming: number;
}

/** The domain resembles the name from here on: "marigoldtable" ~ "Marigold Table", "bistrot-des-halles-lyon" ~ "Le Bistrot des Halles". */
export const DOMAIN_LIKE_NAME = 0.8;

const squash = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");

/** 0..1 likeness of a domain label ("marigold-table") to a name ("Marigold Table"). */
export function domainSimilarity(name: string, label: string): number {
  const tokens = nameTokens(name)
    .map(squash)
    .filter((t) => t.length > 0);
  const l = squash(label);
  if (tokens.length === 0 || l.length === 0) return 0;
  const joined = tokens.join("");
  // Words of 3+ letters found in the label, weighted by length: "kornblume" in "baeckerei-kornblume".
  const long = tokens.filter((t) => t.length >= 3);
  const covered = long.filter((t) => l.includes(t)).reduce((n, t) => n + t.length, 0);
  const coverage = long.length > 0 ? covered / long.reduce((n, t) => n + t.length, 0) : 0;
  return Math.max(jaroWinkler(joined, l), coverage);
}

function locationWordsIn(place: PlaceIdentity, text: string): string[] {
  const hay = ` ${squash(text)} `;
  const haystackWords = new Set(nameTokens(text));
  const found: string[] = [];
  if (place.city && squash(place.city).length >= 3 && hay.includes(squash(place.city))) found.push("city");
  if (place.postalCode && squash(place.postalCode).length >= 3 && hay.includes(squash(place.postalCode)))
    found.push("postcode");
  if (place.street) {
    const words = nameTokens(place.street).filter((w) => w.length >= 4);
    if (words.length > 0 && words.some((w) => haystackWords.has(w))) found.push("street");
  }
  return found;
}

/**
 * A search result's words as a reasoning may cite them: control and format characters out (NUL,
 * escapes, direction overrides), whitespace collapsed, at most 120 characters. A result's title and
 * snippet are whoever wrote the listing's, not ours (a 50,000-character title was seen in a trial).
 */
export function citable(text: string, max = 120): string {
  const clean = collapseWhitespace(stripFormatCharacters(text, "all"));
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/** The results of one query, sorted into candidates, social profiles and closure listings. */
export function selectFromResults(
  place: PlaceIdentity,
  query: string,
  results: readonly SearchResult[],
): Selection {
  const out: Selection = { candidates: [], socials: [], closedListings: [], listings: 0, naming: 0 };
  const seenDomains = new Set<string>();
  for (const [i, r] of results.entries()) {
    const kind = listingKind(r.url);
    const parsed = normalizeWebsite(r.url);
    // Not a site a place is listed on, nor its own: an IP address, a local name, not http(s). Such a
    // result is no listing, no closure notice and no presence on the web (it once counted as all three).
    if (parsed.kind === "rejected" && kind === null) continue;
    const ref: ResultRef = { query, rank: i + 1, engine: r.engine };
    const text = `${r.title} ${r.content}`;
    const titleNamesPlace = namesAgree(place.name, r.title);
    if (titleNamesPlace) out.naming++;
    if (parsed.kind === "social") {
      out.listings++;
      if (titleNamesPlace)
        out.socials.push({
          ...ref,
          platform: parsed.platform,
          handle: parsed.handle,
          url: r.url,
          title: citable(r.title),
        });
    }
    if (kind !== null || parsed.kind !== "website") {
      if (parsed.kind !== "social") out.listings++;
      const closure = closureNotice([{ text, origin: "text" }]);
      if (titleNamesPlace && closure?.kind === "permanent")
        out.closedListings.push({
          ...ref,
          url: r.url,
          kind: kind ?? "directory",
          quote: citable(closure.quote),
          located: locationWordsIn(place, `${text} ${r.url}`).length > 0,
        });
      continue;
    }
    const label = parse(parsed.url).domainWithoutSuffix ?? parsed.domain;
    if (seenDomains.has(parsed.domain)) continue;
    seenDomains.add(parsed.domain);
    const similarity = domainSimilarity(place.name, label);
    const location = locationWordsIn(place, `${text} ${r.url}`);
    if (similarity < DOMAIN_LIKE_NAME && !titleNamesPlace) continue;
    const score =
      0.5 * similarity + 0.3 * Number(titleNamesPlace) + 0.15 * Math.min(1, location.length) + 0.05 / (i + 1);
    out.candidates.push({
      ...ref,
      url: parsed.url,
      domain: parsed.domain,
      title: citable(r.title),
      domainSimilarity: Math.round(similarity * 100) / 100,
      titleNamesPlace,
      locationWords: location,
      score: Math.round(score * 1000) / 1000,
    });
  }
  out.candidates.sort((a, b) => b.score - a.score);
  return out;
}
