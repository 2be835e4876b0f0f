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
