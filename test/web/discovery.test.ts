/**
 * Website discovery end to end, in process: the standard enricher (enricher-factory.ts, as an
 * enrichment thread builds it) with website fetching and a search engine, against the SearXNG
 * fixture server (real HTTP, SearXNG's JSON) whose results point at the loopback web fixture server
 * (WEB_ALLOW_PRIVATE_NETWORK on; every name resolves to 127.0.0.1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type SearchConfig } from "../../src/config.js";
import type { AttributeKey } from "../../src/domain/attributes.js";
import type { ConfiguredPlaceEnricher } from "../../src/enrich/enricher.js";
import { JobBudget } from "../../src/enrich/job-budget.js";
import { createEnricher } from "../support/enrichers/web-fixture.js";
import { type SearxngFixtureServer, startSearxngFixtureServer } from "../support/searxng-fixture-server.js";
import { startWebFixtureServer, type WebFixtureServer } from "../support/web-fixture-server.js";

let web: WebFixtureServer;
let searx: SearxngFixtureServer;
let enricher: ConfiguredPlaceEnricher;

function searchConfig(overrides: Partial<SearchConfig> = {}): SearchConfig {
  return {
    ...loadConfig({ WEB_FETCHING: "on", SEARCH_URL: searx.url }).search,
    ratePerSecond: 100,
    ...overrides,
  };
}

function build(search: Partial<SearchConfig> = {}): ConfiguredPlaceEnricher {
  const config = {
    ...loadConfig({ WEB_ALLOW_PRIVATE_NETWORK: "true", WEB_FETCHING: "on" }).web,
    allowedPorts: [web.port],
    perHostDelayMs: 0,
  };
  return createEnricher({ web: config, search: searchConfig(search) });
}

const site = (host: string, page: string) => `http://${host}:${web.port}/static/${page}.html`;
const yelp = (slug: string, extra: Partial<{ title: string; content: string }> = {}) => ({
  url: `https://www.yelp.com/biz/${slug}`,
  title: extra.title ?? `${slug} - Portland, OR - Yelp`,
  content: extra.content ?? "Reviews, photos and menu.",
});

const ATTRS: AttributeKey[] = ["websites", "phoneNumbers", "socialHandles", "closed_permanently"];

async function enrich(
  e: ConfiguredPlaceEnricher,
  id: string,
  inputs: Record<string, unknown>,
  ctx: { refresh?: boolean; budget?: JobBudget } = {},
  attributes = ATTRS,
) {
  const place = e.prepare(id, { country_code: "US", ...inputs } as never);
  return e.enrich(place, attributes, { now: Date.now(), ...ctx });
}

beforeAll(async () => {
  web = await startWebFixtureServer();
  searx = await startSearxngFixtureServer();
  enricher = build();
});
afterAll(async () => {
  await searx.close();
  await web.close();
});

describe("website discovery", () => {
  it("finds, verifies and reports the site of a place without a website hint, ranked below directories", async () => {
    searx.setResults("Marigold Table Portland", [
      yelp("marigold-table-portland", { title: "Marigold Table - Portland, OR - Yelp" }),
      {
        url: "https://www.tripadvisor.com/Restaurant_Review-g52024-d1-Marigold_Table-Portland_Oregon.html",
        title: "MARIGOLD TABLE, Portland - Restaurant Reviews - Tripadvisor",
      },
      {
        url: "https://www.instagram.com/marigoldtablepdx/",
        title: "Marigold Table (@marigoldtablepdx) • Instagram photos and videos",
      },
      {
        url: site("www.marigoldtable.com", "01-jsonld-restaurant-us"),
        title: "Home | Marigold Table",
        content: "Seasonal Pacific Northwest cooking on SE Division St, Portland.",
      },
    ]);
    const r = await enrich(enricher, "marigold", { name: "Marigold Table", city: "Portland" });
    expect(r.websites?.outputs.website).toBe(site("www.marigoldtable.com", "01-jsonld-restaurant-us"));
    // Name and city agree, and the domain is the name: MEDIUM (no phone or street to make it HIGH).
    expect(r.websites?.confidence.website).toBe("MEDIUM");
    const reasoning = r.websites?.reasoning.website ?? "";
    expect(reasoning).toContain('found by searching "Marigold Table Portland" (result 4, duckduckgo)');
    expect(reasoning).toContain("name 'Marigold Table'");
    expect(reasoning).toContain("city");
    expect(r.websites?.metadata).toMatchObject({
      verification: "verified",
      discovery: {
        provider: "searxng",
        queries: [{ query: "Marigold Table Portland", results: 4, fromCache: false }],
        candidates: [{ rank: 4, accepted: true, verification: "verified" }],
      },
    });
    // The verified site's phone; the profile in the results agrees with the site's own link: HIGH.
    expect(r.phoneNumbers?.outputs.phone).toBe("+15035550142");
    expect(r.socialHandles?.outputs.instagram).toBe("marigoldtablepdx");
    expect(r.socialHandles?.confidence.instagram).toBe("HIGH");
    expect(r.closed_permanently?.outputs.open_closed_status).toBe("Open");
    // Directories were never fetched.
    expect(web.requests.filter((q) => q.host.includes("yelp") || q.host.includes("tripadvisor"))).toEqual([]);
  });

  it("gives no website from a result set of directories and profiles, but reads the handle and a closure listing", async () => {
    searx.setResults("Juniper & Rye Portland", [
      yelp("juniper-and-rye-portland", {
        title: "Juniper & Rye - CLOSED - Portland, OR - Yelp",
        content: "Juniper & Rye is permanently closed. 2 photos, 41 reviews.",
      }),
      {
        url: "https://www.facebook.com/juniperandrye",
        title: "Juniper & Rye | Portland OR | Facebook",
      },
      {
        url: "https://www.google.com/maps/place/Juniper+%26+Rye/@45.5,-122.6,17z",
        title: "Juniper & Rye · Google Maps",
      },
      {
        url: "https://www.opentable.com/r/juniper-and-rye-portland",
        title: "Juniper & Rye Restaurant - Portland, OR | OpenTable",
      },
    ]);
    const before = web.requests.length;
    const r = await enrich(enricher, "juniper", { name: "Juniper & Rye", city: "Portland" });
    expect(r.websites?.outputs.website).toBeNull();
    expect(r.websites?.reasoning.website).toContain(
      'web search (searxng) for "Juniper & Rye Portland" (4 results): no candidate site among the results',
    );
    expect(r.socialHandles?.outputs.facebook).toBe("juniperandrye");
    expect(r.socialHandles?.confidence.facebook).toBe("LOW");
    // A listing saying "permanently closed" that also names the city: MEDIUM, never more on its own.
    expect(r.closed_permanently?.outputs.open_closed_status).toBe("Closed");
    expect(r.closed_permanently?.confidence.open_closed_status).toBe("MEDIUM");
    expect(r.closed_permanently?.reasoning.open_closed_status).toContain("is permanently closed");
    expect(web.requests.length).toBe(before);
  });

  it("rejects a look-alike domain of another business and a same-named business in another city", async () => {
    searx.setResults("Marigold Table Salem", [
      {
        url: site("www.marigoldtables.com", "discovery/discovery-lookalike-marigold-tables"),
        title: "Marigold Tables | Event & Party Rentals in Seattle",
      },
      {
        url: site("www.pdxfoodnotes.com", "discovery/discovery-news-article"),
        title: "Marigold Table review: Portland's new brunch favourite | PDX Food Notes",
      },
    ]);
    const r = await enrich(enricher, "lookalike", { name: "Marigold Table", city: "Salem" });
    expect(r.websites?.outputs.website).toBeNull();
    const why = r.websites?.reasoning.website ?? "";
    expect(why).toContain("marigoldtables.com");
    expect(why).toMatch(/marigoldtables\.com[^;]*not accepted: the site names 'Marigold Tables/);
    expect(why).toMatch(/pdxfoodnotes\.com[^;]*not accepted: .*name/);

    searx.setResults("Blue Crab Shack Annapolis", [
      {
        url: site("www.bluecrabshackmiami.com", "discovery/discovery-namesake-blue-crab-shack-miami"),
        title: "Blue Crab Shack Miami",
      },
    ]);
    const namesake = await enrich(enricher, "namesake", {
      name: "Blue Crab Shack",
      city: "Annapolis",
      phone: "+1 410 555 0134",
    });
    expect(namesake.websites?.outputs.website).toBeNull();
    expect(namesake.websites?.reasoning.website).toContain("not accepted");
    expect(namesake.phoneNumbers?.outputs.phone).toBe("+14105550134");
  });

  it("does not search when the client's hint verifies strongly", async () => {
    const before = searx.searches();
    const r = await enrich(enricher, "hinted", {
      name: "Blue Crab Shack",
      city: "Annapolis",
      phone: "+1 410 555 0134",
      website: site("www.bluecrabshack.com", "13-microdata-restaurant-us"),
    });
    expect(r.websites?.confidence.website).toBe("HIGH");
    expect(searx.searches()).toBe(before);
  });

  it("searches beside a hint verified on its name alone, without fetching the hint's domain again", async () => {
    const hint = site("www.lanternbooks.com", "12-jsonld-special-hours-us");
    searx.setResults("Lantern Books Springfield", [{ url: `${hint}?ref=search`, title: "Lantern Books" }]);
    const before = web.requests.filter((q) => q.host === "www.lanternbooks.com").length;
    const r = await enrich(
      enricher,
      "weak-hint",
      { name: "Lantern Books", city: "Springfield", website: hint },
      {
        refresh: true,
      },
    );
    expect(searx.searches("Lantern Books Springfield")).toBe(1);
    expect(r.websites?.outputs.website).toBe(hint);
    expect(r.websites?.confidence.website).toBe("MEDIUM");
    expect(r.websites?.metadata).toMatchObject({ discovery: { candidates: [] } });
    // The hint's page and its hop: the search's URL on the same domain was not fetched.
    const fetched = web.requests.filter((q) => q.host === "www.lanternbooks.com").slice(before);
    expect(fetched.some((q) => q.path.includes("ref=search"))).toBe(false);
  });

  it("reuses a query's results, asks again on refresh, and asks the job's budget first", async () => {
    searx.setResults("Lantern Books Asheville", [
      { url: site("www.lanternbooks.com", "12-jsonld-special-hours-us"), title: "Lantern Books" },
    ]);
    const place = { name: "Lantern Books", city: "Asheville" };
    const budget = new JobBudget({ searches: 5 });
    const first = await enrich(enricher, "lantern", place, { budget });
    expect(first.websites?.outputs.website).toBe(site("www.lanternbooks.com", "12-jsonld-special-hours-us"));
    expect(budget.spent().searches).toBe(1);
    await enrich(enricher, "lantern", place, { budget });
    expect(searx.searches("Lantern Books Asheville")).toBe(1);
    expect(budget.spent().searches).toBe(1); // a cached answer costs nothing
    await enrich(enricher, "lantern", place, { budget, refresh: true });
    expect(searx.searches("Lantern Books Asheville")).toBe(2);
    expect(budget.spent().searches).toBe(2);

    const spent = new JobBudget({ searches: 0 });
    const skipped = await enrich(
      enricher,
      "broke",
      { name: "Salon Capucine", city: "Nantes" },
      { budget: spent },
    );
    expect(searx.searches("Salon Capucine Nantes")).toBe(0);
    expect(skipped.websites?.outputs.website).toBeNull();
    expect(skipped.websites?.reasoning.website).toContain("the job's search budget is spent");
    expect(skipped.websites?.metadata).toMatchObject({
      discovery: { stopped: "the job's search budget is spent" },
    });
  });

  it("asks nothing for a place without a city or postcode, and says why", async () => {
    const before = searx.searches();
    const r = await enrich(enricher, "nowhere", { name: "Quill & Ink Stationery" });
    expect(searx.searches()).toBe(before);
    expect(r.websites?.reasoning.website).toContain(
      "no web search: the place has no city or postcode to search with",
    );
  });

  it("tries the street query when the first finds nothing verified", async () => {
    searx.setResults("Harbor Hardware Tacoma", []);
    searx.setResults("Harbor Hardware 2918 6th Ave Tacoma", [
      {
        url: site("stores.harborhardware.com", "10-store-locator-chain-us"),
        title: "Harbor Hardware Tacoma 6th Ave",
      },
    ]);
    const r = await enrich(enricher, "harbor", {
      name: "Harbor Hardware",
      house: "2918",
      street: "6th Ave",
      city: "Tacoma",
    });
    expect(searx.searches("Harbor Hardware Tacoma")).toBe(1);
    expect(r.websites?.metadata).toMatchObject({
      discovery: {
        queries: [{ query: "Harbor Hardware Tacoma" }, { query: "Harbor Hardware 2918 6th Ave Tacoma" }],
      },
    });
    expect(r.websites?.outputs.website).toBe(site("stores.harborhardware.com", "10-store-locator-chain-us"));
  });
});

describe("website discovery when the search engine fails", () => {
  it("states a configuration error (SearXNG's 403 for a format not enabled), never an empty result", async () => {
    const e = build();
    searx.jsonEnabled = false;
    try {
      const r = await enrich(e, "forbidden", { name: "Optik Sommerfeld", city: "Kassel" });
      expect(r.websites?.outputs.website).toBeNull();
      expect(r.websites?.reasoning.website).toContain("search_configuration");
      expect(r.websites?.reasoning.website).toContain("search.formats");
      // Paused: the next place does not ask the refusing engine again.
      const asked = searx.searches();
      await enrich(e, "forbidden2", { name: "Blumen Lindner", city: "Dresden" });
      expect(searx.searches()).toBe(asked);
    } finally {
      searx.jsonEnabled = true;
    }
  });

  it("makes the website attributes ERROR (retried later) when rate limited or garbled, the others resolve", async () => {
    const e = build();
    searx.rateLimit(1, "30");
    const limited = await enrich(e, "limited", { name: "Gelateria Aurora", city: "Torino" }, {}, [
      "websites",
      "categories",
    ]);
    expect(limited.websites?.outputs.website ?? null).toBeNull();
    expect(limited.websites?.status).toBe("ERROR");
    expect(JSON.stringify(limited.websites)).toContain("search_rate_limited");
    expect(limited.categories?.status).not.toBe("ERROR");

    const e2 = build();
    searx.malformed(1);
    const garbled = await enrich(e2, "garbled", { name: "Bakkerij Van Dam", city: "Haarlem" }, {}, [
      "websites",
    ]);
    expect(garbled.websites?.status).toBe("ERROR");
    expect(JSON.stringify(garbled.websites)).toContain("search_bad_response");
  });
  it("prefers a chain's store page found by search to the brand's home page given as the hint", async () => {
    const home = site("www.harborhardware.ca", "discovery/chain-home-harbor-hardware");
    const store = site("www.harborhardware.ca", "discovery/chain-store-harbor-hardware-queen-st");
    searx.setResults("Harbor Hardware Toronto", [
      { url: home, title: "Harbor Hardware | Tools, Paint & Garden Supplies" },
      yelp("harbor-hardware-toronto", { title: "Harbor Hardware - Toronto, ON - Yelp" }),
      {
        url: store,
        title: "Harbor Hardware Queen Street West, Toronto | Store Details",
        content: "412 Queen St W, Toronto. Store hours and phone.",
      },
    ]);
    const r = await enrich(
      enricher,
      "harbor-queen",
      {
        name: "Harbor Hardware",
        full_address: "412 Queen St W, Toronto, ON M5V 2A8",
        country_code: "CA",
        phone: "(416) 555-0142",
        website: home,
      },
      {},
      [...ATTRS, "openingHours"],
    );
    // The store page agrees on the phone and the street: HIGH, over the home page's name alone.
    expect(r.websites?.outputs.website).toBe(store);
    expect(r.websites?.confidence.website).toBe("HIGH");
    expect(r.websites?.reasoning.website).toContain('found by searching "Harbor Hardware Toronto"');
    // The branch's own line and hours, never the brand's customer-care number.
    expect(r.phoneNumbers?.outputs.phone).toBe("+14165550142");
    expect(r.phoneNumbers?.outputs.phone_additional ?? []).not.toContain("+18005550199");
    expect(r.openingHours?.outputs.opening_hours).toMatchObject({
      Monday: "08:00-20:00",
      Sunday: "09:00-18:00",
    });
  });
  it("locates its queries by the full address's city, never by its house number", async () => {
    searx.setResults("Marigold Table Portland", []);
    const r = await enrich(enricher, "full-address-only", {
      name: "Marigold Table",
      full_address: "2210 SE Division St, Portland, OR 97202",
    });
    const discovery = r.websites?.metadata.discovery as { queries: Array<{ query: string }> } | undefined;
    expect(discovery?.queries[0]?.query).toBe("Marigold Table Portland");
    expect(JSON.stringify(discovery)).not.toContain('Marigold Table 2210"');
  });
  it("rejects a site found by search that names the place but answers on another line", async () => {
    // A look-alike domain that is the name, the city in its text: enough on its own, but the
    // place's phone is not the site's.
    searx.setResults("Marigold Table Portland", [
      {
        url: site("www.marigold-table.net", "discovery/lookalike-squatter-marigold"),
        title: "Marigold Table",
        content: "Best brunch in Portland!",
      },
    ]);
    const r = await enrich(
      enricher,
      "squatter",
      { name: "Marigold Table", city: "Portland", phone: "+1 503 555 0100" },
      { refresh: true },
    );
    expect(r.websites?.outputs.website).toBeNull();
    expect(r.phoneNumbers?.outputs.phone_additional ?? null).toBeNull();
    expect(r.websites?.reasoning.website).toContain("is not the place's");
  });
});
