/**
 * The import's normalization, pinned: the stored columns (match keys and document) of varied
 * generated rows, of every fixture file and of the shipped extract, and what the job-side
 * normalizers (phones, websites, address keys) make of the generated values, each equal to what
 * the code gave before its speed-ups (commit 980b155): digests in import-chunk-equivalence.json.
 * A change that alters any of them fails here; when the change is meant, regenerate with
 * `UPDATE_EQUIVALENCE=1 npx vitest run src/reference/import-chunk-equivalence.test.ts` and say
 * why in the commit.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { normalizePhone } from "../enrich/normalize/phone.js";
import { normalizeWebsite } from "../enrich/normalize/website.js";
import { openReferenceFile, type ReferenceItem } from "./formats/open-reference-file.js";
import { normalizeChunk } from "./import-chunk.js";
import { addressKeys, nameKey, streetKey } from "./match/match-keys.js";
import type { ReferenceFormat } from "./record.js";
import { STAGED_FIELDS } from "./store/row-columns.js";

const path = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const EXPECTED = path("src/reference/import-chunk-equivalence.json");

function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// Per country: [code, coordinates, a name, a street line, a city, a region, a postcode, phones].
// biome-ignore format: table
const PLACES: ReadonlyArray<readonly [string, number, number, string, string, string, string, string, readonly string[]]> = [
  ["US", 40.75, -73.99, "Joe's Pizza & Grill", "1435 Broadway", "New York", "NY", "10018-2301", ["+12125550100", "(212) 736-5000", "212.736.5000", "1-800-FLOWERS", "011 44 20 7946 0958", "+1 212 736 5000 ext. 12", "555-0100"]],
  ["US", 47.6, -122.33, "Café Zürich", "825 E 1180 S", "Seattle", "Washington", "98101", ["+1 (206) 555-0175", "206 386 4636", "+19072603377; +1 907 443 5454", "12063864636"]],
  ["CA", 45.5, -73.57, "Boulangerie St-Viateur", "263 Rue Saint-Viateur O", "Montréal", "QC", "H2V 1Y1", ["+1 514 276 8044", "514-276-8044", "+1 264 497 1234"]],
  ["GB", 51.51, -0.13, "The Queen's Head", "15 Denmark Street", "London", "England", "WC2H 8LS", ["020 7946 0958", "+44 20 7946 0958", "0044 20 7946 0958", "07911 123456", "+44 (0) 20 7946 0958"]],
  ["DE", 52.52, 13.4, "Bäckerei Müller", "Friedrichstraße 43", "Berlin", "Berlin", "10117", ["030 1234567", "+49 30 1234567", "030/1234567", "+49 (0)30 1234567", "0049 30 901820"]],
  ["FR", 48.86, 2.35, "Boulangerie du Marché", "12 rue de Rivoli", "Paris", "Île-de-France", "75004", ["01 42 68 53 00", "+33 1 42 68 53 00", "+33142685300", "06 12 34 56 78"]],
  ["ES", 40.42, -3.7, "Casa Lucio", "Calle Cava Baja, 35", "Madrid", "Madrid", "28005", ["913 65 32 52", "+34 913 65 32 52", "0034913653252"]],
  ["IT", 41.9, 12.5, "Trattoria Da Enzo", "Via dei Vascellari 29", "Roma", "Lazio", "00153", ["06 581 2260", "+39 06 581 2260", "+39 333 123 4567"]],
  ["JP", 35.68, 139.76, "すきやばし次郎", "中央区銀座4-2-15", "東京都", "東京都", "104-0061", ["03-3535-3600", "+81 3-3535-3600", "０３－３５３５－３６００"]],
  ["CN", 39.91, 116.4, "北京烤鸭店", "前门大街30号", "北京", "北京市", "100051", ["010 6511 2418", "+86 10 6511 2418", "+86 138 0013 8000"]],
  ["KR", 37.57, 126.98, "광장시장", "종로구 창경궁로 88", "서울", "서울특별시", "03195", ["02-2267-0291", "+82 2-2267-0291"]],
  ["RU", 55.75, 37.62, "Кафе Пушкинъ", "Тверской бульвар, 26А", "Москва", "Москва", "125009", ["8 495 739-00-33", "+7 495 739-00-33", "+7 (495) 739 0033"]],
  ["BR", -23.55, -46.63, "Padaria Bella Paulista", "Rua Haddock Lobo, 354", "São Paulo", "SP", "01414-000", ["(11) 3214-3347", "+55 11 3214-3347", "+55 11 98765-4321", "0 xx 11 3214-3347"]],
  ["IN", 28.63, 77.22, "Karim's", "16 Gali Kababian, Jama Masjid", "New Delhi", "Delhi", "110006", ["011 2326 4981", "+91 11 2326 4981", "+91 98100 12345", "09810012345"]],
  ["AU", -33.87, 151.21, "Harry's Cafe de Wheels", "Cowper Wharf Roadway", "Sydney", "NSW", "2011", ["(02) 9357 3074", "+61 2 9357 3074", "13 CABS", "1300 655 506"]],
  ["MX", 19.43, -99.13, "Taquería Los Cocuyos", "Calle de Bolívar 56", "Ciudad de México", "CDMX", "06000", ["55 5518 4231", "+52 55 5518 4231", "01 55 5518 4231"]],
  ["NL", 52.37, 4.9, "Café 't Smalle", "Egelantiersgracht 12", "Amsterdam", "Noord-Holland", "1015 RL", ["020 623 9617", "+31 20 623 9617"]],
  ["SE", 59.33, 18.07, "Café Saturnus", "Eriksbergsgatan 6", "Stockholm", "Stockholm", "114 30", ["08-611 77 00", "+46 8 611 77 00"]],
  ["AE", 25.2, 55.27, "مطعم البحر", "شارع الشيخ زايد", "دبي", "دبي", "", ["04 123 4567", "+971 4 123 4567", "\u202d+971 50 123 4567\u202c"]],
  ["IL", 32.08, 34.78, "שלום קפה", "רחוב דיזנגוף 99", "תל אביב", "", "6433222", ["03-123-4567", "+972 3-123-4567"]],
  ["TH", 13.75, 100.5, "ร้านอาหารไทย", "ถนนสีลม แขวงสุริยวงศ์ เขตบางรัก", "กรุงเทพมหานคร", "", "10500", ["02 234 5678", "+66 2 234 5678"]],
  ["QA", 25.29, 51.53, "Al Mourjan", "P.O. Box 12, Corniche", "Doha", "", "", ["+974 4483 4423", "4483 4423"]],
  ["CH", 46.2, 6.14, "Café du Soleil", "Place du Petit-Saconnex 6", "Genève", "GE", "1209", ["022 733 34 17", "+41 22 733 34 17"]],
  ["ZA", -33.92, 18.42, "Mama Africa", "178 Long Street", "Cape Town", "Western Cape", "8001", ["021 426 1017", "+27 21 426 1017"]],
  ["TR", 41.01, 28.98, "Hafız Mustafa 1864", "Hobyar, Hamidiye Cd. No:84", "İstanbul", "", "34112", ["0212 527 6654", "+90 212 527 66 54"]],
  ["PL", 52.23, 21.01, "Bar Mleczny Prasowy", "Marszałkowska 10/16", "Warszawa", "mazowieckie", "00-590", ["22 628 44 24", "+48 22 628 44 24"]],
  ["VI", 18.34, -64.93, "Gladys' Cafe", "5600 Royal Dane Mall", "Charlotte Amalie", "", "00802", ["774-6604", "340 774 6604", "+1 340 774 6604"]],
];

// biome-ignore format: list
const WEBSITES: readonly string[] = [
  "", "https://www.joespizza.com/", "http://JoesPizza.COM", "joespizza.com/menu?utm_source=x", "www.example.co.uk",
  "https://shop.example.com:8080/", "https://example.com:443/a", "https://user:pw@example.com/", "http://1.2.3.4/",
  "http://[::1]/", "https://münchen.de", "https://xn--mnchen-3ya.de/", "https://例え.jp/", "http://localhost:3000",
  "https://www.facebook.com/joespizza", "https://instagram.com/joes.pizza", "https://www.yelp.com/biz/joes-pizza",
  "https://sites.google.com/view/joespizza", "https://joes.business.site", "https://www.google.com/url?q=https://realsite.com/",
  "https://l.facebook.com/l.php?u=https%3A%2F%2Fother-site.org%2F", "http//example.org", "https:/example.net",
  "www.https://example.io", "ftp://example.com", "mailto:joe@example.com", "https://my_shop.example.com",
  "https://example", "https://example.123", "https://Example.com./", "https://linktr.ee/joes", " https://trailing.com ",
];

// biome-ignore format: list
const CATEGORIES: readonly string[] = ["restaurant", "pizza_restaurant", "cafe", "coffee_shop", "bakery", "hotel",
  "eat_and_drink", "gas_station", "supermarket", "bar", "not_a_category", "Restaurant", ""];

// biome-ignore format: list
const OSM_KEYS: ReadonlyArray<readonly [string, string]> = [["amenity", "restaurant"], ["amenity", "cafe"],
  ["shop", "bakery"], ["tourism", "hotel"], ["amenity", "fuel"], ["shop", "vacant"], ["disused:shop", "bakery"],
  ["leisure", "fitness_centre"], ["amenity", "pub"]];

interface Generated {
  overture: string[];
  jsonl: string[];
  osm: string[];
  phones: Array<[string, string | null]>;
  websites: string[];
  streets: string[];
}

function generate(): Generated {
  const r = rng(8_2026);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const maybe = <T>(v: T, p = 0.8): T | null => (r() < p ? v : null);
  const out: Generated = {
    overture: [],
    jsonl: [],
    osm: [],
    phones: [],
    websites: [...WEBSITES],
    streets: [],
  };
  for (let i = 0; i < 1200; i++) {
    const [country, lat, lon, name, street, city, region, postcode, phones] = pick(PLACES);
    const phone = pick(phones);
    const other = pick(pick(PLACES)[8]);
    const website = pick(WEBSITES);
    const house = String(1 + Math.floor(r() * 500));
    const line = r() < 0.3 ? `${house} ${street}` : street;
    out.phones.push([phone, country], [other, country], [phone, null]);
    out.streets.push(line);
    const jitter = () => (r() - 0.5) * 0.02;
    out.overture.push(
      JSON.stringify({
        id: `ov${i}`,
        names: maybe({ primary: r() < 0.1 ? ` ${name}  ` : name }, 0.97),
        categories: maybe({ primary: pick(CATEGORIES), alternate: r() < 0.3 ? [pick(CATEGORIES)] : null }),
        confidence: r(),
        websites: maybe(r() < 0.2 ? [pick(WEBSITES), website] : [website]),
        phones: maybe(r() < 0.2 ? [phone, other] : [phone]),
        socials: maybe([`https://www.facebook.com/${100000 + i}`], 0.3),
        addresses: maybe([
          {
            freeform: maybe(line),
            locality: maybe(city),
            region: maybe(region),
            postcode: maybe(postcode),
            country: maybe(r() < 0.1 ? country.toLowerCase() : country),
          },
        ]),
        latitude: maybe(lat + jitter(), 0.95),
        longitude: lon + jitter(),
      }),
    );
    out.jsonl.push(
      JSON.stringify({
        id: r() < 0.02 ? "" : `fl${i}`,
        name: r() < 0.02 ? null : name,
        latitude: maybe(lat + jitter(), 0.9),
        longitude: lon + jitter(),
        full_address: maybe(`${line}, ${postcode} ${city}, ${country}`, 0.4),
        street: maybe(street, 0.3),
        house: maybe(house, 0.3),
        city: maybe(city, 0.6),
        state: maybe(region, 0.5),
        postcode: maybe(postcode, 0.5),
        country: maybe(
          r() < 0.2 ? pick(["Deutschland", "USA", "United Kingdom", "日本", "Россия"]) : country,
          0.7,
        ),
        phones: maybe(r() < 0.3 ? `${phone}; ${other}` : [phone]),
        websites: maybe([website]),
        categories: maybe([pick(CATEGORIES)]),
        emails: maybe(["info@example.com"], 0.2),
      }),
    );
    if (i % 3 === 0) {
      const [key, value] = pick(OSM_KEYS);
      out.osm.push(
        JSON.stringify({
          osm_id: `node/${i}`,
          name,
          lat: lat + jitter(),
          lon: lon + jitter(),
          tags: {
            name,
            [key]: value,
            ...(r() < 0.6 ? { "addr:housenumber": house, "addr:street": street } : {}),
            ...(r() < 0.5 ? { "addr:city": city, "addr:postcode": postcode } : {}),
            ...(r() < 0.7 ? { phone } : { "contact:phone": other }),
            ...(r() < 0.6 ? { website } : {}),
          },
        }),
      );
    }
  }
  return out;
}

/** Digests of the stored columns, row by row, of lines of a JSON-lines file of `format`. */
function chunkDigests(format: ReferenceFormat, items: ReferenceItem[]): string[] {
  const digests: string[] = [];
  for (let from = 0; from < items.length; from += 500) {
    const { rows, skips, errors } = normalizeChunk({
      format,
      bbox: null,
      items: items.slice(from, from + 500),
    });
    for (let k = 0; k < rows.recordId.length; k++) digests.push(digest(STAGED_FIELDS.map((f) => rows[f][k])));
    digests.push(digest({ skips, errors }));
  }
  return digests;
}

const lineItems = (lines: string[]): ReferenceItem[] => lines.map((text, i) => ({ text, line: i + 1 }));

// biome-ignore format: list
const FILES: ReadonlyArray<[string, ReferenceFormat]> = [
  ["test/fixtures/reference/overture-sample.parquet", "overture"],
  ["test/fixtures/reference/overture-export.geojson", "overture"],
  ["test/fixtures/reference/fsq-sample.parquet", "fsq"],
  ["test/fixtures/reference/osm-overpass.geojson", "osm"],
  ["test/fixtures/reference/places.csv", "csv"],
  ["test/fixtures/reference/places.jsonl", "jsonl"],
  ["resources/reference/overture-us-sample.jsonl.gz", "overture"],
];

async function actual(): Promise<Record<string, string[]>> {
  const g = generate();
  const out: Record<string, string[]> = {
    "generated overture": chunkDigests("overture", lineItems(g.overture)),
    "generated jsonl": chunkDigests("jsonl", lineItems(g.jsonl)),
    "generated osm": chunkDigests("osm", lineItems(g.osm)),
    "normalizePhone (job side)": g.phones.map(([raw, country]) => digest(normalizePhone(raw, country))),
    "normalizeWebsite (job side)": g.websites.map((raw) => digest(normalizeWebsite(raw))),
    "street and name keys (job side)": g.streets.map((s) => digest([streetKey(s), nameKey(s)])),
    "address keys (job side)": PLACES.map(([country, , , , street, city, region, postcode]) =>
      digest(addressKeys({ house: "12-B", street, city, state: region, postalCode: postcode, country })),
    ),
  };
  for (const [file, format] of FILES) {
    const opened = await openReferenceFile(path(file), format);
    const items: ReferenceItem[] = [];
    for await (const item of opened.rows) items.push(item);
    out[file] = chunkDigests(format, items);
  }
  return out;
}

describe("import normalization, pinned", () => {
  it("stores the same match keys and documents, and the job side normalizes the same, as before", async () => {
    const got = await actual();
    if (process.env.UPDATE_EQUIVALENCE) writeFileSync(EXPECTED, `${JSON.stringify(got, null, 0)}\n`);
    const expected = JSON.parse(readFileSync(EXPECTED, "utf8")) as Record<string, string[]>;
    expect(Object.keys(got)).toEqual(Object.keys(expected));
    for (const [set, digests] of Object.entries(expected)) {
      const differing = digests.flatMap((d, i) => (got[set]![i] === d ? [] : [i]));
      expect({ set, rows: got[set]!.length, differing: differing.slice(0, 10) }).toEqual({
        set,
        rows: digests.length,
        differing: [],
      });
    }
  }, 120_000);
});
