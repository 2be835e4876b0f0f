import { describe, expect, it } from "vitest";
import { preparePlace } from "../prepare.js";
import type { Evidence } from "../types.js";
import { websiteResolver } from "./website-resolver.js";

const place = preparePlace("p", { name: "Marigold Table", city: "Portland" });
const hint: Evidence = {
  field: "website",
  value: "https://marigold.example/",
  source: "inputs",
  strength: "moderate",
  note: "input website hint (marigold.example)",
};
const refuted: Evidence = {
  field: "website",
  value: null,
  source: "web",
  strength: "weak",
  note: "website https://marigold.example/ (input website hint) not verified: the site is a parked domain (sedo)",
  detail: { refutes: "https://marigold.example/", verification: "parked" },
};
const listing: Evidence = {
  field: "website",
  value: "https://marigoldtable.example/",
  source: "web",
  strength: "strong",
  note: "website https://marigoldtable.example/ verified: the site agrees with the place on name, phone",
  detail: { verification: "verified" },
};

describe("websiteResolver", () => {
  it("prefers the location's own page to a brand's home page at the same level, whatever their order", () => {
    const brand: Evidence = {
      field: "website",
      value: "https://www.truevalue.com/",
      source: "nsi",
      strength: "weak",
      note: "international site of brand True Value (Wikidata Q7847545), not location-specific",
    };
    const record: Evidence = {
      field: "website",
      value: "http://www.truevalueofconcord.com/",
      source: "reference:default",
      strength: "weak",
      note: "default record 08f44 (match 0.79, 74 m away); last refreshed 2019-11-15",
    };
    for (const evidence of [
      [brand, record],
      [record, brand],
    ]) {
      const r = websiteResolver.resolve(place, evidence);
      expect(r.outputs.website).toBe("http://www.truevalueofconcord.com/");
      expect(r.confidence.website).toBe("LOW");
    }
    // A brand's page at a higher level still wins.
    expect(websiteResolver.resolve(place, [{ ...brand, strength: "moderate" }, record]).outputs.website).toBe(
      "https://www.truevalue.com/",
    );
  });

  it("keeps an unchecked hint at MEDIUM, unverified", () => {
    const r = websiteResolver.resolve(place, [hint]);
    expect(r.confidence.website).toBe("MEDIUM");
    expect(r.reasoning.website).toContain("unverified");
  });

  it("reports a refuted hint LOW, saying why", () => {
    const r = websiteResolver.resolve(place, [hint, refuted]);
    expect(r.outputs.website).toBe("https://marigold.example/");
    expect(r.confidence.website).toBe("LOW");
    expect(r.reasoning.website).toContain("parked domain");
  });

  it("replaces a refuted hint with a verified candidate", () => {
    const r = websiteResolver.resolve(place, [hint, refuted, listing]);
    expect(r.outputs.website).toBe("https://marigoldtable.example/");
    expect(r.confidence.website).toBe("HIGH");
    expect(r.metadata.verification).toBe("verified");
  });

  it("keeps a hint the site could not be read for at its level, saying why it is unverified", () => {
    const blocked: Evidence = {
      field: "website",
      value: null,
      source: "web",
      strength: "weak",
      note: "website https://marigold.example/ (input website hint) not checked: the site could not be read: robots.txt disallows it",
      detail: { notChecked: "https://marigold.example/", verification: "robots_blocked" },
    };
    const r = websiteResolver.resolve(place, [hint, blocked]);
    expect(r.outputs.website).toBe("https://marigold.example/");
    expect(r.confidence.website).toBe("MEDIUM");
    expect(r.reasoning.website).toMatch(/unverified.*not checked: .*robots\.txt disallows it/);
  });
});
