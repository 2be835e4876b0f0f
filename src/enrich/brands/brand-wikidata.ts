/**
 * Brand web presence from NSI's Wikidata extract (dist/wikidata/wikidata.min.json): official
 * websites → the chain's registrable domains and its home page; and the brand's Wikidata
 * description ("American supermarket chain"), which says what kind of outlet the brand mainly is
 * (brands/main-entry.ts). Loaded once, lazily, only when a brand's domains, website or
 * description are asked for.
 */
import { getDomain } from "tldts";
import { readNsiJson } from "./nsi-package.js";

interface WikidataBrand {
  description?: string;
  identities?: Record<string, string>;
  officialWebsites?: string[];
}

export interface BrandWeb {
  /** The brand's main site (Wikidata "official website"), or null. */
  website: string | null;
  /** Every official website, as listed (one per country for multi-country brands). */
  sites: string[];
  /** Registrable domains of its official websites, most used first. */
  domains: string[];
}

let data: Map<string, BrandWeb> | null = null;
let descriptions: Map<string, string> | null = null;
let loadMs = 0;

export function loadBrandWikidata(): number {
  if (data) return loadMs;
  const start = performance.now();
  const raw = readNsiJson<{ wikidata: Record<string, WikidataBrand> }>("wikidata/wikidata.min.json").wikidata;
  data = new Map();
  descriptions = new Map();
  for (const [qid, w] of Object.entries(raw)) {
    if (w.description) descriptions.set(qid, w.description);
    const sites = [w.identities?.website, ...(w.officialWebsites ?? [])].filter((s): s is string =>
      Boolean(s),
    );
    if (sites.length === 0) continue;
    const domains: string[] = [];
    for (const s of sites) {
      const d = getDomain(s);
      if (d && !domains.includes(d)) domains.push(d);
    }
    data.set(qid, { website: sites[0] ?? null, sites: [...new Set(sites)], domains });
  }
  loadMs = performance.now() - start;
  return loadMs;
}

export function brandWeb(qid: string | null): BrandWeb | null {
  if (!qid) return null;
  loadBrandWikidata();
  return data!.get(qid) ?? null;
}

/** The brand's Wikidata description in English ("multinational fuel station chain"), or null. */
export function brandDescription(qid: string | null): string | null {
  if (!qid) return null;
  loadBrandWikidata();
  return descriptions!.get(qid) ?? null;
}
