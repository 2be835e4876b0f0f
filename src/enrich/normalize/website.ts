/**
 * Website hint normalization.
 *
 * Decisions: a given http:// or https:// scheme is kept (the hint is not verified yet, so it is
 * not upgraded); a missing scheme becomes https:// (what nearly every site serves today). The host
 * is lower-cased (IDNs in punycode, as URL does), a trailing dot and default ports are dropped,
 * credentials and the fragment are dropped, and tracking parameters (TRACKING_PARAMS) are removed;
 * the path and the remaining query are kept as given. Rejected: other schemes, IP-literal hosts,
 * localhost/.local/.internal hosts, hosts without a known public suffix. Social profile URLs are
 * routed to the social handles; directory/listing pages (Yelp, Google Maps, ...) are rejected as
 * not being the place's own website — but a site the place built on a site-builder platform is its
 * own, even when the platform's domain is a listing one (sites.google.com/view/…, *.business.site).
 *
 * Repairs: invisible format characters are removed; a doubled scheme (`http://http://x.com`,
 * `https://http://x.com`), one missing its colon (`http//x.com`) or slashes (`https:/x.com`), or
 * one typed after `www.` is read as the last scheme; host labels below the registrable domain may
 * hold `_` (not valid in DNS host names, but served by wildcard certificates and common in the
 * wild: `my_shop.example.com`); a click-through redirect (`google.com/url?q=…`,
 * `l.facebook.com/l.php?u=…`) is read as the site it leads to.
 */
import { parse as parseDomain } from "tldts";
import {
  handleFromSocialUrl,
  type SocialPlatform,
  socialPlatformOfDomain,
  socialPlatformOfHost,
} from "./social.js";
import { quote, stripFormatCharacters } from "./text.js";

export type WebsiteParse =
  | { kind: "website"; url: string; host: string; domain: string }
  | { kind: "social"; platform: SocialPlatform; handle: string; url: string }
  | { kind: "rejected"; reason: string };

/** Query parameters that only track a click; exact names (lower case) or prefixes ending in `*`. */
// biome-ignore format: compact lookup table
export const TRACKING_PARAMS: readonly string[] = [
  "utm_*", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "fbclid", "msclkid", "mc_eid", "mc_cid", "_ga",
  "_gl", "igshid", "igsh", "yclid", "twclid", "ttclid", "li_fat_id", "mkt_tok", "_hsenc", "_hsmi",
  "hsctatracking", "oly_enc_id", "oly_anon_id", "vero_id", "vero_conv", "rb_clickid", "s_cid", "sc_cid",
  "srsltid", "ref_src", "ref_url", "wickedid", "_branch_match_id", "epik", "pk_*", "mtm_*", "piwik_*",
  "matomo_*", "hmb_*", "ga_*", "cmpid", "trk", "trkcampaign", "spm", "scid", "y_source", "ncid",
];

const EXACT = new Set(TRACKING_PARAMS.filter((p) => !p.endsWith("*")));
const PREFIXES = TRACKING_PARAMS.filter((p) => p.endsWith("*")).map((p) => p.slice(0, -1));

export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return EXACT.has(n) || PREFIXES.some((p) => n.startsWith(p));
}

/** Listing/directory hosts: a page about the place, not the place's own site. */
// biome-ignore format: compact lookup table
const LISTING_HOSTS: readonly string[] = [
  "yelp.", "tripadvisor.", "foursquare.com", "google.", "goo.gl", "g.page", "maps.app.goo.gl",
  "twitter.com", "x.com", "youtube.com", "youtu.be", "linkedin.com", "pinterest.", "yellowpages.",
  "linktr.ee", "doordash.com", "ubereats.com", "grubhub.com", "opentable.", "mapquest.com",
  "nextdoor.com", "threads.net", "snapchat.com", "wa.me", "whatsapp.com",
];

/**
 * Site builders: a site on one of these is the place's own, whatever else the platform's domain
 * serves. `path` marks builders whose sites live in the path (Google Sites: /view/<name>, /site/<name>).
 */
// biome-ignore format: compact lookup table
const SITE_BUILDERS: ReadonlyArray<{ host: string; path?: RegExp }> = [
  { host: "sites.google.com", path: /^\/(?:view|site|a)\/[^/]+/ }, { host: "business.site" }, { host: "negocio.site" },
  { host: "godaddysites.com" }, { host: "wixsite.com" }, { host: "weebly.com" }, { host: "wordpress.com" },
  { host: "blogspot.com" }, { host: "jimdofree.com" }, { host: "jimdosite.com" }, { host: "webnode.page" },
  { host: "square.site" }, { host: "squarespace.com" }, { host: "yolasite.com" }, { host: "site123.me" },
  { host: "mystrikingly.com" }, { host: "webflow.io" }, { host: "carrd.co" }, { host: "tilda.ws" },
];

// The ".host" suffixes, built once (not per host tested).
const BUILDER_SUFFIXES = SITE_BUILDERS.map((b) => `.${b.host}`);
const LISTING_DOTTED = LISTING_HOSTS.map((l) => `.${l}`);

function siteBuilder(host: string): { path?: RegExp } | null {
  for (let i = 0; i < SITE_BUILDERS.length; i++) {
    const b = SITE_BUILDERS[i]!;
    if (host === b.host || (!b.path && host.endsWith(BUILDER_SUFFIXES[i]!))) return b;
  }
  return null;
}

function isListingHost(host: string): boolean {
  const h = host.replace(/^(www|m)\./, "");
  return LISTING_HOSTS.some((l, i) =>
    l.endsWith(".")
      ? h.startsWith(l) || h.includes(LISTING_DOTTED[i]!)
      : h === l || h.endsWith(LISTING_DOTTED[i]!),
  );
}

const BLOCKED_SUFFIXES = [
  ".localhost",
  ".local",
  ".internal",
  ".lan",
  ".home",
  ".test",
  ".invalid",
  ".example",
];

/**
 * Click-through redirect links copied instead of the site (`google.com/url?q=…`,
 * `l.facebook.com/l.php?u=…`, `l.instagram.com/?u=…`): the site they lead to.
 */
function redirectTarget(host: string, url: URL): string | null {
  const h = host.replace(/^www\./, "");
  let target: string | null = null;
  if (/^google\.[a-z.]+$/.test(h) && url.pathname === "/url")
    target = url.searchParams.get("q") ?? url.searchParams.get("url");
  else if ((h === "l.facebook.com" || h === "lm.facebook.com") && url.pathname === "/l.php")
    target = url.searchParams.get("u");
  else if (h === "l.instagram.com") target = url.searchParams.get("u");
  return target && /^https?:\/\//i.test(target) && target.length <= 2048 ? target : null;
}

/**
 * A mistyped http(s) scheme read as the scheme: doubled (`http://http://x.com`), missing its colon
 * (`http//x.com`) or slashes (`https:/x.com`, `https:x.com` — WHATWG URL reads these as
 * `https://x.com` too), or after a typed `www.` (`www.https://x.com`).
 */
function repairScheme(text: string): string {
  return text
    .replace(/^www\.(?=https?:)/i, "")
    .replace(/^(?:[a-z][a-z0-9+.-]*:?\/\/+)+(?=https?(?::|\/\/))/i, "")
    .replace(/^(https?)(?::\/{0,1}|:\/{3,}|\/{2,})(?=[^/])/i, "$1://");
}

/** The text to read as a URL (repaired, scheme added), or why it is not a website URL. */
function urlCandidate(raw: string): { text: string; q: string; candidate: string } | { reject: string } {
  const text = repairScheme(stripFormatCharacters(raw, "all").trim());
  const q = quote(text, 60);
  if (!text || text.length > 2048 || /\s/.test(text)) return { reject: `input website ${q} is not a URL` };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (scheme !== "http" && scheme !== "https")
      return { reject: `input website ${q} is not an http(s) URL` };
    return { text, q, candidate: text };
  }
  if (/^(mailto|tel|javascript|data|file|ftp|sms):/i.test(text))
    return { reject: `input website ${q} is not an http(s) URL` };
  return { text, q, candidate: `https://${text.replace(/^\/\//, "")}` };
}

/** What a host name alone decides about a site at it (normalizeWebsite's checks, in its order). */
interface HostVerdict {
  /** Not a public host name: the rejection's wording. */
  bad?: "ip" | "local" | "invalid";
  domain: string;
  /** A social platform's host: its profile URLs give handles. */
  social?: SocialPlatform;
  /** A click-through redirect host (the URL's query names the site). */
  redirect: boolean;
  /** A host under a social platform's registrable domain. */
  socialDomain?: SocialPlatform;
  builder?: { path?: RegExp };
  listing: boolean;
}

function hostVerdict(host: string): HostVerdict {
  const none = { domain: "", redirect: false, listing: false };
  if (host.startsWith("[") || /^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return { ...none, bad: "ip" };
  if (host === "localhost" || BLOCKED_SUFFIXES.some((s) => host.endsWith(s)) || !host.includes("."))
    return { ...none, bad: "local" };
  const info = parseDomain(host, { allowPrivateDomains: true });
  if (info.isIp) return { ...none, bad: "ip" };
  const subLabels = info.subdomain ? info.subdomain.split(".") : [];
  if (
    !info.domain ||
    !(info.isIcann || info.isPrivate) ||
    !/^[a-z0-9._-]+$/.test(host) ||
    info.domain.split(".").some((l) => !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l)) ||
    subLabels.some((l) => !/^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l))
  ) {
    return { ...none, bad: "invalid" };
  }
  const h = host.replace(/^www\./, "");
  return {
    domain: info.domain,
    social: socialPlatformOfHost(host) ?? undefined,
    redirect:
      /^google\.[a-z.]+$/.test(h) ||
      h === "l.facebook.com" ||
      h === "lm.facebook.com" ||
      h === "l.instagram.com",
    socialDomain: socialPlatformOfDomain(info.domain) ?? undefined,
    builder: siteBuilder(host) ?? undefined,
    listing: isListingHost(host),
  };
}

export function normalizeWebsite(raw: string): WebsiteParse {
  const read = urlCandidate(raw);
  if ("reject" in read) return { kind: "rejected", reason: read.reject };
  const { q, candidate } = read;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { kind: "rejected", reason: `input website ${q} is not a valid URL` };
  }
  const host = url.hostname.replace(/\.$/, "");
  let verdict = hostVerdicts.get(host);
  if (verdict === undefined) {
    verdict = hostVerdict(host);
    if (hostVerdicts.size >= HOST_MEMO_LIMIT) hostVerdicts.clear();
    hostVerdicts.set(host, verdict);
  }
  if (verdict.bad === "ip")
    return { kind: "rejected", reason: `input website ${q} has an IP address as host` };
  if (verdict.bad === "local")
    return { kind: "rejected", reason: `input website ${q} has a local host name` };
  if (verdict.bad === "invalid")
    return { kind: "rejected", reason: `input website ${q} has no valid public host name` };
  url.hostname = host;
  url.username = "";
  url.password = "";
  url.hash = "";
  const tracking = [...url.searchParams.keys()].filter(isTrackingParam);
  if (tracking.length > 0) {
    for (const name of tracking) url.searchParams.delete(name);
    if ([...url.searchParams.keys()].length === 0) url.search = "";
  }
  const platform = verdict.social;
  if (platform) {
    const handle = handleFromSocialUrl(platform, url);
    if (!handle)
      return { kind: "rejected", reason: `input website ${q} is a ${platform} page, not a profile` };
    return { kind: "social", platform, handle, url: url.toString() };
  }
  const target = verdict.redirect ? redirectTarget(host, url) : null;
  if (target) return normalizeWebsite(target);
  const platformSite = verdict.socialDomain;
  if (platformSite)
    return { kind: "rejected", reason: `input website ${q} is a ${platformSite} page, not a profile` };
  const builder = verdict.builder;
  if (builder) {
    if (builder.path && !builder.path.test(url.pathname))
      return { kind: "rejected", reason: `input website ${q} is ${host} itself, not a site on it` };
    // The site's own name: the host on subdomain builders, host + site path on path builders.
    const own = builder.path
      ? `${host}${builder.path.exec(url.pathname)?.[0] ?? ""}`
      : host.replace(/^www\./, "");
    return { kind: "website", url: url.toString(), host, domain: own };
  }
  if (verdict.listing) {
    return {
      kind: "rejected",
      reason: `input website ${q} is a listing on ${verdict.domain}, not the place's own website`,
    };
  }
  return { kind: "website", url: url.toString(), host, domain: verdict.domain };
}

/**
 * The host of an http(s) URL written plainly (`https://www.Example.com/menu?x=1`), as `new URL`
 * would give it (lower case, a trailing dot kept), without building the URL; null when URL
 * parsing could change it: user info, a port, percent-escapes, IDNs (`xn--` labels are checked by
 * URL), backslashes, a last label that URL would read as an IPv4 number.
 */
function plainHost(candidate: string): string | null {
  const m = /^https?:\/\/([A-Za-z0-9.-]{1,253})(?=[/?#]|$)/i.exec(candidate);
  if (!m) return null;
  const host = m[1]!.toLowerCase();
  const labels = host.endsWith(".") ? host.slice(0, -1).split(".") : host.split(".");
  const last = labels[labels.length - 1]!;
  if (labels.length < 2 || /^\d+$/.test(last) || /^0x[0-9a-f]*$/.test(last)) return null;
  for (const l of labels) if (l === "" || l.startsWith("xn--")) return null;
  return host;
}

/** What hosts decided, for websiteDomain: a chain's places share their site's host. Bounded. */
const HOST_MEMO_LIMIT = 20_000;
const hostVerdicts = new Map<string, HostVerdict>();

/**
 * normalizeWebsite(raw)'s registrable domain when it reads `raw` as the place's own website, else
 * null — without building the URL (and cleaning its query) when the host is written plainly, and
 * with what a host decides remembered. An import needs only this of a website (its match key):
 * ~1.5 µs against normalizeWebsite's ~2.8 (synthetic sites). Equal to normalizeWebsite's answer
 * on every input (website.test.ts checks it on a varied list).
 */
export function websiteDomain(raw: string): string | null {
  const read = urlCandidate(raw);
  if ("reject" in read) return null;
  const host0 = plainHost(read.candidate);
  if (host0 === null) return domainOfParse(normalizeWebsite(raw));
  const host = host0.replace(/\.$/, "");
  let verdict = hostVerdicts.get(host);
  if (verdict === undefined) {
    verdict = hostVerdict(host);
    if (hostVerdicts.size >= HOST_MEMO_LIMIT) hostVerdicts.clear();
    hostVerdicts.set(host, verdict);
  }
  if (verdict.bad || verdict.social) return null;
  // Where the URL's query or path decides (redirect links, site builders with the site in the path).
  if (verdict.redirect || verdict.builder?.path) return domainOfParse(normalizeWebsite(raw));
  if (verdict.socialDomain) return null;
  if (verdict.builder) return host.replace(/^www\./, "");
  return verdict.listing ? null : verdict.domain;
}

function domainOfParse(w: WebsiteParse): string | null {
  return w.kind === "website" ? w.domain : null;
}
