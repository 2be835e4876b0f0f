/**
 * Website discovery end to end: a batch of places without a website goes through the API, the
 * worker and a real enrichment thread whose website source searches the SearXNG fixture server
 * (real HTTP, SearXNG's JSON) and fetches the loopback web fixture server it points at, on both
 * stores. The search settings cross into the thread as plain config, as the service passes them.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { testEnricherModule } from "../support/enrichment.js";
import { type SearxngFixtureServer, startSearxngFixtureServer } from "../support/searxng-fixture-server.js";
import { createTestApp, STORE_KINDS } from "../support/test-app.js";
import { startWebFixtureServer, type WebFixtureServer } from "../support/web-fixture-server.js";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

let web: WebFixtureServer;
let searx: SearxngFixtureServer;
const site = (host: string, page: string) => `http://${host}:${web.port}/static/${page}.html`;

beforeAll(async () => {
  web = await startWebFixtureServer();
  searx = await startSearxngFixtureServer();
  searx.setResults("Marigold Table Portland", [
    {
      url: "https://www.yelp.com/biz/marigold-table-portland",
      title: "Marigold Table - Portland, OR - Yelp",
    },
    { url: site("www.marigoldtable.com", "01-jsonld-restaurant-us"), title: "Home | Marigold Table" },
  ]);
  searx.setResults("Lantern Books Asheville", [
    {
      url: "https://www.tripadvisor.com/Attraction_Review-d1-Lantern_Books",
      title: "Lantern Books - Tripadvisor",
    },
    { url: "https://www.yelp.com/biz/lantern-books-asheville", title: "Lantern Books - Asheville - Yelp" },
  ]);
  searx.setResults("Blue Crab Shack Annapolis", [
    {
      url: site("www.bluecrabshackmiami.com", "discovery/discovery-namesake-blue-crab-shack-miami"),
      title: "Blue Crab Shack Miami | Seafood on Ocean Drive",
    },
  ]);
});
afterAll(async () => {
  await searx.close();
  await web.close();
});

describe.each(STORE_KINDS)("website discovery on %s", (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    const env = { WEB_ALLOW_PRIVATE_NETWORK: "true", WEB_FETCHING: "on", SEARCH_URL: searx.url };
    const config = loadConfig(env);
    t = await createTestApp({
      store: kind,
      enricher: {
        enricherModule: testEnricherModule("web-fixture.ts"),
        enricherOptions: {
          web: { ...config.web, allowedPorts: [web.port], perHostDelayMs: 0 },
          search: { ...config.search, ratePerSecond: 100 },
        },
      },
    });
  });
  afterEach(async () => t.close());

  it("discovers and verifies a site, gives none from directories, and rejects a namesake elsewhere", async () => {
    const created = await t.call("POST", "/batches", {
      body: {
        batch_name: "discovery",
        attributes: ["websites", "phoneNumbers", "closed_permanently"],
        jobs: [
          { place_id: "marigold", inputs: { name: "Marigold Table", city: "Portland", country_code: "US" } },
          { place_id: "lantern", inputs: { name: "Lantern Books", city: "Asheville", country_code: "US" } },
          {
            place_id: "crab",
            inputs: {
              name: "Blue Crab Shack",
              city: "Annapolis",
              country_code: "US",
              phone: "+1 410 555 0134",
            },
          },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    await t.drain();
    const results = await t.call("GET", `/jobs?batchId=${created.json.id}`);
    const jobs = Object.fromEntries(results.json.jobs.map((j: any) => [j.place_id, j]));

    const m = jobs.marigold;
    expect(m.status).toBe("completed");
    expect(m.outputs.website).toBe(site("www.marigoldtable.com", "01-jsonld-restaurant-us"));
    expect(m.confidence_scores.website).toBe("MEDIUM");
    expect(m.reasoning.website).toContain('found by searching "Marigold Table Portland" (result 2');
    expect(m.outputs.phone).toBe("+15035550142");
    expect(m.outputs.open_closed_status).toBe("Open");

    expect(jobs.lantern.outputs.website).toBeNull();
    expect(jobs.lantern.reasoning.website).toContain("no candidate site among the results");

    expect(jobs.crab.outputs.website).toBeNull();
    expect(jobs.crab.reasoning.website).toMatch(/bluecrabshackmiami\.com.*not accepted/);
    expect(jobs.crab.outputs.phone).toBe("+14105550134");
  });

  it("POST /enrich reports the website attributes ERROR when the search engine rate limits", async () => {
    searx.rateLimit(1, "30");
    const answer = await t.call("POST", "/enrich", {
      body: {
        place_id: "limited",
        attributes: ["websites", "phoneNumbers"],
        // A query no other test asks: the enrichment threads' search cache outlives one test app.
        inputs: { name: `Quiet Heron ${kind}`, city: "Eugene", country_code: "US" },
      },
    });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json.status, JSON.stringify(answer.json)).toBe("failed");
    expect(answer.json.job_metadata.attribute_status.websites).toBe("ERROR");
    expect(answer.json.job_metadata.error).toContain("rate limit");
  });
});
