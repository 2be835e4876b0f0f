import { describe, expect, it } from "vitest";
import { buildSearchQueries } from "./search-queries.js";

const place = (p: Partial<Parameters<typeof buildSearchQueries>[0]>) => ({
  name: "Marigold Table",
  city: null,
  street: null,
  postalCode: null,
  ...p,
});

describe("buildSearchQueries", () => {
  it("asks name + city first, then name + street + city", () => {
    expect(buildSearchQueries(place({ city: "Portland", street: "2210 SE Division St" }), 2)).toEqual([
      "Marigold Table Portland",
      "Marigold Table 2210 SE Division St Portland",
    ]);
    expect(buildSearchQueries(place({ city: "Portland", street: "2210 SE Division St" }), 1)).toEqual([
      "Marigold Table Portland",
    ]);
    expect(buildSearchQueries(place({ city: "Portland" }), 2)).toEqual(["Marigold Table Portland"]);
  });

  it("uses the postcode without a city, and asks nothing without any location", () => {
    expect(buildSearchQueries(place({ postalCode: "97202" }), 2)).toEqual(["Marigold Table 97202"]);
    expect(buildSearchQueries(place({ street: "2210 SE Division St" }), 2)).toEqual([]);
    expect(buildSearchQueries(place({ name: "  ", city: "Portland" }), 2)).toEqual([]);
  });

  it("does not repeat a city the name already holds", () => {
    expect(buildSearchQueries(place({ name: "Café Sonnenschein Bonn", city: "Bonn" }), 2)).toEqual([
      "Café Sonnenschein Bonn",
    ]);
  });

  it("keeps words, not search syntax: quotes, operators and site: are dropped", () => {
    expect(
      buildSearchQueries(place({ name: '"Juniper" -& +Rye site:evil.example', city: "Portland" }), 1),
    ).toEqual(["Juniper & Rye evil.example Portland"]);
  });
});
