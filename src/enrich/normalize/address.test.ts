import { describe, expect, it } from "vitest";
import { buildAddress } from "./address.js";
import { emptyAddress } from "./address-fields.js";
import { loadPeliasParser, peliasParse } from "./address-pelias.js";

function parse(text: string, countryHint: string | null = null, mode: "hybrid" | "pelias" = "hybrid") {
  const r = buildAddress({ fullAddress: text, parts: {}, countryHint }, mode);
  if (!r) throw new Error("no result");
  return r;
}

describe("buildAddress", () => {
  it("parses a US address", () => {
    const r = parse("123 Main St, New York, NY 10001");
    expect(r.address).toEqual({
      ...emptyAddress(),
      full_address: "123 Main St, New York, NY 10001",
      house: "123",
      street: "Main St",
      city: "New York",
      state: "NY",
      country: "US",
      postalCode: "10001",
    });
    expect(r.complete).toBe(true);
  });

  it("parses a UK address with its postcode", () => {
    expect(parse("10 Downing St, London SW1A 2AA, UK").address).toMatchObject({
      house: "10",
      street: "Downing St",
      city: "London",
      postalCode: "SW1A 2AA",
      country: "GB",
    });
  });

  it("parses a Canadian address with province, postcode and suite", () => {
    expect(parse("Suite 200, 100 Queen St W, Toronto, ON M5H 2N2, Canada").address).toMatchObject({
      unit_number: "200",
      house: "100",
      street: "Queen St W",
      city: "Toronto",
      state: "ON",
      postalCode: "M5H 2N2",
      country: "CA",
    });
  });

  it("parses an Australian address with its state", () => {
    expect(parse("1 Macquarie St, Sydney NSW 2000, Australia").address).toMatchObject({
      house: "1",
      street: "Macquarie St",
      city: "Sydney",
      state: "NSW",
      postalCode: "2000",
      country: "AU",
    });
    expect(parse("3/45 King St, Melbourne VIC 3000", "AU").address).toMatchObject({
      unit_number: "3",
      house: "45",
      street: "King St",
      state: "VIC",
    });
  });

  it("extracts unit numbers: Apt, #, Unit", () => {
    expect(parse("123 Main St Apt 4B, Springfield, IL 62701").address).toMatchObject({
      unit_number: "4B",
      house: "123",
    });
    expect(parse("350 5th Ave #12, New York, NY 10118, USA").address).toMatchObject({
      unit_number: "12",
      street: "5th Ave",
    });
    expect(parse("Unit 3, 45 King St, Melbourne VIC 3000").address).toMatchObject({
      unit_number: "3",
      house: "45",
    });
  });

  it("parses house-after-street countries and leading postcodes", () => {
    expect(parse("Hauptstraße 5, 10115 Berlin", "DE").address).toMatchObject({
      street: "Hauptstraße",
      house: "5",
      postalCode: "10115",
      city: "Berlin",
      country: "DE",
    });
    expect(parse("12 rue de Rivoli, 75001 Paris, France").address).toMatchObject({
      house: "12",
      street: "rue de Rivoli",
      postalCode: "75001",
      city: "Paris",
      country: "FR",
    });
  });

  it("falls back to pelias-parser for what the structural parser cannot account for", () => {
    const r = parse("Fishlake National Forest, Forest Rd 412, 84649, US");
    expect(r.method).toBe("pelias");
    expect(r.address).toMatchObject({
      street: "Forest Rd",
      house: "412",
      postalCode: "84649",
      country: "US",
    });
    expect(r.unparsed).toEqual(["Fishlake National Forest"]);
    expect(r.address.full_address).toBe("Fishlake National Forest, Forest Rd 412, 84649, US");
  });

  it("lets explicit address parts win over parsed ones", () => {
    const r = buildAddress(
      {
        fullAddress: "123 Main St, New York, NY 10001",
        parts: { city: "Brooklyn", postalCode: "11201" },
        countryHint: "US",
      },
      "hybrid",
    );
    expect(r?.address).toMatchObject({ street: "Main St", city: "Brooklyn", postalCode: "11201" });
  });

  it("builds from parts alone, with the country as alpha-2", () => {
    const r = buildAddress({
      fullAddress: null,
      parts: { street: "Main St", house: "5", city: "Springfield", country: "United States" },
      countryHint: null,
    });
    expect(r?.address).toMatchObject({ house: "5", street: "Main St", city: "Springfield", country: "US" });
    expect(r?.address.full_address).toBe("5 Main St, Springfield, US");
    expect(buildAddress({ fullAddress: null, parts: {}, countryHint: "US" })).toBeNull();
  });

  it("survives very long and odd input", () => {
    const long = `${"Building ".repeat(500)}, Springfield`;
    expect(() => parse(long)).not.toThrow();
    expect(() => parse("🍕🍕🍕, 東京都渋谷区, ,,,")).not.toThrow();
  });
});

describe("pelias-parser", () => {
  it("is loaded once and labels a US address", () => {
    const loadMs = loadPeliasParser();
    expect(loadMs).toBeGreaterThan(0);
    // Built once: a second call reports the first construction's time (the timing is bench:enrich's).
    expect(loadPeliasParser()).toBe(loadMs);
    const r = peliasParse("30 w 26 st nyc 10010");
    expect(r?.labels.map((l) => l.label)).toEqual(["housenumber", "street", "locality", "postcode"]);
  });
});
