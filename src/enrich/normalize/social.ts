/**
 * Social media accounts: handle extraction from profile URLs and validation of bare handles, for
 * the `socialHandles` fields (account name without `@` or URL; a Facebook page name or numeric id).
 */

import { lookupTable } from "../../lookup-table.js";
import { stripFormatCharacters } from "./text.js";

export type SocialPlatform = "instagram" | "facebook" | "tiktok";

export const SOCIAL_PLATFORMS: readonly SocialPlatform[] = ["instagram", "facebook", "tiktok"];

const HOSTS: Readonly<Record<string, SocialPlatform>> = lookupTable({
  "instagram.com": "instagram",
  "instagr.am": "instagram",
  "facebook.com": "facebook",
  "fb.com": "facebook",
  "fb.me": "facebook",
  "tiktok.com": "tiktok",
});

/** Paths that are features of the site, not accounts. */
// biome-ignore format: compact lookup table
const RESERVED: Readonly<Record<SocialPlatform, ReadonlySet<string>>> = {
  instagram: new Set(["p", "reel", "reels", "explore", "stories", "tv", "accounts", "direct", "about", "legal", "developer", "web", "s"]),
  facebook: new Set([
    "sharer", "sharer.php", "share", "share.php", "login", "login.php", "dialog", "plugins", "events", "watch",
    "hashtag", "photo.php", "photo", "photos", "story.php", "permalink.php", "home.php", "help", "policies",
    "marketplace", "gaming", "groups", "search", "business", "ads", "privacy", "l.php", "tr",
  ]),
  tiktok: new Set(["discover", "tag", "music", "video", "explore", "login", "foryou", "following", "live"]),
};

const HANDLE: Readonly<Record<SocialPlatform, RegExp>> = {
  instagram: /^(?!.*\.\.)(?!\.)[a-z0-9._]{1,30}(?<!\.)$/i,
  tiktok: /^[a-z0-9._]{2,24}$/i,
  facebook: /^(?:\d{5,20}|[a-z0-9][a-z0-9.-]{1,49})$/i,
};

/**
 * The platform a host belongs to, else null. Ignored prefixes: www./m./mobile./web./touch./
 * business. and short-link ones (vm./vt. of TikTok), and the locale subdomains platforms serve their profile pages
 * on (`de-de.facebook.com`, `es-la.facebook.com`, `fr.facebook.com`, `pt-br.facebook.com`:
 * language, optionally `-`/`_` and region).
 */
export function socialPlatformOfHost(host: string): SocialPlatform | null {
  const h = host
    .toLowerCase()
    .replace(/^(?:[a-z]{2}(?:[-_][a-z]{2})?\.)?(?:www|m|mobile|web|business|touch|vm|vt)\./, "")
    .replace(/^[a-z]{2}(?:[-_][a-z]{2})?\.(?=[a-z]+\.[a-z]+$)/, "");
  return HOSTS[h] ?? null;
}

/** The platform whose registrable domain this is (any subdomain: l.facebook.com, developers.…). */
export function socialPlatformOfDomain(domain: string): SocialPlatform | null {
  return HOSTS[domain.toLowerCase()] ?? null;
}

/** A bare handle as the platform writes it: `@` stripped, lower case except Facebook names. */
export function normalizeHandle(platform: SocialPlatform, raw: string): string | null {
  const h = raw.trim().replace(/^@/, "").replace(/\/+$/, "");
  if (!HANDLE[platform].test(h) || RESERVED[platform].has(h.toLowerCase())) return null;
  return platform === "facebook" ? h : h.toLowerCase();
}

/** The account a profile URL points at; null for posts, share links, groups and the like. */
export function handleFromSocialUrl(platform: SocialPlatform, url: URL): string | null {
  const segs = url.pathname
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponentSafe(s));
  if (platform === "facebook") {
    const first = segs[0]?.toLowerCase();
    if (first === "profile.php") return normalizeHandle(platform, url.searchParams.get("id") ?? "");
    if (first === "pages" || first === "people") {
      // /pages/Some-Name/123456789 or /pages/category/Some-Name/123456789: the numeric id.
      const id = [...segs].reverse().find((s) => /^\d{5,20}$/.test(s));
      return id ? id : null;
    }
    if (first === "pg") return segs[1] ? normalizeHandle(platform, segs[1]) : null;
  }
  if (platform === "tiktok") {
    const first = segs[0];
    return first?.startsWith("@") ? normalizeHandle(platform, first.slice(1)) : null;
  }
  return segs[0] ? normalizeHandle(platform, segs[0]) : null;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * A social hint from an extra input key (`instagram: "@joespizza"` or a profile URL) → handle.
 */
export function parseSocialHint(platform: SocialPlatform, raw: string): string | null {
  const s = stripFormatCharacters(raw, "all").trim();
  if (/^(https?:)?\/\//i.test(s) || /^(www\.)?[a-z0-9.-]+\.(com|am|me)\//i.test(s)) {
    try {
      const url = new URL(/^https?:/i.test(s) ? s : `https://${s.replace(/^\/\//, "")}`);
      if (socialPlatformOfHost(url.hostname) !== platform) return null;
      return handleFromSocialUrl(platform, url);
    } catch {
      return null;
    }
  }
  return normalizeHandle(platform, s);
}
