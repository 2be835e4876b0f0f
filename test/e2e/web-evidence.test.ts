/**
 * Website evidence end to end: a batch whose places carry fixture sites as `website` goes through
 * the API, the worker and a real enrichment thread whose website source fetches the loopback fixture
 * server (WEB_ALLOW_PRIVATE_NETWORK on; every name resolves to 127.0.0.1, see
 * test/support/enrichers/web-fixture.ts), on both stores.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type WebConfig } from "../../src/config.js";
import { testEnricherModule } from "../support/enrichment.js";
import { createTestApp, STORE_KINDS } from "../support/test-app.js";
import { startWebFixtureServer, type WebFixtureServer } from "../support/web-fixture-server.js";

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

let server: WebFixtureServer;
beforeAll(async () => {
  server = await startWebFixtureServer();
});
afterAll(() => server.close());

function web(overrides: Partial<WebConfig> = {}): WebConfig {
  return {
    ...loadConfig({ WEB_ALLOW_PRIVATE_NETWORK: "true", WEB_FETCHING: "on" }).web,
    allowedPorts: [server.port],
    perHostDelayMs: 0,
    ...overrides,
  };
}

const site = (host: string, page: string) => `http://${host}:${server.port}/static/${page}.html`;
const ATTRIBUTES = ["websites", "phoneNumbers", "openingHours", "closed_permanently", "names"];

async function enrichBatch(t: TestApp, jobs: unknown[], attributes = ATTRIBUTES) {
  const created = await t.call("POST", "/batches", { body: { batch_name: "web", jobs, attributes } });
  expect(created.status, JSON.stringify(created.json)).toBe(200);
  await t.drain();
  const results = await t.call("GET", `/jobs?batchId=${created.json.id}`);
  expect(results.status).toBe(200);
  return Object.fromEntries(results.json.jobs.map((j: any) => [j.place_id, j]));
}

describe.each(STORE_KINDS)("website evidence on %s", (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({
      store: kind,
      enricher: { enricherModule: testEnricherModule("web-fixture.ts"), enricherOptions: { web: web() } },
    });
  });
  afterEach(async () => t.close());

  it("verifies sites, reads phones and hours, and tells open, closed and parked apart", async () => {
    const jobs = await enrichBatch(t, [
      {
        place_id: "marigold",
        inputs: {
          name: "Marigold Table",
          city: "Portland",
          country_code: "US",
          website: site("www.marigoldtable.com", "01-jsonld-restaurant-us"),
        },
      },
      {
        place_id: "juniper",
        inputs: {
          name: "Juniper & Rye",
          city: "Denver",
          country_code: "US",
          website: site("www.juniperandrye.com", "27-closure-permanent-en"),
        },
      },
      {
        place_id: "harbor",
        inputs: {
          name: "Harbor Lights Diner",
          city: "Portland",
          country_code: "US",
          website: site("www.harborlightsdiner.com", "44-temporary-renovation-en"),
        },
      },
      {
        place_id: "riverbend",
        inputs: {
          name: "Riverbend Bistro",
          city: "Austin",
          country_code: "US",
          website: site("www.riverbendbistro.com", "34-parked-sedo"),
        },
      },
      {
        place_id: "noodles",
        inputs: {
          name: "Columbus Noodle House",
          city: "Columbus",
          country_code: "US",
          website: site("www.thornfieldlaw.com", "36-different-business"),
        },
      },
      {
        place_id: "lapsed",
        inputs: {
          name: "Old Mill Bakery",
          city: "Salem",
          country_code: "US",
          website: `http://gone.oldmillbakery.com:${server.port}/`,
        },
      },
    ]);

    const m = jobs.marigold;
    expect(m.status).toBe("completed");
    expect(m.outputs.website).toBe(site("www.marigoldtable.com", "01-jsonld-restaurant-us"));
    expect(m.confidence_scores.website).toBe("HIGH");
    expect(m.reasoning.website).toContain("verified");
    expect(m.outputs.phone).toBe("+15035550142");
    expect(m.reasoning.phone).toContain("JSON-LD Restaurant.telephone");
    expect(m.outputs.opening_hours).toMatchObject({ Tuesday: "16:00-22:00", Sunday: "10:00-14:00" });
    expect(m.outputs.open_closed_status).toBe("Open");
    expect(m.confidence_scores.open_closed_status).toBe("MEDIUM");

    expect(jobs.juniper.outputs.open_closed_status).toBe("Closed");
    expect(jobs.juniper.confidence_scores.open_closed_status).toBe("MEDIUM");
    expect(jobs.juniper.reasoning.open_closed_status).toMatch(/says ".+"/);
    expect(jobs.harbor.outputs.open_closed_status).toBe("Temporarily Closed");

    for (const id of ["riverbend", "noodles", "lapsed"]) {
      const j = jobs[id];
      expect(j.confidence_scores.website, id).toBe("LOW");
      expect(j.reasoning.website, id).toContain("not verified");
      expect(j.outputs.phone, id).toBeNull();
      // A dead or taken-over site alone is no proof of closure (nothing corroborates it here).
      expect(j.outputs.open_closed_status, id).toBeNull();
      expect(j.reasoning.open_closed_status, id).toContain("not counted");
    }
    expect(jobs.riverbend.reasoning.website).toMatch(/parked|for sale/);
    expect(jobs.noodles.reasoning.website).toContain("Thornfield");
  });
});

describe("website time limit", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({
      enricher: {
        enricherModule: testEnricherModule("web-fixture.ts"),
        enricherOptions: { web: web({ jobTimeoutMs: 1500 }) },
      },
    });
  });
  afterEach(async () => t.close());

  it("makes the web attributes ERROR past it, and the job still completes", async () => {
    const jobs = await enrichBatch(
      t,
      [
        {
          place_id: "slow",
          inputs: {
            name: "Slow Site Cafe",
            city: "Boston",
            country_code: "US",
            website: `http://www.slowsite.com:${server.port}/trickle`,
          },
        },
      ],
      ["websites", "categories"],
    );
    const j = jobs.slow;
    expect(j.status).toBe("completed");
    expect(j.job_metadata.attribute_status).toEqual({ websites: "ERROR", categories: "RUN" });
    // The job's limit (1.5 s) ended the fetch, not the page's own 10 s budget.
    expect(j.job_metadata.enrichment_metadata.websites.error).toContain("time limit (1.5 s)");
    expect(j.outputs.website).toBeNull();
  });
});
