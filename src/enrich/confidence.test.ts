import { describe, expect, it } from "vitest";
import { ATTRIBUTE_KEYS } from "../domain/attributes.js";
import { evidenceConfidence, fuseConfidence, inputProvenance } from "./confidence.js";
import { createPlaceEnricher } from "./enricher.js";
import type { Evidence } from "./types.js";

const ev = (over: Partial<Evidence>): Evidence => ({
  field: "phone",
  value: "+12127365000",
  source: "inputs",
  strength: "moderate",
  note: "x",
  ...over,
});

describe("confidence policy", () => {
  it("caps input-derived evidence at MEDIUM, the name at HIGH", () => {
    expect(evidenceConfidence(ev({ strength: "verified" }))).toBe("MEDIUM");
    expect(evidenceConfidence(ev({ source: "nsi", strength: "strong" }))).toBe("MEDIUM");
    expect(evidenceConfidence(ev({ field: "name", strength: "verified" }))).toBe("HIGH");
    expect(evidenceConfidence(ev({ source: "overture", strength: "strong" }))).toBe("HIGH");
    expect(evidenceConfidence(ev({ value: null }))).toBe("NONE");
  });

  it("raises agreement of independent sources one level, not input-derived ones", () => {
    expect(fuseConfidence([ev({ source: "a" }), ev({ source: "b" })])).toBe("HIGH");
    expect(fuseConfidence([ev({ source: "inputs" }), ev({ source: "nsi" })])).toBe("MEDIUM");
    expect(
      fuseConfidence([ev({ source: "a", strength: "strong" }), ev({ source: "b", strength: "strong" })]),
    ).toBe("HIGH");
  });

  it("never reports an inputs-only value above MEDIUM except the name", async () => {
    const enricher = createPlaceEnricher();
    const place = enricher.prepare("p", {
      name: "Starbucks",
      full_address: "1585 Broadway, New York, NY 10036",
      latitude: 40.7599,
      longitude: -73.9848,
      phone: "+1 212-736-5000",
      website: "https://www.starbucks.com/",
      category: "coffee shop",
      opening_hours: "24/7",
      instagram: "starbucks",
      email: "info@starbucks.com",
      price_tier: "$$",
      cuisine: "coffee_shop",
    });
    const results = await enricher.enrich(place, ATTRIBUTE_KEYS, { now: 0 });
    const above: string[] = [];
    for (const r of Object.values(results)) {
      for (const [field, c] of Object.entries(r.confidence)) {
        if ((c === "HIGH" || c === "VERY_HIGH") && field !== "name") above.push(`${field}=${c}`);
      }
    }
    expect(above).toEqual([]);
    expect(results.names?.confidence.name).toBe("HIGH");
  });

  it("says what it states: the name is client-supplied at HIGH, other echoed hints unverified", async () => {
    expect(inputProvenance([ev({ field: "name" })])).toBe("client-supplied");
    expect(inputProvenance([ev({})])).toBe("unverified");
    expect(inputProvenance([ev({ field: "brand_name", source: "nsi" })])).toBe("unverified");
    expect(inputProvenance([ev({}), ev({ source: "overture" })])).toBeNull();
    const enricher = createPlaceEnricher();
    const place = enricher.prepare("p", {
      name: "Café Lumière",
      phone: "+33 1 42 68 53 00",
      latitude: 48.86,
      longitude: 2.35,
    });
    const r = await enricher.enrich(place, ["names", "phoneNumbers"], { now: 0 });
    expect(r.names?.confidence.name).toBe("HIGH");
    expect(r.names?.reasoning.name).toMatch(/; client-supplied$/);
    expect(r.names?.reasoning.name).not.toMatch(/unverified/);
    expect(r.phoneNumbers?.confidence.phone).toBe("MEDIUM");
    expect(r.phoneNumbers?.reasoning.phone).toMatch(/; unverified$/);
  });
});
