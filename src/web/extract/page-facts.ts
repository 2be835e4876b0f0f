/**
 * What one web page says about the business it belongs to: the output of extractPage. Every fact
 * carries its origin on the page (structured data, a meta tag, a link, visible text) and a short
 * `where` the evidence layer can cite ("JSON-LD Restaurant.telephone", "text: 'Tel. 030 …'"), so
 * it can weigh a value by how the site stated it.
 */
import type { OpeningHours } from "../../enrich/normalize/opening-hours.js";
import type { SocialPlatform } from "../../enrich/normalize/social.js";

export type FactOrigin = "json-ld" | "microdata" | "rdfa" | "meta" | "link" | "text";

export interface Fact<T> {
  value: T;
  origin: FactOrigin;
  /** Where on the page, for the reasoning line: syntax, type and property, or the quoted text. */
  where: string;
}

/**
 * business: the structured data's name of the place; alternate / official: its alternateName /
 * legalName; brand: the brand or parent organization named by it; site: og:site_name or the
 * application name; title: the document title with generic parts ("Home", "Startseite") removed.
 */
export type NameRole = "business" | "alternate" | "official" | "brand" | "site" | "title";

export interface NameFact extends Fact<string> {
  role: NameRole;
}

/**
 * Kept labels: phone (Tel/Phone/Telefon/電話…, or a structured telephone), mobile, whatsapp,
 * reservations (the business's own booking line), unlabelled. Set-aside labels: fax, gift-card,
 * third-party (a delivery or booking platform, the web designer, an emergency number),
 * head-office (a chain's corporate line on a store page).
 */
export type PhoneLabel =
  | "phone"
  | "mobile"
  | "whatsapp"
  | "reservations"
  | "unlabelled"
  | "fax"
  | "gift-card"
  | "third-party"
  | "head-office";

export interface PhoneFact extends Fact<string> {
  /** The number as written. `value` is E.164. */
  raw: string;
  label: PhoneLabel;
}

export interface EmailFact extends Fact<string> {
  /** The address's domain is the page's registrable domain (or a subdomain of it). */
  sameSite: boolean;
  /** The address was written obfuscated ("[at]", Cloudflare's data-cfemail, …). */
  deobfuscated: boolean;
}

export interface SocialFact extends Fact<string> {
  platform: SocialPlatform;
  /** The profile link as found. */
  url: string;
  /** Links to this handle on the page (a profile linked in the header and the footer counts 2). */
  count: number;
}

/**
 * An address as the page gives it, in the API's address keys. `street` is the street line as
 * written (house number included: splitting it is the address parser's job); `full_address`
 * holds an address given as one string.
 */
export interface PageAddress {
  full_address?: string;
  street?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2 when the page's value is a code or a known name, else as written. */
  country?: string;
}

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

export interface HoursFact extends Fact<OpeningHours> {
  /** The hours as written (structured value or the text lines), for citing. */
  text: string;
  /** Special-day rules set aside (holidays, dates). */
  exceptions: string[];
}

export interface PriceFact extends Fact<{ tier: number; currency: string | null }> {
  text: string;
}

export interface ClosureSignal {
  kind: "permanent" | "temporary";
  /** The sentence that says so, as written (cut to ~200 characters). */
  quote: string;
  origin: FactOrigin;
}

export interface ParkedSignal {
  /** A domain-parking service serves the page (sedo, dan.com, afternic, bodis, …). */
  parked: boolean;
  /** The page offers the domain for sale. */
  forSale: boolean;
  /** What gave it away: a marker host or the quoted sentence. */
  evidence: string;
}

export type LinkKind = "contact" | "hours" | "location" | "about" | "imprint";

export interface CandidateLink {
  /** Absolute URL on the page's own site, fragment removed. */
  url: string;
  kind: LinkKind;
  /** The anchor text (or title/aria-label). */
  text: string;
  /** Higher is a clearer match (anchor text and path both naming the kind). */
  score: number;
}

export interface PageFacts {
  url: string | null;
  names: NameFact[];
  /** Numbers to use, best first (structured data, tel: links, then labelled text). */
  phones: PhoneFact[];
  /** Numbers found but set aside, with the label that set them aside (fax, gift-card, …). */
  otherPhones: PhoneFact[];
  emails: EmailFact[];
  socials: SocialFact[];
  addresses: Fact<PageAddress>[];
  geo: Fact<GeoPoint>[];
  /** Structured hours first, then hours read from text. */
  hours: HoursFact[];
  cuisines: Fact<string>[];
  priceTier: PriceFact[];
  /** The business's own URL as stated by structured data or og:url. */
  websites: Fact<string>[];
  closure: ClosureSignal | null;
  parked: ParkedSignal | null;
  /** Every JSON-LD `@type` seen, page order. */
  jsonLdTypes: string[];
  /** JSON-LD blocks that were not JSON even after repair. */
  jsonLdErrors: number;
  /** Same-site links worth a second fetch, best first per kind. */
  links: CandidateLink[];
  /** The visible text was longer than the cap and cut. */
  textTruncated: boolean;
}
