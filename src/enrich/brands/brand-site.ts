/**
 * Which of a brand's official websites serves a given country. Multi-country brands list one site
 * per country in Wikidata ("Aldi Süd": aldi-sued.de, aldi.us, aldi.co.uk, aldi.com.au, ...;
 * "Wingstop": wingstop.com, wingstop.com.mx); the place's country picks among them:
 * 1. a site whose country-code top-level domain is the country's (country-coder maps `.uk` → GB,
 *    `.us` → US, `.com.mx` → MX), or whose first path segment or subdomain is a locale naming it
 *    (`apple.com/uk/`, `ikea.com/us/en/`, `us.example.com`);
 * 2. else a site on a generic domain (`.com`, `.org`, ..., and the ccTLDs Google Search treats as
 *    generic: `.co`, `.io`, `.me`, `.tv`, ...), the brand's international site;
 * 3. else none: another country's site is not the place's.
 * Among equals the home page wins (fewest subdomain labels and path segments, then listing order).
 */
import { feature } from "@rapideditor/country-coder";
import { parse } from "tldts";

/**
 * Country-code TLDs used generically, after Google Search Central's list of generic ccTLDs
 * (developers.google.com/search/docs/specialty/international/managing-multi-regional-sites).
 */
// biome-ignore format: compact lookup table
const GENERIC_CCTLDS = new Set([
  "ad", "as", "bz", "cc", "cd", "co", "dj", "fm", "io", "la", "me", "ms", "nu", "sc", "sr", "su", "tv", "tk",
  "ws", "ai", "gg", "ly", "to",
]);

/** Two-letter region codes written differently in URLs. */
const URL_REGIONS: Readonly<Record<string, string>> = { uk: "GB" };

function regionCode(code: string): string | null {
  const upper = URL_REGIONS[code.toLowerCase()] ?? code.toUpperCase();
  const props = feature(upper)?.properties;
  return props?.iso1A2 === upper && (props.level === "country" || props.level === "territory") ? upper : null;
}

export interface SiteCountry {
  /** The country the site is for, or null for a generic (international) site. */
  country: string | null;
  /** Subdomain labels (besides www) plus path segments: 0 for a home page. */
  depth: number;
}

/** The country a URL is for, from its ccTLD or a locale in its first path segment or subdomain. */
export function siteCountry(url: string): SiteCountry | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const info = parse(u.hostname);
  if (!info.domain || !info.publicSuffix) return null;
  const segments = u.pathname.split("/").filter(Boolean);
  const sub = (info.subdomain ?? "").split(".").filter((l) => l && l !== "www");
  const depth = sub.length + segments.length;
  const tld = info.publicSuffix.split(".").at(-1)!;
  if (tld.length === 2 && !GENERIC_CCTLDS.has(tld)) return { country: regionCode(tld), depth };
  // Generic domain: a locale in the path ("/uk/", "/en-us/", "/us/en/") or a subdomain ("us.").
  const locale = /^(?:[a-z]{2}[-_])?([a-z]{2})$/i;
  for (const candidate of [segments[0], sub.length === 1 ? sub[0] : undefined]) {
    const m = candidate ? locale.exec(candidate) : null;
    if (m?.[1]) {
      const c = regionCode(m[1]);
      if (c) return { country: c, depth: depth - 1 };
    }
  }
  return { country: null, depth };
}

/** The brand site for the place's country (see above), or null. */
export function siteForCountry(sites: readonly string[], country: string | null): string | null {
  let best: { url: string; rank: number } | null = null;
  sites.forEach((url, order) => {
    const sc = siteCountry(url);
    if (!sc) return;
    const tier = country !== null && sc.country === country ? 0 : sc.country === null ? 1 : -1;
    if (tier < 0) return;
    const rank = tier * 1_000_000 + sc.depth * 1000 + order;
    if (!best || rank < best.rank) best = { url, rank };
  });
  return (best as { url: string } | null)?.url ?? null;
}
