import { describe, expect, it } from "vitest";
import type { SearchResult } from "../../search/search-provider.js";
import type { SiteVerdict } from "../evidence/site-verification.js";
import { citable, domainSimilarity, selectFromResults } from "./candidate-selection.js";
import { acceptDiscovered, otherCityStated, pageNames, phoneContradiction } from "./discover-website.js";
import { listingKind } from "./listing-domains.js";

const place = {
  name: "Marigold Table",
  phones: [],
  postalCode: "97202",
  city: "Portland",
  street: "2210 SE Division St",
};
const r = (url: string, title: string, content = ""): SearchResult => ({
  url,
  title,
  content,
  engine: "duckduckgo",
  score: null,
});

describe("listing sites", () => {
  it("knows directories, reviews, maps, delivery, booking and social networks under every country suffix", () => {
    expect(listingKind("https://www.yelp.de/biz/x")).toBe("review");
    expect(listingKind("https://fr.tripadvisor.ca/Restaurant_Review-x")).toBe("review");
    expect(listingKind("https://www.gelbeseiten.de/gsbiz/1")).toBe("directory");
    expect(listingKind("https://www.google.co.uk/maps/place/x")).toBe("map");
    expect(listingKind("https://maps.apple.com/?q=x")).toBe("map");
    expect(listingKind("https://www.ubereats.com/store/x")).toBe("delivery");
    expect(listingKind("https://www.opentable.co.uk/r/x")).toBe("booking");
    expect(listingKind("https://m.facebook.com/x")).toBe("social");
    expect(listingKind("https://en.wikipedia.org/wiki/X")).toBe("reference");
  });

  it("leaves a business's own site alone, site builders on a listed domain included", () => {
    expect(listingKind("https://www.marigoldtable.com/")).toBeNull();
    expect(listingKind("https://sites.google.com/view/marigoldtable")).toBeNull();
    expect(listingKind("https://www.yelpingdog.com/")).toBeNull();
  });
});

describe("domain similarity", () => {
  it("is high for the name as a domain, with or without hyphens, city or generic words", () => {
    expect(domainSimilarity("Marigold Table", "marigoldtable")).toBe(1);
    expect(domainSimilarity("Le Bistrot des Halles", "bistrot-des-halles-lyon")).toBeGreaterThanOrEqual(0.8);
    expect(domainSimilarity("Bäckerei Kornblume", "baeckerei-kornblume")).toBeGreaterThanOrEqual(0.8);
    expect(domainSimilarity("Marigold Table", "pdxfoodnotes")).toBeLessThan(0.6);
  });
});

describe("selectFromResults", () => {
  it("drops listings, keeps one candidate per domain, and orders candidates by score", () => {
    const s = selectFromResults(place, "Marigold Table Portland", [
      r("https://www.yelp.com/biz/marigold-table-portland", "Marigold Table - Portland - Yelp"),
      r("https://www.pdxfoodnotes.com/marigold-table-review", "Marigold Table review | PDX Food Notes"),
      r("https://www.marigoldtable.com/menu", "Menu | Marigold Table", "2210 SE Division St, Portland"),
      r("https://www.marigoldtable.com/", "Marigold Table"),
      r("https://www.unrelated-news.com/x", "Ten brunch spots", "Portland"),
    ]);
    expect(s.listings).toBe(1);
    expect(s.candidates.map((c) => c.url)).toEqual([
      "https://www.marigoldtable.com/menu",
      "https://www.pdxfoodnotes.com/marigold-table-review",
    ]);
    expect(s.candidates[0]).toMatchObject({
      rank: 3,
      domain: "marigoldtable.com",
      domainSimilarity: 1,
      titleNamesPlace: true,
      locationWords: ["city", "street"],
    });
    expect(s.naming).toBe(4);
  });

  it("reads profiles naming the place as handles, and listings saying it closed for good", () => {
    const s = selectFromResults(place, "q", [
      r("https://www.instagram.com/marigoldtablepdx/", "Marigold Table (@marigoldtablepdx) • Instagram"),
      r("https://www.instagram.com/someoneelse/", "Someone Else • Instagram"),
      r(
        "https://www.yelp.com/biz/marigold-table-portland",
        "Marigold Table - CLOSED - Yelp",
        "Marigold Table is permanently closed. 2210 SE Division St.",
      ),
      r("https://www.yelp.com/biz/marigold-lounge", "Marigold Lounge - Yelp", "permanently closed"),
    ]);
    expect(s.socials).toEqual([
      expect.objectContaining({ platform: "instagram", handle: "marigoldtablepdx", rank: 1 }),
    ]);
    expect(s.closedListings).toEqual([
      expect.objectContaining({
        kind: "review",
        located: true,
        quote: expect.stringContaining("permanently closed"),
      }),
    ]);
    expect(s.candidates).toEqual([]);
  });

  it("ignores results no one lists a place at: IP addresses (v4, v6), local names, other schemes", () => {
    const closed = "Marigold Table - permanently closed";
    const s = selectFromResults(place, "q", [
      r("http://203.0.113.7/marigold-table", closed, "Marigold Table is permanently closed."),
      r("https://[2001:db8::1]/marigold", closed, "permanently closed, 2210 SE Division St"),
      r("http://marigold.local/", closed, "permanently closed"),
      r("ftp://files.example.com/marigold-table.pdf", closed, "permanently closed"),
      r("https://www.yelp.com/biz/marigold-table-portland", "Marigold Table - Yelp", "Open now"),
    ]);
    expect(s.closedListings).toEqual([]);
    expect(s.candidates).toEqual([]);
    expect(s.listings).toBe(1); // Yelp only
    expect(s.naming).toBe(1);
  });
});

describe("acceptDiscovered", () => {
  const candidate = (domainSimilarity: number) =>
    ({ domain: "x.com", domainSimilarity }) as Parameters<typeof acceptDiscovered>[0];
  const verdict = (agreements: SiteVerdict["agreements"], strong: boolean): SiteVerdict => ({
    verdict: "verified",
    agreements,
    strong,
    why: `the site agrees with the place on ${agreements.join(", ")}`,
  });

  it("needs two agreements, and a domain like the name unless a phone or the street agrees", () => {
    expect(acceptDiscovered(candidate(1), verdict(["name", "city"], true), "").accepted).toBe(true);
    expect(acceptDiscovered(candidate(0.3), verdict(["name", "city"], true), "").accepted).toBe(false);
    expect(acceptDiscovered(candidate(0.3), verdict(["name", "phone"], true), "").accepted).toBe(true);
    const weak = acceptDiscovered(candidate(1), verdict(["name"], false), "");
    expect(weak).toMatchObject({ accepted: false, why: expect.stringContaining("must also agree") });
    // The name alone, but a domain that is the name and a page naming the place's city.
    expect(acceptDiscovered(candidate(1), verdict(["name"], false), "", "Zaragoza")).toMatchObject({
      accepted: true,
      why: expect.stringContaining("its text names Zaragoza"),
    });
    expect(acceptDiscovered(candidate(0.85), verdict(["name"], false), "", "Zaragoza").accepted).toBe(false);
    expect(acceptDiscovered(candidate(1), null, "HTTP 404")).toEqual({
      accepted: false,
      why: "the site could not be read: HTTP 404",
    });
  });
});

describe("pageNames", () => {
  it("finds a city as a word of the visible text, not in scripts or inside other words", () => {
    const html = `<html><head><script>var city = "Lyon";</script></head><body><p>C/ Delicias 88, 50017 Zaragoza</p><p>Portlandia</p></body></html>`;
    expect(pageNames(html, "Zaragoza")).toBe(true);
    expect(pageNames(html, "zaragoza")).toBe(true);
    expect(pageNames(html, "Lyon")).toBe(false);
    expect(pageNames(html, "Portland")).toBe(false);
    expect(pageNames("<p>Freiburg im Breisgau</p>", "Freiburg im Breisgau")).toBe(true);
  });
});

describe("otherCityStated", () => {
  const check = (...cities: Array<string | undefined>) => ({
    verdict: null,
    outcome: { kind: "ok", reason: "" },
    pages: [{ facts: { addresses: cities.map((city) => ({ value: city ? { city } : {} })), phones: [] } }],
  });
  it("names a structured address in another town; the place's own town (any case or accent) is not one", () => {
    expect(otherCityStated(check("Miami Beach"), "Annapolis")).toBe("Miami Beach");
    expect(otherCityStated(check("ZARAGOZA", undefined), "Zaragoza")).toBeNull();
    expect(otherCityStated(check("Köln"), "Koln")).toBeNull();
    expect(otherCityStated(check(), "Annapolis")).toBeNull();
  });
});

describe("phoneContradiction", () => {
  const site = (...phones: Array<[string, string]>) => ({
    verdict: null,
    outcome: { kind: "ok", reason: "" },
    pages: [{ facts: { addresses: [], phones: phones.map(([value, label]) => ({ value, label })) } }],
  });
  it("names the site's own lines when none is the place's; a fax or booking line, or no phone, contradicts nothing", () => {
    expect(phoneContradiction(site(["+18005550199", "phone"]), ["+15035550100"])).toEqual(["+18005550199"]);
    expect(
      phoneContradiction(site(["+18005550199", "phone"], ["+15035550100", "unlabelled"]), ["+15035550100"]),
    ).toBeNull();
    expect(phoneContradiction(site(["+18005550199", "fax"]), ["+15035550100"])).toBeNull();
    expect(phoneContradiction(site(), ["+15035550100"])).toBeNull();
    expect(phoneContradiction(site(["+18005550199", "phone"]), [])).toBeNull();
  });
});

describe("citable", () => {
  it("drops control and format characters, collapses whitespace and clips long titles", () => {
    expect(citable("Marigold\u0000 Table\u001b[31m\n\u202eevil")).toBe("Marigold Table [31m evil");
    const long = citable(`Marigold Table ${"A".repeat(50_000)}`);
    expect(long.length).toBe(120);
    expect(long.endsWith("…")).toBe(true);
  });
});
