/**
 * Same-site links worth one more fetch when the home page lacks something: contact, imprint
 * (German-speaking sites must publish address, phone and email there: §5 DDG), hours, location,
 * about. Scored by the anchor text (or title/aria-label) and the path, in en/de/fr/es/it/nl/pt;
 * both naming the kind scores highest.
 */
import { getDomain } from "tldts";
import type { PageDocument } from "./document.js";
import type { CandidateLink, LinkKind } from "./page-facts.js";
import { elementText, pageIndex } from "./page-index.js";

const KINDS: ReadonlyArray<readonly [LinkKind, RegExp, RegExp]> = [
  [
    "contact",
    /contact|kontakt|contacto|contatti|contato|contactez|get in touch|reach us|write to us|nous joindre|cont[aá]ctanos/i,
    /contact|kontakt|contacto|contatti|contato|contactez/i,
  ],
  [
    "imprint",
    /impressum|imprint|legal notice|mentions l[ée]gales|aviso legal|colofon/i,
    /impressum|imprint|mentions-legales|aviso-legal|colofon/i,
  ],
  [
    "hours",
    /hours|opening times|öffnungszeiten|horaires|horario|orari|openingstijden|hor[aá]rio/i,
    /hours|oeffnungszeiten|offnungszeiten|öffnungszeiten|horaires|horario|orari|openingstijden/i,
  ],
  [
    "location",
    /find us|location|directions|anfahrt|standort|filiale|wegbeschreibung|so finden sie uns|acc[eè]s|plan d'acc[eè]s|nous trouver|c[oó]mo llegar|ubicaci[oó]n|dove siamo|come raggiungerci|route|locatie|localiza[cç][aã]o|store locator|our stores|unsere filialen/i,
    /location|directions|anfahrt|standort|filiale|find-us|acces|ubicacion|dove-siamo|route|locatie|store-locator|stores/i,
  ],
  [
    "about",
    /about|über uns|ueber uns|wir über uns|à propos|qui sommes-nous|sobre nosotros|qui[eé]nes somos|chi siamo|over ons|sobre n[oó]s/i,
    /about|ueber-uns|uber-uns|a-propos|sobre-nosotros|quienes-somos|chi-siamo|over-ons|sobre/i,
  ],
];

const MAX_LINKS = 500;

/** Candidate links of the page, best first within each kind, one per URL. */
export function followUpLinks($: PageDocument, pageUrl: string | null): CandidateLink[] {
  if (!pageUrl) return [];
  let base: URL;
  try {
    base = new URL(pageUrl);
  } catch {
    return [];
  }
  const site = getDomain(base.hostname) ?? base.hostname;
  const byUrl = new Map<string, CandidateLink>();
  for (const el of pageIndex($).anchors.slice(0, MAX_LINKS)) {
    const href = (el.attribs.href ?? "").trim();
    if (!href || /^(?:mailto|tel|javascript|data|#)/i.test(href)) continue;
    let url: URL;
    try {
      url = new URL(href, base);
    } catch {
      continue;
    }
    if (!/^https?:$/.test(url.protocol) || (getDomain(url.hostname) ?? url.hostname) !== site) continue;
    if (/\.(?:pdf|jpe?g|png|gif|webp|zip|docx?|xlsx?)$/i.test(url.pathname)) continue;
    url.hash = "";
    const target = url.toString();
    if (target === base.toString()) continue;
    const text = (elementText(el) || el.attribs.title || el.attribs["aria-label"] || "")
      .replace(/\s+/g, " ")
      .trim();
    if (text.length > 60) continue;
    let path = url.pathname;
    try {
      path = decodeURIComponent(path);
    } catch {
      // kept encoded
    }
    for (const [kind, textRe, pathRe] of KINDS) {
      const score = (textRe.test(text) ? 2 : 0) + (pathRe.test(path.toLowerCase()) ? 1 : 0);
      if (score === 0) continue;
      const known = byUrl.get(target);
      if (!known || known.score < score) byUrl.set(target, { url: target, kind, text, score });
      break;
    }
  }
  return [...byUrl.values()].sort((a, b) => b.score - a.score);
}

/** What the caller still lacks after the home page. */
export type Wanted = "phone" | "email" | "address" | "hours" | "socials";

const KIND_ORDER: Readonly<Record<Wanted, readonly LinkKind[]>> = {
  phone: ["contact", "imprint", "location", "about"],
  email: ["contact", "imprint", "about"],
  address: ["contact", "location", "imprint", "about"],
  hours: ["hours", "location", "contact", "about"],
  socials: ["contact", "about"],
};

/**
 * The one link to fetch next for what is missing: the kind that serves most of the wanted
 * facts (ties: the first wanted's preferred kind), its best-scored link; null when nothing fits.
 */
export function chooseFollowUpLink(
  links: readonly CandidateLink[],
  wanted: readonly Wanted[],
): CandidateLink | null {
  if (wanted.length === 0 || links.length === 0) return null;
  let best: CandidateLink | null = null;
  let bestScore = -1;
  for (const link of links) {
    let score = 0;
    for (const w of wanted) {
      const rank = KIND_ORDER[w].indexOf(link.kind);
      if (rank >= 0) score += 10 - rank * 2;
    }
    score = score * 4 + link.score;
    if (score > bestScore) {
      bestScore = score;
      best = link;
    }
  }
  return bestScore > 3 ? best : null;
}
