/**
 * PageFacts reduced to one value per output, in the shape of the fixtures' expected files
 * (test/fixtures/web/*.expected.json): what a later `npm run eval:web` scores per attribute.
 * The choice of one value mirrors what the evidence layer is expected to do: structured data
 * before links before text; for a social platform the structured profile, else the most linked.
 */
import type { SocialPlatform } from "../../enrich/normalize/social.js";
import type { LinkKind, PageAddress, PageFacts } from "./page-facts.js";

export interface FactsSummary {
  names: string[];
  phones: string[];
  other_phones: string[];
  emails: string[];
  instagram: string | null;
  facebook: string | null;
  tiktok: string | null;
  address: PageAddress | null;
  coordinates: [number, number] | null;
  opening_hours: Record<string, string> | null;
  is_open_24h: boolean | null;
  cuisines: string[];
  price_tier: number | null;
  closure: "permanent" | "temporary" | null;
  parked: boolean;
  for_sale: boolean;
  json_ld_types: string[];
  follow_up: Partial<Record<LinkKind, string>>;
}

function social(facts: PageFacts, platform: SocialPlatform): string | null {
  const list = facts.socials.filter((s) => s.platform === platform);
  const structured = list.find((s) => s.origin !== "link");
  if (structured) return structured.value;
  return [...list].sort((a, b) => b.count - a.count)[0]?.value ?? null;
}

export function summarizePageFacts(facts: PageFacts): FactsSummary {
  const hours = facts.hours[0]?.value ?? null;
  const geo = facts.geo[0]?.value ?? null;
  const follow: Partial<Record<LinkKind, string>> = {};
  for (const l of facts.links) follow[l.kind] ??= l.url;
  return {
    names: facts.names.map((n) => n.value),
    phones: facts.phones.map((p) => p.value),
    other_phones: facts.otherPhones.map((p) => p.value),
    emails: facts.emails.map((e) => e.value),
    instagram: social(facts, "instagram"),
    facebook: social(facts, "facebook"),
    tiktok: social(facts, "tiktok"),
    address: facts.addresses[0]?.value ?? null,
    coordinates: geo ? [geo.latitude, geo.longitude] : null,
    opening_hours: hours?.opening_hours ?? null,
    is_open_24h: hours?.is_open_24h ?? null,
    cuisines: facts.cuisines.map((c) => c.value),
    price_tier: facts.priceTier[0]?.value.tier ?? null,
    closure: facts.closure?.kind ?? null,
    parked: facts.parked?.parked ?? false,
    for_sale: facts.parked?.forSale ?? false,
    json_ld_types: facts.jsonLdTypes,
    follow_up: follow,
  };
}
