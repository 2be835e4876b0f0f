/**
 * The facts of a verified site → evidence for the resolvers, source "web". Each piece's note cites
 * the page URL and where on it the value was stated ("json-ld Restaurant.telephone", "text '…'"),
 * and its detail keeps `url`, `origin` and `where`.
 *
 * Strength: a site verified on two things (or on its phone) is first-party evidence at "moderate"
 * (MEDIUM; agreement with an independent source raises it to HIGH, confidence.ts); verified on its
 * name alone, "weak" (LOW). Only verified sites give facts: an unverified page may be anyone's.
 */
import type { AttributeKey } from "../../domain/attributes.js";
import { buildAddress } from "../../enrich/normalize/address.js";
import type { SocialPlatform } from "../../enrich/normalize/social.js";
import { wants } from "../../enrich/sources/wanted.js";
import type { Evidence, EvidenceStrength } from "../../enrich/types.js";
import type { Fact, PageFacts } from "../extract/page-facts.js";

export const WEB_SOURCE = "web";

export interface SitePage {
  url: string;
  facts: PageFacts;
  /** The page's HTML, kept for the language model's reading (model-reading.ts) when one is set. */
  html?: string;
}

function bestSocial(facts: PageFacts, platform: SocialPlatform) {
  const list = facts.socials.filter((s) => s.platform === platform);
  return list.find((s) => s.origin !== "link") ?? [...list].sort((a, b) => b.count - a.count)[0] ?? null;
}

function pageAddressText(a: Record<string, string | undefined>): string | null {
  if (a.full_address) return a.full_address;
  const region = [a.state, a.postalCode].filter(Boolean).join(" ");
  const s = [a.street, a.city, region].filter(Boolean).join(", ");
  return s.length > 0 ? s : null;
}

/** Evidence from the pages of one verified site (home page first, then the hop's page). */
export function pageEvidence(
  pages: readonly SitePage[],
  attributes: readonly AttributeKey[],
  strength: EvidenceStrength,
  country: string | null,
): Evidence[] {
  const out: Evidence[] = [];
  const push = (
    field: string,
    value: unknown,
    url: string,
    fact: Pick<Fact<unknown>, "origin" | "where">,
  ) => {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return;
    out.push({
      field,
      value,
      source: WEB_SOURCE,
      strength,
      note: `website ${url} (${fact.where})`,
      detail: { url, origin: fact.origin, where: fact.where },
    });
  };
  // Per field, the first page that states it: the home page's own word before the hop's.
  const first = <T>(pick: (f: PageFacts) => T | null | undefined): { value: T; url: string } | null => {
    for (const p of pages) {
      const v = pick(p.facts);
      if (v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
        return { value: v, url: p.url };
    }
    return null;
  };

  if (wants(attributes, "phoneNumbers")) {
    const seen = new Set<string>();
    for (const p of pages)
      for (const ph of p.facts.phones) {
        if (seen.has(ph.value)) continue;
        seen.add(ph.value);
        push("phone", ph.value, p.url, ph);
      }
  }
  if (wants(attributes, "email_address")) {
    const e = first((f) => f.emails.find((x) => x.sameSite) ?? f.emails[0]);
    if (e) push("email", e.value.value, e.url, e.value);
  }
  if (wants(attributes, "socialHandles")) {
    for (const platform of ["instagram", "facebook", "tiktok"] as const) {
      const s = first((f) => bestSocial(f, platform));
      if (s) push(platform, s.value.value, s.url, s.value);
    }
  }
  if (wants(attributes, "openingHours")) {
    const h = first((f) => f.hours[0]);
    if (h) {
      const v = h.value.value;
      push("opening_hours", v.opening_hours, h.url, h.value);
      push("opening_hours_grouped_by_hours", v.opening_hours_grouped_by_hours, h.url, h.value);
      if (v.is_open_24h !== null) push("is_open_24h", v.is_open_24h, h.url, h.value);
    }
  }
  if (wants(attributes, "names")) {
    for (const [role, field] of [
      ["official", "official_name"],
      ["alternate", "alt_name"],
      ["brand", "brand_name"],
    ] as const) {
      const n = first((f) => f.names.find((x) => x.role === role));
      if (n) push(field, n.value.value, n.url, n.value);
    }
  }
  if (wants(attributes, "address")) {
    const a = first((f) => f.addresses[0]);
    const text = a ? pageAddressText(a.value.value as Record<string, string | undefined>) : null;
    if (a && text) {
      const parsed = buildAddress({
        fullAddress: text,
        parts: {},
        countryHint: a.value.value.country ?? country,
      });
      if (parsed) push("address", parsed.address, a.url, a.value);
    }
  }
  if (wants(attributes, "cuisine")) {
    const c = first((f) => (f.cuisines.length > 0 ? f.cuisines : null));
    if (c)
      push(
        "cuisines",
        c.value.map((x) => x.value),
        c.url,
        c.value[0]!,
      );
  }
  if (wants(attributes, "price_tier")) {
    const p = first((f) => f.priceTier[0]);
    if (p) {
      push("price_tier", p.value.value.tier, p.url, p.value);
      push("currency", p.value.value.currency, p.url, p.value);
    }
  }
  return out;
}
