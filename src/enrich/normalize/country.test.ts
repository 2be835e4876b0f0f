import { describe, expect, it } from "vitest";
import { preparePlace } from "../prepare.js";
import { parseLatLng, parseWktPoint } from "./coordinates.js";
import { countryFromAddressText, countryFromCoordinates, normalizeCountryCode } from "./country.js";

describe("country resolution", () => {
  it("finds the country of coordinates offline", () => {
    expect(countryFromCoordinates(48.8584, 2.2945)).toBe("FR");
    expect(countryFromCoordinates(40.7484, -73.9857)).toBe("US");
    expect(countryFromCoordinates(30, -45)).toBeNull(); // mid-Atlantic, outside any EEZ
  });

  it("normalizes given codes and aliases", () => {
    expect(normalizeCountryCode("us")).toBe("US");
    expect(normalizeCountryCode("UK")).toBe("GB");
    expect(normalizeCountryCode("USA")).toBe("US");
    expect(normalizeCountryCode("XX")).toBeNull();
    expect(normalizeCountryCode("EU")).toBeNull();
  });

  it("reads an obvious country at the end of an address", () => {
    expect(countryFromAddressText("4th & Bering St, Nome, AK 99762, US")).toBe("US");
    expect(countryFromAddressText("10 Downing St, London SW1A 2AA, United Kingdom")).toBe("GB");
    expect(countryFromAddressText("12 rue de Rivoli, 75001 Paris, France")).toBe("FR");
    expect(countryFromAddressText("350 5th Ave, New York, NY 10118 USA")).toBe("US");
    // A trailing US state is not a country (CA = California here, GA = Georgia).
    expect(countryFromAddressText("1 Infinite Loop, Cupertino, CA")).toBeNull();
    expect(countryFromAddressText("Atlanta, Georgia")).toBeNull();
  });

  it("prefers the given country_code over coordinates, coordinates over the address", () => {
    const paris = { latitude: 48.8584, longitude: 2.2945 };
    expect(preparePlace("a", { name: "X", ...paris })).toMatchObject({
      countryCode: "FR",
      countrySource: "coordinates",
    });
    expect(preparePlace("b", { name: "X", ...paris, country_code: "BE" })).toMatchObject({
      countryCode: "BE",
      countrySource: "input",
    });
    expect(
      preparePlace("c", { name: "X", full_address: "1 Main St, Springfield, IL 62701, USA" }),
    ).toMatchObject({
      countryCode: "US",
      countrySource: "address",
    });
    expect(preparePlace("d", { name: "X", full_address: "somewhere" })).toMatchObject({
      countryCode: null,
      countrySource: null,
    });
  });
});

describe("coordinates", () => {
  it("parses WKT points, case-insensitive and with any spacing", () => {
    expect(parseWktPoint("POINT(2.2945 48.8584)")).toEqual({ lat: 48.8584, lng: 2.2945 });
    expect(parseWktPoint("  point ( -73.9857   40.7484 ) ")).toEqual({ lat: 40.7484, lng: -73.9857 });
    expect(parseWktPoint("SRID=4326;POINT Z (1 2 3)")).toEqual({ lat: 2, lng: 1 });
    expect(parseWktPoint("POINT(200 10)")).toBeNull();
    expect(parseWktPoint("LINESTRING(1 2, 3 4)")).toBeNull();
    expect(parseWktPoint(42)).toBeNull();
  });

  it("validates latitude/longitude ranges", () => {
    expect(parseLatLng(40.1, -73.2)).toEqual({ lat: 40.1, lng: -73.2 });
    expect(parseLatLng("40.1", "-73.2")).toEqual({ lat: 40.1, lng: -73.2 });
    expect(parseLatLng(91, 0)).toBeNull();
    expect(parseLatLng(Number.NaN, 0)).toBeNull();
  });

  it("uses WKT when lat/lng are absent, and finds the country from it", () => {
    const p = preparePlace("w", { name: "Eiffel Tower", wkt_geometry: "POINT (2.2945 48.8584)" });
    expect(p).toMatchObject({ latitude: 48.8584, longitude: 2.2945, countryCode: "FR" });
  });
});
