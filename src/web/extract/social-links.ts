/**
 * Links to the business's Instagram, Facebook and TikTok accounts → handles, through the existing
 * social normalizer (src/enrich/normalize/social.ts: locale subdomains like de-de.facebook.com,
 * m.facebook.com, `/pages/Name/123`, `profile.php?id=`, share and feature paths refused).
 *
 * Refused here as well: links to a post rather than the account (`/p/…`, `/reel/…` have no
 * handle; `facebook.com/Name/posts/…`, `/photos/…`, `/videos/…`, `tiktok.com/@name/video/…`
 * point at content, maybe someone else's), the platform's own accounts, and share buttons whose
 * target is a parameter. The Facebook page plugin (`facebook.com/plugins/page.php?href=…`, an
 * iframe) names the page it shows: that page counts.
 */
import {
  handleFromSocialUrl,
  type SocialPlatform,
  socialPlatformOfHost,
} from "../../enrich/normalize/social.js";
import type { PageDocument } from "./document.js";
import type { SocialFact } from "./page-facts.js";
import { pageIndex } from "./page-index.js";

const CONTENT_PATHS: Readonly<Record<SocialPlatform, RegExp>> = {
  facebook: /^\/[^/]+\/(?:posts|photos|videos|reviews|events|permalink|story|reels|live)(?:\/|$)/i,
  instagram: /^\/[^/]+\/(?:p|reel|tv)\//i,
  tiktok: /^\/@[^/]+\/(?:video|photo|live)(?:\/|$)/i,
};

const SOCIAL_HOST = /facebook\.|fb\.com|fb\.me|instagram\.|instagr\.am|tiktok\./i;

const PLATFORM_ACCOUNTS = new Set(["facebook", "instagram", "tiktok", "meta", "creators", "business"]);

/** The handle a profile link names, or null when it is not one account's profile. */
export function profileHandle(href: string): { platform: SocialPlatform; handle: string } | null {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const platform = socialPlatformOfHost(url.hostname);
  if (!platform) return null;
  if (platform === "facebook" && /^\/plugins\/(?:page|like|likebox)\.php$/i.test(url.pathname)) {
    const target = url.searchParams.get("href");
    return target && !/plugins/i.test(target) ? profileHandle(target) : null;
  }
  if (CONTENT_PATHS[platform].test(url.pathname)) return null;
  const handle = handleFromSocialUrl(platform, url);
  if (!handle || PLATFORM_ACCOUNTS.has(handle.toLowerCase())) return null;
  return { platform, handle };
}

/** Profile links (anchors and page-plugin iframes), one fact per handle with its link count. */
export function socialLinks($: PageDocument): SocialFact[] {
  const byKey = new Map<string, SocialFact>();
  const index = pageIndex($);
  const candidates = [
    ...index.anchors,
    ...index.iframes.filter((f) => /facebook\.com\/plugins/i.test(f.attribs.src ?? "")),
  ];
  for (const el of candidates) {
    const href = el.attribs.href ?? el.attribs.src ?? "";
    if (!SOCIAL_HOST.test(href)) continue;
    const found = profileHandle(href.startsWith("//") ? `https:${href}` : href);
    if (!found) continue;
    const key = `${found.platform}:${found.handle.toLowerCase()}`;
    const known = byKey.get(key);
    if (known) {
      known.count++;
      continue;
    }
    byKey.set(key, {
      value: found.handle,
      platform: found.platform,
      url: href,
      count: 1,
      origin: "link",
      where: `${el.name === "iframe" ? "page plugin" : "link"} ${href.length > 60 ? `${href.slice(0, 59)}…` : href}`,
    });
  }
  return [...byKey.values()];
}
