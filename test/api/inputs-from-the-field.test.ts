/**
 * Inputs from public bug reports of address parsers, phone libraries, country lookup, brand matching
 * and opening-hours parsers, through `POST /enrich` (issue 7's table, one instance per kind; the
 * other instances of each kind are tested beside the code), plus issue 6's brand site per country
 * and job_metadata.country_code from the address alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, STORE_KINDS, type TestApp } from "../support/test-app.js";

describe.each(STORE_KINDS)("on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ store: kind });
  });
  afterAll(async () => t?.close());

  let n = 0;
  async function enrich(inputs: Record<string, unknown>, attributes: string[]) {
    const r = await t.call("POST", "/enrich", { body: { place_id: `field-${++n}`, inputs, attributes } });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("completed");
    return r.json;
  }

  it("house-number suffixes stay with the number", async () => {
    const r = await enrich(
      { name: "Boulangerie", full_address: "3 bis Av. de Paris, 92320 Châtillon, France" },
      ["address"],
    );
    expect(r.outputs.address).toMatchObject({ house: "3 bis", street: "Av. de Paris", city: "Châtillon" });
  });

  it("postal-delivery words fill no field", async () => {
    const r = await enrich(
      { name: "Mairie", full_address: "12 rue de la Gare, CS 10001, 33000 Bordeaux Cedex" },
      ["address"],
    );
    expect(r.outputs.address).toMatchObject({
      city: "Bordeaux",
      postalCode: "33000",
      state: null,
      house: "12",
      street: "rue de la Gare",
    });
    expect(r.reasoning.address).toMatch(/postal delivery kept out of the fields: 'CS 10001', 'CEDEX'/);
  });

  it("unit and house written as one token", async () => {
    const r = await enrich({ name: "Condo", full_address: "#402-45 Hanna Ave, Toronto, ON M6K 1X1" }, [
      "address",
    ]);
    expect(r.outputs.address).toMatchObject({ unit_number: "402", house: "45", street: "Hanna Ave" });
    expect(r.job_metadata.country_code).toBe("CA");
  });

  it("Japanese order with 〒 postcode", async () => {
    const r = await enrich({ name: "東京中央郵便局", full_address: "〒100-8994 東京都千代田区丸ノ内2-7-2" }, [
      "address",
    ]);
    expect(r.outputs.address).toMatchObject({ postalCode: "100-8994", state: "東京都", city: "千代田区" });
    expect(r.job_metadata.country_code).toBe("JP");
  });

  it("territories from coordinates, and the phone region follows", async () => {
    const r = await enrich(
      { name: "Central Office", latitude: 22.2819, longitude: 114.1582, phone: "2523 0000" },
      ["phoneNumbers"],
    );
    expect(r.job_metadata.country_code).toBe("HK");
    expect(r.outputs.phone).toBe("+85225230000");
  });

  it("invisible format characters", async () => {
    const r = await enrich(
      { name: "\u200fShop\u200e", phone: "\u202d+44 7911 123456\u202c", latitude: 51.5, longitude: -0.12 },
      ["phoneNumbers", "names"],
    );
    expect(r.outputs.phone).toBe("+447911123456");
    expect(r.outputs.name).toBe("Shop");
  });

  it("Arabic separators and the country named in Arabic", async () => {
    const r = await enrich({ name: "مطعم", full_address: "شارع الكورنيش، الدوحة، قطر" }, ["address"]);
    expect(r.outputs.address).toMatchObject({ street: "شارع الكورنيش", city: "الدوحة", country: "QA" });
    expect(r.job_metadata.country_code).toBe("QA");
  });

  it("a site on a site builder is the place's own", async () => {
    const r = await enrich(
      {
        name: "Център за отдих Здраве",
        website: "https://sites.google.com/view/centar-otdih-zdrave-hrabrino/home",
        latitude: 42.07,
        longitude: 24.6,
      },
      ["websites"],
    );
    expect(r.outputs.website).toBe("https://sites.google.com/view/centar-otdih-zdrave-hrabrino/home");
    expect(r.confidence_scores.website).toBe("MEDIUM");
  });

  it("vanity numbers and obsolete prefixes", async () => {
    const us = await enrich({ name: "Flowers", phone: "1-800-FLOWERS", latitude: 40.75, longitude: -73.99 }, [
      "phoneNumbers",
    ]);
    expect(us.outputs.phone).toBe("+18003569377");
    const mx = await enrich(
      { name: "Tienda", phone: "+52 1 55 1234 5678", latitude: 19.43, longitude: -99.13 },
      ["phoneNumbers"],
    );
    expect(mx.outputs.phone).toBe("+525512345678");
  });

  it("opening hours with a date exception", async () => {
    const r = await enrich(
      { name: "Diner", opening_hours: "Mo-Su 11:00-22:00; Dec 25 off", latitude: 40.75, longitude: -73.99 },
      ["openingHours"],
    );
    for (const day of ["Monday", "Wednesday", "Sunday"])
      expect(r.outputs.opening_hours[day]).toBe("11:00-22:00");
    expect(r.reasoning.opening_hours).toMatch(/Dec 25 off/);
  });

  it("a venue named after a brand is no brand; the category hint leads", async () => {
    const r = await enrich(
      {
        name: "Chase Center",
        full_address: "Chase Center, 1 Warriors Way, San Francisco, CA 94158",
        category: "stadium_arena",
      },
      ["names", "chain", "categories"],
    );
    expect(r.outputs.brand_name).toBeNull();
    expect(r.outputs.chain_name).toBeNull();
    expect(r.outputs.categories[0]).toBe("stadium_arena");
  });

  it("category hints in Overture's basic_category vocabulary", async () => {
    const pizza = await enrich(
      { name: "Luigi's", category: "pizzaria", latitude: 40.75, longitude: -73.99 },
      ["categories"],
    );
    expect(pizza.outputs.categories).toEqual(["pizza_restaurant"]);
    const eatery = await enrich(
      { name: "Joe's", category: "casual_eatery", latitude: 40.75, longitude: -73.99 },
      ["categories"],
    );
    expect(eatery.outputs.categories).toEqual(["restaurant"]);
  });

  it("brand sites for the place's country; the country from the address alone", async () => {
    const aldi = await enrich({ name: "ALDI USA", full_address: "3939 W Shaw Ave, Fresno, CA 93722" }, [
      "websites",
    ]);
    expect(aldi.job_metadata.country_code).toBe("US");
    expect(aldi.outputs.website).toBe("https://www.aldi.us/");
    const wingstop = await enrich({ name: "Wingstop", full_address: "1 Main St, Austin, TX 78701, US" }, [
      "websites",
    ]);
    expect(wingstop.outputs.website).toBe("https://www.wingstop.com/");
    const tampa = await enrich({ name: "Shop", full_address: "100 N Tampa St, Tampa, FL 33602" }, [
      "address",
    ]);
    expect(tampa.job_metadata.country_code).toBe("US");
  });

  it("the name is client-supplied at HIGH, hints unverified at MEDIUM", async () => {
    const r = await enrich(
      { name: "Corner Cafe", phone: "(212) 555-0123", latitude: 40.75, longitude: -73.99 },
      ["names", "phoneNumbers"],
    );
    expect(r.confidence_scores.name).toBe("HIGH");
    expect(r.reasoning.name).toMatch(/client-supplied$/);
    expect(r.confidence_scores.phone).toBe("MEDIUM");
    expect(r.reasoning.phone).toMatch(/unverified$/);
  });
});
