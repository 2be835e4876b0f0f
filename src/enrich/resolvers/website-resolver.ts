/**
 * websites → website.
 * Condition: none (a website can be found from the name and location alone by later sources).
 * Values: the input hint normalized (MEDIUM, unverified); a brand's home page from NSI/Wikidata is
 * weak evidence (LOW) used only when nothing better exists — API.md prefers the location's own page.
 * The website source verifies candidates (src/web/evidence/site-verification.ts): a verified site is
 * its own evidence; a candidate it fetched and could not verify (parked, another business, dead,
 * nothing agreeing) is refuted (`detail.refutes`, value null) and falls to LOW, with the reason
 * appended, so a verified candidate from another source wins.
 * metadata.domain: the registrable domain (tldts) of the input website; metadata.discovery: the web
 * search's queries and candidates when the website was searched for (src/web/discovery/).
 */
import { BRAND_SOURCE } from "../sources/brand-source.js";
import type { Evidence } from "../types.js";
import { defineResolver } from "./define-resolver.js";
import { type FieldOutcome, forField, groupByValue, reasoningLine, rejections, usable } from "./fusion.js";

const RANK = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3, VERY_HIGH: 4 } as const;

function pickWebsite(evidence: readonly Evidence[]): FieldOutcome {
  const own = forField(evidence, "website");
  const refuted = new Map<string, string>();
  // A candidate the website source could not read (robots.txt, a refused address, a timeout, too
  // large): not evidence against it, but the reasoning says why it is still unverified.
  const notChecked = new Map<string, string>();
  for (const e of own) {
    if (usable(e)) continue;
    if (typeof e.detail?.refutes === "string") refuted.set(e.detail.refutes, e.note);
    else if (typeof e.detail?.notChecked === "string") notChecked.set(e.detail.notChecked, e.note);
  }
  const groups = groupByValue(own).map((g) => {
    const why = refuted.get(g.value as string);
    const checked = g.support.some((e) => e.source === "web");
    if (checked) return { ...g, why: null };
    if (why === undefined) return { ...g, why: notChecked.get(g.value as string) ?? null };
    return { ...g, confidence: RANK[g.confidence] > RANK.LOW ? ("LOW" as const) : g.confidence, why };
  });
  // At one level the location's own page beats a brand's home page (BRAND_SOURCE: never location-specific) (new-user trial: a matched
  // record's "truevalueofconcord.com", LOW as the record is old, lost to "truevalue.com", LOW).
  const brandOnly = (g: { support: readonly Evidence[] }) =>
    g.support.every((e) => e.source === BRAND_SOURCE);
  groups.sort(
    (a, b) => RANK[b.confidence] - RANK[a.confidence] || Number(brandOnly(a)) - Number(brandOnly(b)),
  );
  const best = groups[0];
  if (!best) {
    const why = rejections(own);
    return { value: null, confidence: "NONE", reasoning: why.length > 0 ? why.join("; ") : null };
  }
  const line = reasoningLine(String(best.value), best.support);
  return {
    value: best.value,
    confidence: best.confidence,
    reasoning: best.why ? `${line}; ${best.why}` : line,
  };
}

export const websiteResolver = defineResolver({
  attribute: "websites",
  resolveFields: (_place, evidence) => ({ website: pickWebsite(evidence) }),
  metadata: (_place, evidence) => {
    const domain = evidence.find((e) => e.field === "website" && e.value !== null && e.detail?.domain)?.detail
      ?.domain;
    // The website source's verdict on the URL reported (verified, or why it was refuted).
    const chosen = pickWebsite(evidence).value;
    const verification = evidence.find(
      (e) =>
        e.field === "website" && e.source === "web" && (e.value === chosen || e.detail?.refutes === chosen),
    )?.detail?.verification;
    // Website discovery's queries and candidates (src/web/discovery/), or why it did not search.
    const discovery = evidence.find((e) => e.field === "website" && e.detail?.discovery)?.detail?.discovery;
    return {
      ...(domain ? { domain } : {}),
      ...(verification ? { verification } : {}),
      ...(discovery ? { discovery } : {}),
    };
  },
});
