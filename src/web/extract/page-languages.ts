/**
 * The languages whose hours abbreviations a page may use: its `<html lang>`, the main language of
 * the place's country, and English (written on pages in every language).
 */
import type { PageDocument } from "./document.js";
import { HOURS_LANGUAGES, type HoursLanguage } from "./hours-words.js";
import { pageIndex } from "./page-index.js";

// biome-ignore format: compact lookup table
const COUNTRY_LANGUAGE: Readonly<Record<string, HoursLanguage>> = {
  DE: "de", AT: "de", CH: "de", LI: "de", LU: "fr", FR: "fr", BE: "fr", MC: "fr", ES: "es", MX: "es", AR: "es",
  CO: "es", CL: "es", PE: "es", VE: "es", EC: "es", UY: "es", PY: "es", BO: "es", CR: "es", PA: "es", DO: "es",
  GT: "es", HN: "es", SV: "es", NI: "es", CU: "es", PR: "es", IT: "it", SM: "it", NL: "nl", SR: "nl", PT: "pt",
  BR: "pt", AO: "pt", MZ: "pt",
};

export function pageLanguages($: PageDocument, country: string | null): HoursLanguage[] {
  const out: HoursLanguage[] = [];
  const lang = pageIndex($).lang.slice(0, 2);
  if ((HOURS_LANGUAGES as readonly string[]).includes(lang)) out.push(lang as HoursLanguage);
  const fromCountry = country ? COUNTRY_LANGUAGE[country.toUpperCase()] : undefined;
  if (fromCountry && !out.includes(fromCountry)) out.push(fromCountry);
  if (!out.includes("en")) out.push("en");
  return out;
}
