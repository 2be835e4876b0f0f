import { isIn } from "@rapideditor/country-coder";
import { describe, expect, it } from "vitest";
import { locationSetAllows, pointIn } from "./location-set.js";

// Codes as NSI location sets write them: ISO 3166-1 alpha-2 and alpha-3, UN M49 regions, Wikidata
// ids, country-coder's groups (EU), territories with their own code, and codes it does not know.
const CODES = [
  "us",
  "ca",
  "mx",
  "gb",
  "fr",
  "de",
  "es",
  "pt",
  "it",
  "ch",
  "at",
  "be",
  "nl",
  "ie",
  "dk",
  "se",
  "no",
  "fi",
  "pl",
  "ru",
  "ua",
  "tr",
  "cn",
  "hk",
  "mo",
  "tw",
  "jp",
  "kr",
  "in",
  "id",
  "sg",
  "my",
  "au",
  "nz",
  "br",
  "ar",
  "cl",
  "za",
  "eg",
  "ng",
  "ae",
  "sa",
  "il",
  "pr",
  "gu",
  "re",
  "ic",
  "ea",
  "gbr",
  "usa",
  "fra",
  "001",
  "002",
  "019",
  "021",
  "142",
  "150",
  "151",
  "154",
  "155",
  "419",
  "eu",
  "un",
  "q46",
  "q15",
  "q30",
  "q145",
  "england",
  "scotland",
  "xx",
  "zz",
];

describe("pointIn", () => {
  it("answers as country-coder's isIn for points on land, at sea, near borders and in territories", () => {
    const points: Array<[number, number]> = [
      [-74.006, 40.7128],
      [-79.38, 43.65],
      [-3.19, 55.95],
      [-0.12, 51.5],
      [2.35, 48.85],
      [114.17, 22.32],
      [113.54, 22.19],
      [103.85, 1.29],
      [-66.1, 18.45],
      [144.79, 13.44],
      [55.45, -20.88],
      [-15.43, 28.1],
      [-5.32, 35.89],
      [-2.94, 35.29],
      [-117.03, 32.54],
      [-117.05, 32.52],
      [6.14, 46.2],
      [7.59, 47.56],
      [8.54, 47.37],
      [-30, 30],
      [0, 0],
      [139.69, 35.68],
      [151.2, -33.87],
      [-58.38, -34.6],
      [31.23, 30.04],
      [180, 0],
      [-180, 89.9],
    ];
    // And a coarse world grid: every answer the library gives, ours gives.
    for (let lat = -80; lat <= 80; lat += 7.3)
      for (let lon = -179; lon <= 179; lon += 9.7) points.push([lon, lat]);
    let compared = 0;
    for (const point of points) {
      for (const code of CODES) {
        expect(pointIn(point, code), `${point} in ${code}`).toBe(isIn([point[0], point[1]], code));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40_000);
  });

  it("answers again from the same point the same way (remembered per point)", () => {
    const point: [number, number] = [-74.006, 40.7128];
    expect(pointIn(point, "us")).toBe(true);
    expect(pointIn(point, "ca")).toBe(false);
    expect(pointIn(point, "019")).toBe(true);
    expect(pointIn(point, "xx")).toBe(null);
    const sea: [number, number] = [-30, 30];
    expect(pointIn(sea, "us")).toBe(null);
  });

  it("decides location sets by the point", () => {
    const tampa = { country: "US", point: [-82.46, 27.95] as const };
    expect(locationSetAllows({ include: ["us"] }, tampa)).toBe("yes");
    expect(locationSetAllows({ include: ["001"], exclude: ["019"] }, tampa)).toBe("no");
    expect(locationSetAllows({ include: ["mx"] }, tampa)).toBe("no");
  });
});
