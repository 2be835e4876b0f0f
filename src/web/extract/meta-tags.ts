/**
 * The document's `<title>` and `<meta>` tags: OpenGraph (og:site_name, og:title, og:url), the
 * Open Graph business and place extensions (business:contact_data:*, place:location:*), and
 * application-name. Values only; normalizing is the entry point's job.
 */
import type { PageDocument } from "./document.js";
import { elementText, pageIndex } from "./page-index.js";

export interface MetaTags {
  title: string | null;
  siteName: string | null;
  ogTitle: string | null;
  ogUrl: string | null;
  description: string | null;
  /** business:contact_data:* without the prefix (street_address, locality, phone_number, …). */
  contact: Record<string, string>;
  latitude: string | null;
  longitude: string | null;
}

/** Reads the tags once; the first of a repeated tag wins. */
export function readMetaTags($: PageDocument): MetaTags {
  const meta = new Map<string, string>();
  const index = pageIndex($);
  for (const el of index.metas) {
    const a = el.attribs;
    const key = (a.property ?? a.name ?? a.itemprop ?? "").trim().toLowerCase();
    const content = a.content?.replace(/\s+/g, " ").trim();
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  const contact: Record<string, string> = {};
  for (const [k, v] of meta) {
    if (k.startsWith("business:contact_data:")) contact[k.slice("business:contact_data:".length)] = v;
  }
  const title = index.title ? elementText(index.title).replace(/\s+/g, " ").trim() : "";
  return {
    title: title || null,
    siteName: meta.get("og:site_name") ?? meta.get("application-name") ?? null,
    ogTitle: meta.get("og:title") ?? null,
    ogUrl: meta.get("og:url") ?? null,
    description: meta.get("og:description") ?? meta.get("description") ?? null,
    contact,
    latitude: meta.get("place:location:latitude") ?? meta.get("og:latitude") ?? null,
    longitude: meta.get("place:location:longitude") ?? meta.get("og:longitude") ?? null,
  };
}

// biome-ignore format: compact lookup table
const GENERIC = new Set([
  "home", "homepage", "home page", "startseite", "start", "accueil", "inicio", "página principal", "pagina principale",
  "welcome", "willkommen", "bienvenue", "bienvenido", "bienvenidos", "benvenuti", "welkom", "bem-vindo",
  "official site", "official website", "offizielle website", "site officiel", "sitio oficial", "contact",
  "contact us", "kontakt", "contacto", "contatti", "about", "about us", "über uns", "à propos", "sobre nosotros",
  "chi siamo", "over ons", "impressum", "menu", "speisekarte", "carte", "hours", "öffnungszeiten", "horaires",
  "index", "untitled", "default", "catalogue", "catalog", "katalog", "shop", "online shop", "onlineshop", "products",
  "produkte", "blog", "news", "aktuelles", "actualités", "noticias", "gallery", "galerie", "events", "termine",
  "team", "services", "leistungen", "prices", "preise", "tarifs", "precios", "faq", "jobs", "karriere", "careers",
]);

/**
 * The name a title gives: its parts split on " | ", " - ", " – ", " · ", " :: ", "｜" (full-width, Japanese titles), generic parts
 * ("Home", "Startseite", "Contact") dropped, the first remaining part of at most 60 characters.
 * "Home | Bäckerei Korn" → "Bäckerei Korn"; "Trattoria Sole – Pizza & Pasta" → "Trattoria Sole".
 */
export function nameFromTitle(title: string): string | null {
  for (const part of title.split(/\s+[|–—·•:-]{1,2}\s+|\s*[|·•｜]\s*/)) {
    const p = part.trim();
    if (!p || p.length > 60 || GENERIC.has(p.toLowerCase())) continue;
    return p;
  }
  return null;
}
