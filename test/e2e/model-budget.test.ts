/**
 * Daily model budgets end to end, on both stores: batches through the API, the worker and a real
 * enrichment thread whose website source reads the loopback fixture sites and asks the
 * chat-completions fixture server. An org whose daily model budget is spent gets no model call and
 * its results say so; the spend is recorded per org and day and reported by GET /v1/{org}/usage,
 * which another org's key cannot read. Without a model, results carry no spend at all.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type ModelConfig, type WebConfig } from "../../src/config.js";
import {
  type ChatFixtureServer,
  startChatFixtureServer,
} from "../support/chat-completions-fixture-server.js";
import { testEnricherModule } from "../support/enrichment.js";
import { createTestApp, STORE_KINDS, type TestApp } from "../support/test-app.js";
import { startWebFixtureServer, type WebFixtureServer } from "../support/web-fixture-server.js";

let web: WebFixtureServer;
let chat: ChatFixtureServer;

const FREE_HOURS = `<!doctype html><html lang="en"><head><title>Linden Books</title></head><body>
<h1>Linden Books</h1><p>Phone: <a href="tel:+12175550188">(217) 555-0188</a></p>
<h2>Opening hours</h2>
<p>We're open from nine in the morning until half past five, Monday through Friday.</p></body></html>`;
const QUOTE = "We're open from nine in the morning until half past five, Monday through Friday.";
const WEEKDAYS = "09:00-17:30";

beforeAll(async () => {
  web = await startWebFixtureServer();
  web.route(
    "/books",
    (_req, res) => void res.writeHead(200, { "content-type": "text/html" }).end(FREE_HOURS),
  );
  chat = await startChatFixtureServer();
  chat.answer = () => ({
    json: {
      found: true,
      days: {
        Monday: WEEKDAYS,
        Tuesday: WEEKDAYS,
        Wednesday: WEEKDAYS,
        Thursday: WEEKDAYS,
        Friday: WEEKDAYS,
        Saturday: null,
        Sunday: null,
      },
      quote: QUOTE,
    },
  });
});
afterAll(async () => {
  await chat.close();
  await web.close();
});

function webConfig(): WebConfig {
  return {
    ...loadConfig({ WEB_ALLOW_PRIVATE_NETWORK: "true", WEB_FETCHING: "on" }).web,
    allowedPorts: [web.port],
    perHostDelayMs: 0,
  };
}

function modelConfig(): ModelConfig {
  return {
    url: chat.url,
    model: "fixture-7b",
    apiKey: null,
    timeoutMs: 5000,
    maxRequestsPerJob: 3,
    maxTokensPerJob: 4000,
  };
}

const bookshop = (id: string) => ({
  place_id: id,
  inputs: {
    name: "Linden Books",
    city: "Springfield",
    country_code: "US",
    phone: "217 555 0188",
    website: `http://www.${id}.com:${web.port}/books`,
  },
});

async function enrich(t: TestApp, org: string, key: string, ids: string[]) {
  const created = await t.call("POST", `/v1/${org}/place_enrichment/batches`, {
    key,
    body: { batch_name: "books", jobs: ids.map(bookshop), attributes: ["openingHours"] },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(200);
  await t.drain();
  const results = await t.call("GET", `/v1/${org}/place_enrichment/jobs?batchId=${created.json.id}`, { key });
  expect(results.status).toBe(200);
  return results.json.jobs as any[];
}

describe.each(STORE_KINDS)("daily model budgets on %s", (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    chat.requests.length = 0;
    t = await createTestApp({
      store: kind,
      config: { web: webConfig(), model: modelConfig() },
      enricher: {
        enricherModule: testEnricherModule("web-fixture.ts"),
        enricherOptions: { web: webConfig(), model: modelConfig() },
      },
    });
  });
  afterEach(async () => t.close());

  it("stops asking the model once an org's daily budget is spent, says so, and reports the usage", async () => {
    const acme = (await t.store.getOrgBySlug("acme"))!;
    await t.store.setOrgLimits(acme.id, { modelRequestsPerDay: 1 });

    const first = await enrich(t, "acme", t.acme.key, ["books-a", "books-b"]);
    expect(chat.requests).toHaveLength(1);
    const spends = first.map((j) => j.job_metadata.enrichment_metadata.spend);
    const paid = first.find((j) => j.job_metadata.enrichment_metadata.spend.model_requests === 1)!;
    const refused = first.find((j) => j.job_metadata.enrichment_metadata.spend.model_requests === 0)!;
    expect(paid, JSON.stringify(spends)).toBeDefined();
    expect(refused, JSON.stringify(spends)).toBeDefined();
    expect(paid.outputs.opening_hours).toMatchObject({ Monday: WEEKDAYS });
    expect(paid.confidence_scores.opening_hours).toBe("MEDIUM");
    expect(paid.reasoning.opening_hours).toContain(QUOTE);
    expect(paid.job_metadata.enrichment_metadata.spend.model_tokens).toBeGreaterThan(100);
    expect(paid.job_metadata.enrichment_metadata.spend.budget_exhausted).toBeUndefined();
    // The job that got no share completes with what needs no model, and says why.
    expect(refused.status).toBe("completed");
    expect(refused.outputs.opening_hours).toBeNull();
    expect(refused.job_metadata.enrichment_metadata.spend).toEqual({
      searches: 0,
      model_requests: 0,
      model_tokens: 0,
      budget_exhausted: ["model_requests"],
    });

    const tokens = paid.job_metadata.enrichment_metadata.spend.model_tokens;
    const usage = await t.call("GET", "/v1/acme/usage");
    expect(usage.status, usage.body).toBe(200);
    expect(usage.json).toEqual({
      org: "acme",
      date: "2026-01-15",
      usage: { searches: 0, model_requests: 1, model_tokens: tokens },
      limits: { searches: null, model_requests: 1, model_tokens: null },
      remaining: { searches: null, model_requests: 0, model_tokens: null },
      days: [{ date: "2026-01-15", usage: { searches: 0, model_requests: 1, model_tokens: tokens } }],
    });

    // The rest of the day: no model call at all.
    const later = await enrich(t, "acme", t.acme.key, ["books-c"]);
    expect(chat.requests).toHaveLength(1);
    expect(later[0].job_metadata.enrichment_metadata.spend.budget_exhausted).toEqual(["model_requests"]);

    // POST /enrich is budgeted like the worker's jobs.
    const sync = await t.call("POST", "/enrich", {
      body: { ...bookshop("books-sync"), attributes: ["openingHours"] },
    });
    expect(sync.status, sync.body).toBe(200);
    expect(sync.json.job_metadata.enrichment_metadata.spend.budget_exhausted).toEqual(["model_requests"]);
    expect(chat.requests).toHaveLength(1);

    // A place already enriched comes from the cache: nothing spent, nothing refused.
    const again = await enrich(t, "acme", t.acme.key, [paid.place_id]);
    expect(again[0].outputs.opening_hours).toMatchObject({ Monday: WEEKDAYS });
    expect(again[0].job_metadata.enrichment_metadata.spend).toEqual({
      searches: 0,
      model_requests: 0,
      model_tokens: 0,
    });
    expect(chat.requests).toHaveLength(1);

    // Another org has its own budget (the default: no limit) and its own usage, and cannot read acme's.
    const other = await enrich(t, "globex", t.globex.key, ["books-d"]);
    expect(chat.requests).toHaveLength(2);
    expect(other[0].outputs.opening_hours).toMatchObject({ Monday: WEEKDAYS });
    const globexUsage = await t.call("GET", "/v1/globex/usage", { key: t.globex.key });
    expect(globexUsage.json.usage.model_requests).toBe(1);
    expect(globexUsage.json.limits.model_requests).toBeNull();
    expect((await t.call("GET", "/v1/acme/usage", { key: t.globex.key })).status).toBe(403);
    expect((await t.call("GET", "/v1/acme/usage", { key: null })).status).toBe(401);
    expect((await t.call("GET", "/v1/acme/usage")).json.usage.model_requests).toBe(1);

    // A new UTC day starts from nothing.
    t.clock.advance(86_400_000);
    const next = await t.call("GET", "/v1/acme/usage?days=2");
    expect(next.json.usage).toEqual({ searches: 0, model_requests: 0, model_tokens: 0 });
    expect(next.json.remaining.model_requests).toBe(1);
    expect(next.json.days.map((d: any) => d.date)).toEqual(["2026-01-15"]);
    expect((await t.call("GET", "/v1/acme/usage?days=0")).status).toBe(422);
  });
});

describe("without a model", () => {
  it("keeps results unchanged: no spend in the metadata", async () => {
    const t = await createTestApp({
      config: { web: webConfig() },
      enricher: {
        enricherModule: testEnricherModule("web-fixture.ts"),
        enricherOptions: { web: webConfig() },
      },
    });
    try {
      const jobs = await enrich(t, "acme", t.acme.key, ["books-e"]);
      expect(jobs[0].job_metadata.enrichment_metadata.spend).toBeUndefined();
      expect(jobs[0].outputs.opening_hours).toBeNull();
      expect((await t.call("GET", "/v1/acme/usage")).json.usage).toEqual({
        searches: 0,
        model_requests: 0,
        model_tokens: 0,
      });
    } finally {
      await t.close();
    }
  });
});
