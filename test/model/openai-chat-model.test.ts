/**
 * The chat-completions adapter over real HTTP against the fixture server: the request it sends
 * (json_schema, strict, the key), the json_object fallback after a 400, retries, and every way a
 * reply can be unusable (not JSON, schema mismatch, refusal, timeout) giving no answer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { JobBudget } from "../../src/enrich/job-budget.js";
import { judgeSite } from "../../src/model/judge-site.js";
import { OpenAiChatModel } from "../../src/model/openai-chat-model.js";
import { readClosureNotice } from "../../src/model/read-closure-notice.js";
import { readOpeningHours } from "../../src/model/read-opening-hours.js";
import {
  type ChatFixtureServer,
  startChatFixtureServer,
} from "../support/chat-completions-fixture-server.js";

let server: ChatFixtureServer;
const noWait = async () => {};

beforeAll(async () => {
  server = await startChatFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.rejectJsonSchema = false;
});

const model = (timeoutMs = 5000) =>
  new OpenAiChatModel({
    url: server.url,
    model: "fixture-7b",
    apiKey: "sk-test-secret",
    timeoutMs,
    sleep: noWait,
  });

const HOURS_TEXT =
  "Opening hours\nWe're open from nine in the morning until half past five, Monday through Friday.\nSaturdays ten till two, Sundays we rest.";
const WEEK = {
  Monday: "09:00-17:30",
  Tuesday: "09:00-17:30",
  Wednesday: "09:00-17:30",
  Thursday: "09:00-17:30",
  Friday: "09:00-17:30",
  Saturday: "10:00-14:00",
  Sunday: "closed",
};

describe("OpenAiChatModel", () => {
  it("sends a strict json_schema request with the key, and reads the hours with their quote", async () => {
    server.answer = () => ({
      json: {
        found: true,
        days: WEEK,
        quote: "We're open from nine in the morning until half past five, Monday through Friday.",
      },
    });
    const budget = new JobBudget({});
    const r = await readOpeningHours(model(), budget, HOURS_TEXT);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.opening_hours).toMatchObject({
      Monday: "09:00-17:30",
      Saturday: "10:00-14:00",
      Sunday: "closed",
    });
    expect(r.quote).toContain("nine in the morning");
    const sent = server.requests[0]!;
    expect(sent.authorization).toBe("Bearer sk-test-secret");
    expect(sent.body.model).toBe("fixture-7b");
    expect(sent.body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "opening_hours", strict: true },
    });
    expect(sent.body.messages[1]!.content).toBe(HOURS_TEXT);
    expect(budget.spent().modelRequests).toBe(1);
    expect(budget.spent().modelTokens).toBeGreaterThan(50);
  });

  it("falls back to json_object after a 400 to json_schema, and keeps to it", async () => {
    server.rejectJsonSchema = true;
    server.answer = () => ({
      json: { status: "closed_permanently", quote: "After 32 years we said goodbye for good." },
    });
    const m = model();
    const budget = new JobBudget({});
    const text = "Dear customers,\nAfter 32 years we said goodbye for good. Thank you!";
    const r = await readClosureNotice(m, budget, text);
    expect(r).toMatchObject({ ok: true, value: "closed_permanently" });
    expect(server.requests.map((q) => q.body.response_format?.type)).toEqual(["json_schema", "json_object"]);
    expect(server.requests[1]!.body.messages[0]!.content).toContain('"closed_permanently"');
    expect(budget.spent().modelRequests).toBe(2);
    await readClosureNotice(m, budget, text);
    expect(server.requests.map((q) => q.body.response_format?.type)).toEqual([
      "json_schema",
      "json_object",
      "json_object",
    ]);
  });

  it("gives no answer for invalid JSON, a schema mismatch, a refusal, or a quote not in the text", async () => {
    const text = "Dear customers,\nAfter 32 years we said goodbye for good.";
    for (const [answer, reason] of [
      [{ content: "closed_permanently" }, "not JSON"],
      [{ json: { status: "gone", quote: "x" } }, "schema"],
      [{ refusal: "I can't assist with that." }, "refused"],
      [{ json: { status: "closed_permanently", quote: "We have closed permanently." } }, "quote"],
      [{ status: 503 }, "HTTP 503"],
    ] as const) {
      server.answer = () => answer;
      const r = await readClosureNotice(model(), undefined, text);
      expect(r.ok).toBe(false);
      expect(r.ok ? "" : r.reason).toContain(reason);
    }
  });

  it("retries a 429 and a 5xx a limited number of times", async () => {
    let n = 0;
    server.answer = () =>
      n++ === 2
        ? { json: { same_place: "yes", quote: "Linden Books" } }
        : { status: 429, headers: { "retry-after": "0" } };
    const budget = new JobBudget({});
    const r = await judgeSite(
      model(),
      budget,
      { name: "Linden Books", phones: [], city: null, street: null, country: null },
      "http://x.test/",
      "Welcome to Linden Books",
    );
    expect(r).toMatchObject({ ok: true, value: "yes", quote: "Linden Books" });
    expect(budget.spent().modelRequests).toBe(3);
    server.answer = () => ({ status: 502 });
    const before = server.requests.length;
    const failed = await model().ask({
      schemaName: "x",
      schema: {},
      instruction: "i",
      text: "t",
      maxTokens: 5,
    });
    expect(failed).toMatchObject({ ok: false, requests: 3 });
    expect(server.requests.length - before).toBe(3);
  });

  it("gives up at its time limit when the server never answers", async () => {
    server.answer = () => ({ hang: true });
    const started = Date.now();
    const r = await readClosureNotice(model(300), undefined, "We said goodbye for good, dear customers.");
    expect(r).toMatchObject({ ok: false, reason: "no answer within the model's time limit" });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("asks the budget before every request: a retry or the fallback it refuses is not sent", async () => {
    // The break-it trial: allowance 1 request, server answering 400, 503, 503, 200. Before the fix
    // the job sent all 4 and spent {modelRequests: 4}.
    const statuses = [400, 503, 503];
    let n = 0;
    server.answer = () => {
      const status = statuses[n++];
      return status
        ? { status, headers: { "retry-after": "0" } }
        : { json: { status: "closed_permanently", quote: "After 32 years we said goodbye for good." } };
    };
    const text = "Dear customers,\nAfter 32 years we said goodbye for good. Thank you!";
    const one = new JobBudget({ modelRequests: 1, modelTokens: 500 });
    const r = await readClosureNotice(model(), one, text);
    expect(r).toMatchObject({ ok: false, exhausted: true });
    expect(server.requests).toHaveLength(1);
    expect(one.spent()).toEqual({ searches: 0, modelRequests: 1, modelTokens: 0 });
    expect(one.exhausted()).toEqual(["modelRequests"]);

    // Enough requests for the fallback and both retries: 4 sent, 4 counted, the answer used.
    n = 0;
    server.requests.length = 0;
    const four = new JobBudget({ modelRequests: 4, modelTokens: 500 });
    expect(await readClosureNotice(model(), four, text)).toMatchObject({
      ok: true,
      value: "closed_permanently",
    });
    expect(server.requests).toHaveLength(4);
    expect(four.spent().modelRequests).toBe(4);
    expect(four.exhausted()).toEqual([]);
  });

  it("starts no request once the token allowance is spent; one answer may overrun it by its size", async () => {
    server.answer = () => ({
      json: { status: "closed_permanently", quote: "After 32 years we said goodbye for good." },
    });
    const text = "Dear customers,\nAfter 32 years we said goodbye for good. Thank you!";
    const budget = new JobBudget({ modelRequests: 10, modelTokens: 50 });
    expect(await readClosureNotice(model(), budget, text)).toMatchObject({ ok: true });
    const first = budget.spent().modelTokens;
    expect(first).toBeGreaterThan(50);
    expect(await readClosureNotice(model(), budget, text)).toMatchObject({ ok: false, exhausted: true });
    expect(server.requests).toHaveLength(1);
    expect(budget.spent()).toEqual({ searches: 0, modelRequests: 1, modelTokens: first });
    expect(budget.exhausted()).toEqual(["modelTokens"]);
  });

  it("asks nothing when the job's model budget is spent, and says so", async () => {
    server.answer = () => ({ json: { status: "open", quote: "" } });
    const budget = new JobBudget({ modelRequests: 0 });
    const r = await readClosureNotice(model(), budget, "We said goodbye for good, dear customers.");
    expect(r).toMatchObject({ ok: false, exhausted: true });
    expect(server.requests).toHaveLength(0);
    expect(budget.exhausted()).toEqual(["modelRequests"]);
    const tokens = new JobBudget({ modelTokens: 0 });
    expect(await readClosureNotice(model(), tokens, "We said goodbye for good.")).toMatchObject({
      exhausted: true,
    });
    expect(tokens.exhausted()).toEqual(["modelTokens"]);
    expect(server.requests).toHaveLength(0);
  });
});
