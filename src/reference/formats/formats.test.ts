import { describe, expect, it } from "vitest";
import { buildRecord } from "../build-record.js";
import { parseBbox } from "../importer.js";
import { recordKeys } from "../match/match-keys.js";
import { boxAround, spatialKey } from "../store/geo-box.js";
import { flatDraft } from "./flat.js";
import { overtureDraft } from "./overture.js";
import { CsvParser } from "./text-files.js";
import { wkbPoint } from "./wkb.js";

function wkb(type: number, coords: number[], little = true): Uint8Array {
  const buf = new DataView(new ArrayBuffer(5 + coords.length * 8));
  buf.setUint8(0, little ? 1 : 0);
  buf.setUint32(1, type, little);
  coords.forEach((c, i) => {
    buf.setFloat64(5 + i * 8, c, little);
  });
  return new Uint8Array(buf.buffer);
}

describe("WKB", () => {
  it("reads points in both byte orders, with Z, and polygons as their vertex mean", () => {
    expect(wkbPoint(wkb(1, [-73.98, 40.75]))).toEqual({ lat: 40.75, lng: -73.98 });
    expect(wkbPoint(wkb(1, [2.35, 48.85], false))).toEqual({ lat: 48.85, lng: 2.35 });
    expect(wkbPoint(wkb(1001, [2.35, 48.85, 30]))).toEqual({ lat: 48.85, lng: 2.35 });
    // Polygon: 1 ring of 4 points (counts are uint32).
    const poly = new DataView(new ArrayBuffer(5 + 8 + 4 * 16));
    poly.setUint8(0, 1);
    poly.setUint32(1, 3, true);
    poly.setUint32(5, 1, true);
    poly.setUint32(9, 4, true);
    [0, 0, 2, 0, 2, 2, 0, 2].forEach((v, i) => {
      poly.setFloat64(13 + i * 8, v, true);
    });
    expect(wkbPoint(new Uint8Array(poly.buffer))).toEqual({ lat: 1, lng: 1 });
    expect(wkbPoint(new Uint8Array(3))).toBeNull();
  });
});

describe("CSV parser", () => {
  it("handles quotes, doubled quotes, separators and newlines inside quotes, across chunks", () => {
    const p = new CsvParser();
    const rows = [
      ...p.push('a,"b, c","say ""hi"""\n1,"multi\nline'),
      ...p.push('",3\r\nlast,row'),
      ...p.end(),
    ];
    expect(rows).toEqual([
      ["a", "b, c", 'say "hi"'],
      ["1", "multi\nline", "3"],
      ["last", "row"],
    ]);
  });
});

describe("geometry helpers", () => {
  it("boxes cover the radius, wider in longitude away from the equator", () => {
    const b = boxAround(60, 10, 1000);
    expect(b.maxLat - b.minLat).toBeCloseTo(2 * (1000 / 111_320), 6);
    expect(b.maxLon - b.minLon).toBeCloseTo(2 * (1000 / (111_320 * 0.5)), 6);
  });
  it("spatial keys keep neighbours close and sort places without coordinates last", () => {
    expect(Math.abs(spatialKey(40.7, -74) - spatialKey(40.7001, -74.0001))).toBeLessThan(16);
    expect(spatialKey(null, null)).toBeGreaterThan(spatialKey(89, 179));
  });
  it("--bbox is west,south,east,north", () => {
    expect(parseBbox("-74.1, 40.6, -73.8, 40.9")).toEqual({
      west: -74.1,
      south: 40.6,
      east: -73.8,
      north: 40.9,
    });
    expect(() => parseBbox("1,2,3")).toThrow(/--bbox/);
    expect(() => parseBbox("10,0,5,1")).toThrow(/west < east/);
  });
});

const PROTOTYPE_WORDS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("operating status of reference rows", () => {
  it("a status named like an Object.prototype member is unknown, as any unknown word", () => {
    const flat = (status: string) => flatDraft({ id: "1", name: "A", operating_status: status }).status;
    const overture = (status: string) => overtureDraft({ id: "1", operating_status: status }).status;
    expect(flat("closed")).toBe("closed");
    expect(flat("zzqx")).toBeNull();
    expect(overture("zzqx")).toBeNull();
    for (const w of PROTOTYPE_WORDS) {
      expect(flat(w)).toBeNull();
      expect(overture(w)).toBeNull();
    }
  });
});

describe("addresses of flat rows", () => {
  const keysOf = (row: Record<string, unknown>) => {
    const built = buildRecord(
      flatDraft({ id: "1", name: "A", latitude: 40.74, longitude: -73.98, ...row }, true),
    );
    if (!("record" in built)) throw new Error("skipped");
    return recordKeys(built.record);
  };
  it("a street column that is null or blank does not stop the full address from being read", () => {
    // Locu-style rows: the street line in full_address, the street column present but empty.
    for (const street of [null, "", "  ", undefined]) {
      const k = keysOf({ full_address: "420 Park Ave. S.", street, city: "New York", country: "US" });
      expect(k.house).toBe("420");
      expect(k.streetKey).toBe("park ave s");
    }
    const fr = keysOf({ full_address: "12 rue de Rivoli, 75004 Paris", street: null, country: "FR" });
    expect(fr.house).toBe("12");
    expect(fr.postcode).toBe("75004");
  });
  it("a full address that is only the street line is rebuilt with the city and postcode columns", () => {
    const built = buildRecord(
      flatDraft(
        {
          id: "1",
          name: "A",
          full_address: "521 3rd Ave.",
          street: null,
          city: "New York",
          state: "NY",
          postcode: "10016",
          country: "US",
        },
        true,
      ),
    );
    if (!("record" in built)) throw new Error("skipped");
    expect(built.record.address?.full_address).toBe("521 3rd Ave., New York, NY 10016, US");
    const whole = buildRecord(
      flatDraft(
        { id: "2", name: "B", full_address: "521 3rd Ave., New York, NY 10016", city: "New York" },
        true,
      ),
    );
    if (!("record" in whole)) throw new Error("skipped");
    expect(whole.record.address?.full_address).toBe("521 3rd Ave., New York, NY 10016");
    const edges = buildRecord(flatDraft({ id: "3", name: "C", full_address: " , New York, NY ;" }, true));
    if (!("record" in edges)) throw new Error("skipped");
    expect(edges.record.address?.full_address).toBe("New York, NY");
  });

  it("a street line named after its city still gets the city column after it; one ending with the city does not", () => {
    const full = (
      full_address: string,
      city: string,
      country: string,
      extra: Record<string, string> = {},
    ) => {
      const built = buildRecord(
        flatDraft({ id: "1", name: "A", full_address, city, country, ...extra }, true),
      );
      if (!("record" in built)) throw new Error("skipped");
      return built.record.address?.full_address;
    };
    // Streets named after the city (or a word holding it): no mention of the city.
    expect(full("12 rue de Lyon", "Lyon", "FR")).toBe("12 rue de Lyon, Lyon, FR");
    expect(full("45 London Road", "London", "GB")).toBe("45 London Road, London, GB");
    expect(full("Calle de Madrid 8", "Madrid", "ES")).toBe("Calle de Madrid 8, Madrid, ES");
    expect(full("Berliner Straße 5", "Berlin", "DE")).toBe("Berliner Straße 5, Berlin, DE");
    expect(full("Via di Roma 10", "Roma", "IT")).toBe("Via di Roma 10, Roma, IT");
    expect(full("100 Boston Post Rd", "Boston", "US", { state: "MA" })).toBe(
      "100 Boston Post Rd, Boston, MA, US",
    );
    expect(full("12 Rue de Paris", "Lyon", "FR")).toBe("12 Rue de Paris, Lyon, FR");
    // A line that ends with the city (and maybe the state, the country): as written.
    expect(full("521 3rd Ave New York", "New York", "US")).toBe("521 3rd Ave New York");
    expect(full("521 3rd Ave New York NY", "New York", "US", { state: "NY" })).toBe(
      "521 3rd Ave New York NY",
    );
    expect(full("45 London Road London", "London", "GB")).toBe("45 London Road London");
    expect(full("Bahnhofstrasse 1 Zurich", "Zürich", "CH")).toBe("Bahnhofstrasse 1 Zurich");
    expect(full("12 rue de Lyon Lyon France", "Lyon", "FR")).toBe("12 rue de Lyon Lyon France");
  });

  it("a street column with a value wins over the full address", () => {
    const k = keysOf({
      full_address: "420 Park Ave. S.",
      street: "Lexington Ave",
      house: "9",
      country: "US",
    });
    expect(k.house).toBe("9");
    expect(k.streetKey).toBe("lexington ave");
  });
});
