/**
 * websites → website.
 * Condition: none (a website can be found from the name and location alone by later sources).
 * Values: the input hint normalized (MEDIUM, unverified); a brand's home page from NSI/Wikidata is
 * weak evidence (LOW) used only when nothing better exists — API.md prefers the location's own page.
 * metadata.domain: the registrable domain (tldts) of the input website.
 */
import { defineResolver } from "./define-resolver.js";
import { pickBest } from "./fusion.js";

export const websiteResolver = defineResolver({
  attribute: "websites",
  resolveFields: (_place, evidence) => ({ website: pickBest(evidence, "website") }),
  metadata: (_place, evidence) => {
    const domain = evidence.find((e) => e.field === "website" && e.value !== null && e.detail?.domain)?.detail
      ?.domain;
    return domain ? { domain } : {};
  },
});
