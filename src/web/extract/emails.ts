/**
 * Email addresses: `mailto:` links, Cloudflare's email protection (`data-cfemail` and
 * `/cdn-cgi/l/email-protection#…` links: hex, the first byte XOR-ing the rest), and the visible
 * text, where the obfuscated spellings are read back: `name [at] domain [dot] de`, `(at)`,
 * `{at}`, `(arroba)`, `(ät)`, `[punkt]`, `(point)`, `name at domain dot com`, the full-width `＠`
 * (HTML entities are already decoded by the parser).
 *
 * Rejected: file names that look like addresses (`logo@2x.png`: the "TLD" is a file extension),
 * template and platform placeholders (you@example.com, name@domain.com, Wix's and Sentry's
 * internal addresses), and anything the existing email normalizer refuses (no public suffix).
 */
import { getDomain } from "tldts";
import { normalizeEmail } from "../../enrich/normalize/email.js";
import type { PageDocument } from "./document.js";
import type { EmailFact, FactOrigin } from "./page-facts.js";
import { pageIndex } from "./page-index.js";

const EMAIL =
  /[a-z0-9][a-z0-9._%+-]{0,63}@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/gi;
const OPEN = String.raw`\s*[\[({<]\s*`;
const CLOSE = String.raw`\s*[\])}>]\s*`;
const AT = new RegExp(`${OPEN}(?:at|@|arroba|ät|chez|klammeraffe|at-sign)${CLOSE}`, "gi");
const DOT = new RegExp(`${OPEN}(?:dot|punkt|point|punto|ponto|pt|\\.)${CLOSE}`, "gi");
const BARE = /\b([a-z0-9._%+-]+)\s+(?:at|@)\s+([a-z0-9-]+(?:\s+(?:dot|punkt|point|punto)\s+[a-z0-9-]+)+)\b/gi;

const FILE_EXTENSIONS =
  /\.(?:png|jpe?g|gif|webp|avif|svg|ico|bmp|tiff?|css|js|mjs|json|php|html?|pdf|mp4|woff2?)$/i;

// biome-ignore format: compact lookup table
const PLACEHOLDER_DOMAINS = new Set([
  "example.com", "example.org", "example.net", "example.de", "domain.com", "domain.de", "yourdomain.com",
  "your-domain.com", "mydomain.com", "yoursite.com", "mysite.com", "website.com", "company.com", "email.com",
  "sentry.io", "wixpress.com", "sentry.wixpress.com", "sentry-next.wixpress.com", "test.com", "beispiel.de",
  "musterfirma.de", "exemple.fr", "exemple.com", "ejemplo.com", "esempio.it", "voorbeeld.nl",
]);
// biome-ignore format: compact lookup table
const PLACEHOLDER_LOCALS = new Set([
  "yourname", "your.name", "your-name", "youremail", "your.email", "your-email", "your_email", "john.doe",
  "jane.doe", "johndoe", "janedoe", "max.mustermann", "maxmustermann", "vorname.nachname", "prenom.nom",
  "nombre", "name", "you", "user", "username",
]);

function isPlaceholder(email: string): boolean {
  const at = email.lastIndexOf("@");
  const local = email.slice(0, at).toLowerCase();
  const domain = email.slice(at + 1).toLowerCase();
  if (FILE_EXTENSIONS.test(domain) || /@\d+x\./i.test(email)) return true;
  if (PLACEHOLDER_DOMAINS.has(domain) || PLACEHOLDER_DOMAINS.has(getDomain(domain) ?? "")) return true;
  return PLACEHOLDER_LOCALS.has(local);
}

/** Cloudflare's obfuscation: hex pairs, the first is the key XOR-ed into every other. */
export function decodeCfEmail(hex: string): string | null {
  if (!/^[0-9a-f]{4,}$/i.test(hex) || hex.length % 2 !== 0) return null;
  const key = Number.parseInt(hex.slice(0, 2), 16);
  const bytes = new Uint8Array(hex.length / 2 - 1);
  for (let i = 2; i < hex.length; i += 2) bytes[i / 2 - 1] = Number.parseInt(hex.slice(i, i + 2), 16) ^ key;
  return new TextDecoder().decode(bytes);
}

/** "info [at] baeckerei-korn [dot] de" → "info@baeckerei-korn.de" (text unchanged when not obfuscated). */
export function deobfuscate(text: string): string {
  return text
    .replace(/\uff20/g, "@")
    .replace(AT, "@")
    .replace(DOT, ".")
    .replace(
      BARE,
      (_m, local: string, rest: string) =>
        `${local}@${rest.replace(/\s+(?:dot|punkt|point|punto)\s+/gi, ".")}`,
    );
}

export class EmailCollector {
  readonly found: EmailFact[] = [];
  private readonly seen = new Set<string>();
  private readonly pageDomain: string | null;

  constructor(pageUrl: string | null) {
    let host: string | null = null;
    try {
      host = pageUrl ? new URL(pageUrl).hostname : null;
    } catch {
      host = null;
    }
    this.pageDomain = host ? getDomain(host) : null;
  }

  add(raw: string, origin: FactOrigin, where: string, deobfuscated: boolean): void {
    const email = normalizeEmail(raw.replace(/^mailto:/i, "").trim());
    if (!email || isPlaceholder(email)) return;
    const key = email.toLowerCase();
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const domain = getDomain(email.slice(email.lastIndexOf("@") + 1));
    this.found.push({
      value: email,
      origin,
      where,
      sameSite: this.pageDomain !== null && domain === this.pageDomain,
      deobfuscated,
    });
  }
}

/** mailto: links and Cloudflare-protected addresses. */
export function linkEmails($: PageDocument, into: EmailCollector): void {
  const index = pageIndex($);
  for (const el of index.anchors) {
    const href = (el.attribs.href ?? "").trim();
    if (!/^mailto:/i.test(href)) continue;
    let raw = href.slice(7).split("?")[0] ?? "";
    try {
      raw = decodeURIComponent(raw);
    } catch {
      // kept as written
    }
    for (const part of raw.split(/[,;]/)) into.add(part, "link", "mailto: link", false);
  }
  const protectedLinks = index.anchors.filter((a) =>
    (a.attribs.href ?? "").includes("/cdn-cgi/l/email-protection#"),
  );
  for (const el of [...index.cfEmails, ...protectedLinks]) {
    const hex = el.attribs["data-cfemail"] ?? (el.attribs.href ?? "").split("#")[1] ?? "";
    const email = decodeCfEmail(hex);
    if (email) into.add(email.replace(/^mailto:/i, ""), "link", "Cloudflare-protected address", true);
  }
}

/** Addresses written in the text lines, obfuscated or not. */
export function textEmails(lines: readonly string[], into: EmailCollector): void {
  for (const line of lines) {
    if (!/@|\uff20|\bat\b|arroba|\bät\b|chez|klammeraffe/i.test(line)) continue;
    const plain = line.replace(/\uff20/g, "@");
    const read = deobfuscate(line);
    for (const m of read.matchAll(EMAIL)) {
      into.add(m[0], "text", `text '${m[0]}'`, !plain.includes(m[0]));
    }
  }
}
