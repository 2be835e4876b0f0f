import { describe, expect, it } from "vitest";
import type { PlaceInputs } from "../domain/place.js";
import { canonicalize, inputHash } from "./input-hash.js";
import { preparePlace } from "./prepare.js";

const hash = (inputs: PlaceInputs, id = "p") => preparePlace(id, inputs).inputHash;

describe("inputHash", () => {
  it("is a sha256 hex digest, stable across key order, whitespace and place id", () => {
    const a = hash({
      name: "Joe's  Pizza",
      full_address: "7 Carmine St, New York, NY 10014",
      latitude: 40.7306,
      longitude: -73.9866,
    });
    const b = hash(
      {
        longitude: -73.9866,
        latitude: 40.7306,
        full_address: " 7 Carmine St,  New York, NY 10014 ",
        name: " Joe's Pizza\t",
      },
      "another-id",
    );
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  it("treats WKT and lat/lng for the same point as the same input", () => {
    expect(hash({ name: "X", wkt_geometry: "POINT (-73.9866 40.7306)" })).toBe(
      hash({ name: "X", latitude: 40.7306, longitude: -73.9866 }),
    );
  });

  it("changes when an input that matters changes", () => {
    const base: PlaceInputs = { name: "Joe's Pizza", latitude: 40.7306, longitude: -73.9866 };
    const h = hash(base);
    expect(hash({ ...base, name: "Joe's Pizzeria" })).not.toBe(h);
    expect(hash({ ...base, phone: "212-366-1182" })).not.toBe(h);
    expect(hash({ ...base, latitude: 40.7307 })).not.toBe(h);
    expect(hash({ ...base, category: ["pizza"] })).not.toBe(h);
    expect(hash({ ...base, source: "crm" })).toBe(h);
  });

  it("canonicalizes nested values", () => {
    expect(canonicalize({ b: [" x  y ", null, ""], a: { d: undefined, c: 1 } })).toEqual({
      a: { c: 1 },
      b: ["x y"],
    });
    expect(inputHash({ x: 1, y: "a" })).toBe(inputHash({ y: " a ", x: 1 }));
  });
});

describe("prepare robustness", () => {
  it("never throws for schema-valid inputs, however odd", () => {
    const long = "x".repeat(200_000);
    const odd: PlaceInputs[] = [
      { name: long, full_address: long, phone: long, website: long, category: long, opening_hours: long },
      { name: "   ", full_address: "," },
      {
        name: "Café Zoë «Ωμέγα» 東京 🍣",
        full_address: "東京都渋谷区道玄坂2-1",
        latitude: 35.658,
        longitude: 139.7016,
      },
      {
        name: "\u0000\u0007bell",
        wkt_geometry: "POINT(nonsense)",
        phone: "☎",
        website: "javascript:alert(1)",
      },
      { name: "X", street: "Main", city: "Y", opening_hours: { Monday: 5 }, category: ["", "  "], email: 42 },
      { name: "X", latitude: 95 as number, longitude: 0, country_code: "ZZ" },
    ];
    for (const inputs of odd) expect(() => preparePlace("p", inputs)).not.toThrow();
    expect(preparePlace("p", { name: "“Joe’s”" }).name).toBe("Joe’s");
    expect(preparePlace("p", { name: "Café   Zoë\n" }).name).toBe("Café Zoë");
  });
});
