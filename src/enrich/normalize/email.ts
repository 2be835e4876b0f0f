/**
 * Email hints: invisible format characters and `mailto:` stripped, syntax checked, domain
 * lower-cased and required to be public.
 */
import { parse as parseDomain } from "tldts";
import { stripFormatCharacters } from "./text.js";

const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;

export function normalizeEmail(raw: string): string | null {
  const s =
    stripFormatCharacters(raw, "all")
      .trim()
      .replace(/^mailto:/i, "")
      .split("?")[0] ?? "";
  if (s.length > 254) return null;
  const at = s.lastIndexOf("@");
  if (at <= 0 || at > 64) return null;
  const local = s.slice(0, at);
  const domain = s
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, "");
  if (!LOCAL.test(local)) return null;
  if (
    !/^[a-z0-9.-]+$/.test(domain) ||
    domain.split(".").some((l) => !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l))
  ) {
    return null;
  }
  const info = parseDomain(domain);
  if (info.isIp || !info.domain || !info.isIcann) return null;
  return `${local}@${domain}`;
}
