import { describe, expect, it } from "vitest";
import { ATTRIBUTE_KEYS, type AttributeKey, attributeDefinition } from "../domain/attributes.js";
import type { PlaceInputs } from "../domain/place.js";
import { assembleResult } from "./assemble.js";
import { createPlaceEnricher } from "./enricher.js";
import type { EvidenceSource } from "./types.js";

const enricher = createPlaceEnricher();

async function enrichAll(inputs: PlaceInputs) {
  const place = enricher.prepare("place-1", inputs);
  const results = await enricher.enrich(place, ATTRIBUTE_KEYS, { now: 0 });
  return { place, results };
}

describe("createPlaceEnricher().enrich", () => {
  it("maps a cuisine hint in the page's language to OSM cuisine keys, keeping an unknown one", async () => {
    const { results } = await enrichAll({
      name: "Taquería El Nopal",
      full_address: "Carrer de Cuba 44, 46006 València, Spain",
      cuisine: "Mexicana; Tacos",
    });
    const cuisines = results.cuisine?.outputs.cuisines as string[];
    expect(cuisines).toEqual(expect.arrayContaining(["mexican", "tacos"]));
    expect(cuisines).not.toContain("mexicana");
  });

  it("enriches a realistic place for all 13 attributes", async () => {
    const { place, results } = await enrichAll({
      name: "Starbucks",
      full_address: "1585 Broadway, Suite 100, New York, NY 10036",
      latitude: 40.7599,
      longitude: -73.9848,
      phone: "(212) 541-7515; +1 212 541 7516",
      website: "www.starbucks.com/store/1019?utm_source=gmb",
      category: "Coffee Shop",
      opening_hours: "Mo-Fr 06:00-21:00; Sa,Su 07:00-20:00",
      instagram: "@starbucks",
      email: "store1019@starbucks.com",
      price_tier: "$$",
    });
    expect(Object.keys(results).sort()).toEqual([...ATTRIBUTE_KEYS].sort());
    for (const key of ATTRIBUTE_KEYS) {
      const r = results[key]!;
      expect(Object.keys(r.outputs).sort(), key).toEqual([...attributeDefinition(key).fields].sort());
      for (const [field, value] of Object.entries(r.outputs)) {
        if (value === null) expect(r.confidence[field], `${key}.${field}`).toBe("NONE");
        else expect(r.reasoning[field], `${key}.${field}`).toBeTruthy();
      }
      expect(r.metadata).toMatchObject({ sources: ["inputs", "nsi", "prefilled"] });
      expect(typeof r.metadata.ms).toBe("number");
    }
    expect(place.countryCode).toBe("US");
    expect(results.phoneNumbers?.outputs).toEqual({
      phone: "+12125417515",
      phone_additional: ["+12125417516"],
    });
    expect(results.phoneNumbers?.reasoning.phone).toBe(
      "+12125417515 from input phone hint (valid US number); unverified",
    );
    expect(results.websites?.outputs.website).toBe("https://www.starbucks.com/store/1019");
    expect(results.websites?.confidence.website).toBe("MEDIUM");
    expect(results.names?.outputs).toMatchObject({ name: "Starbucks", brand_name: "Starbucks" });
    expect(results.address?.outputs.address).toMatchObject({
      house: "1585",
      street: "Broadway",
      unit_number: "100",
      postalCode: "10036",
    });
    expect(results.categories?.outputs.categories).toEqual(["coffee_shop", "cafe"]);
    expect(results.openingHours?.outputs.opening_hours).toMatchObject({
      Monday: "06:00-21:00",
      Sunday: "07:00-20:00",
    });
    expect(results.openingHours?.outputs.is_open_24h).toBe(false);
    expect(results.coordinates?.outputs).toEqual({
      coordinates: [40.7599, -73.9848],
      coordinates_distance: 0,
    });
    expect(results.socialHandles?.outputs).toEqual({ instagram: "starbucks", facebook: null, tiktok: null });
    expect(results.email_address?.outputs.email).toBe("store1019@starbucks.com");
    expect(results.chain?.outputs).toMatchObject({
      chain_id: "Q37158",
      chain_name: "Starbucks",
      number_of_locations: null,
    });
    expect(results.chain?.outputs.chain_domains).toContain("starbucks.com");
    expect(results.cuisine?.outputs.cuisines).toEqual(["coffee_shop"]);
    expect(results.price_tier?.outputs).toEqual({ price_tier: 2, currency: "USD" });
    expect(results.price_tier?.confidence.currency).toBe("LOW");
    expect(results.closed_permanently).toMatchObject({
      status: "RUN",
      outputs: { open_closed_status: null, date_closed: null },
      confidence: { open_closed_status: "NONE" },
    });
    expect(results.closed_permanently?.reasoning.open_closed_status).toMatch(/no evidence/);
    const assembled = assembleResult(place, ATTRIBUTE_KEYS, results, new Set(), 0);
    expect(assembled.filledMask & 1).toBe(0); // closed_permanently stays unfilled
    expect(Object.values(assembled.attributeStatus).every((s) => s === "RUN")).toBe(true);
  });

  it("marks attributes whose inputs are missing RUN_CONDITION_FAILED", async () => {
    const { results } = await enrichAll({
      name: "Joe's Pizza",
      full_address: "7 Carmine St, New York, NY 10014",
    });
    expect(results.coordinates?.status).toBe("RUN_CONDITION_FAILED");
    expect(results.coordinates?.confidence.coordinates).toBe("NONE");
    expect(results.coordinates?.reasoning.coordinates).toMatch(/^not run: no coordinate input/);
    expect(results.address?.status).toBe("RUN");
    const coordsOnly = await enrichAll({ name: "Joe's Pizza", latitude: 40.7306, longitude: -73.9866 });
    expect(coordsOnly.results.address?.status).toBe("RUN_CONDITION_FAILED");
    expect(coordsOnly.results.phoneNumbers?.status).toBe("RUN");
  });

  it("explains rejected hints", async () => {
    const { results } = await enrichAll({
      name: "Corner Shop",
      latitude: 40.7306,
      longitude: -73.9866,
      phone: "123",
      website: "http://localhost:8080",
      opening_hours: "when the owner feels like it",
      category: "thingamajig",
    });
    expect(results.phoneNumbers?.outputs.phone).toBeNull();
    expect(results.phoneNumbers?.confidence.phone).toBe("NONE");
    expect(results.phoneNumbers?.reasoning.phone).toBe("input phone '123' is not a valid number for US");
    expect(results.websites?.outputs.website).toBeNull();
    expect(results.websites?.reasoning.website).toMatch(/local host/);
    expect(results.openingHours?.reasoning.opening_hours).toMatch(/unparseable/);
    expect(results.categories?.reasoning.categories).toMatch(/matches no Overture category/);
  });

  it("routes a social profile given as website to social handles", async () => {
    const { results } = await enrichAll({
      name: "Joe's",
      latitude: 40.73,
      longitude: -73.99,
      website: "https://facebook.com/joespizzanyc",
    });
    expect(results.websites?.outputs.website).toBeNull();
    expect(results.socialHandles?.outputs.facebook).toBe("joespizzanyc");
  });

  it("runs extra sources; a failing source makes the attributes it serves ERROR", async () => {
    const extra: EvidenceSource = {
      name: "reference",
      async collect() {
        return [
          {
            field: "phone",
            value: "+12125417515",
            source: "reference",
            strength: "strong",
            note: "reference dataset",
          },
        ];
      },
    };
    const broken = (attributes?: AttributeKey[]): EvidenceSource => ({
      name: "broken",
      attributes,
      async collect() {
        throw new Error("boom");
      },
    });
    const e = createPlaceEnricher({ extraSources: [extra, broken(["websites"])] });
    const place = e.prepare("p", { name: "X", latitude: 40.76, longitude: -73.98, phone: "212 541 7515" });
    const r = await e.enrich(place, ["phoneNumbers", "websites"], { now: 0 });
    expect(r.phoneNumbers?.status).toBe("RUN");
    expect(r.phoneNumbers?.outputs.phone).toBe("+12125417515");
    expect(r.phoneNumbers?.confidence.phone).toBe("HIGH");
    expect(r.phoneNumbers?.reasoning.phone).toBe(
      "+12125417515 from input phone hint (valid US number) + reference dataset",
    );
    expect(r.phoneNumbers?.metadata).toMatchObject({
      sources: ["inputs", "nsi", "prefilled", "reference", "broken"],
      sourceErrors: { broken: "boom" },
    });
    expect(r.websites).toMatchObject({
      status: "ERROR",
      outputs: { website: null },
      confidence: { website: "NONE" },
    });
    expect(r.websites?.metadata.error).toBe("source broken failed: boom");
    const undeclared = createPlaceEnricher({ extraSources: [broken()] });
    const r2 = await undeclared.enrich(place, ["phoneNumbers", "names"], { now: 0 });
    expect(r2.phoneNumbers?.status).toBe("ERROR");
    expect(r2.names?.status).toBe("ERROR");
  });
});
