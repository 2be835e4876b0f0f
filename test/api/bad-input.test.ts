/** Every kind of bad input gets a clear error, and none of them stores anything. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, place, STORE_KINDS, type TestApp } from "../support/test-app.js";

describe.each(STORE_KINDS)("on %s", (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ store: kind, config: { bodyLimitBytes: 2 * 1024 * 1024 } });
  });
  afterEach(async () => t.close());

  async function expectNothingStored() {
    const list = await t.call("GET", "/batches");
    expect(list.status).toBe(200);
    expect(list.json.total).toBe(0);
    const jobs = await t.call("GET", "/jobs");
    expect(jobs.json.total).toBe(0);
  }

  function batch(jobs: unknown[], extra: Record<string, unknown> = {}) {
    return { batch_name: "Bad input", jobs, ...extra };
  }

  describe("bad input on POST /batches", () => {
    it("malformed JSON → 400 with a detail message", async () => {
      const r = await t.call("POST", "/batches", { rawBody: '{"batch_name": "x", "jobs": [' });
      expect(r.status).toBe(400);
      expect(typeof r.json.detail).toBe("string");
      expect(r.json.detail).toMatch(/JSON/);
      await expectNothingStored();
    });

    it("malformed JSON says where; a __proto__ key says which; an empty body says so", async () => {
      const syntax = await t.call("POST", "/batches", { rawBody: '{"batch_name": "x",, "jobs": []}' });
      expect(syntax.status).toBe(400);
      expect(syntax.json.detail).toMatch(/^Malformed JSON body: .*position 19/);
      const proto = await t.call("POST", "/batches", {
        rawBody: '{"batch_name": "x", "__proto__": {"admin": true}, "jobs": []}',
      });
      expect(proto.status).toBe(400);
      expect(proto.json.detail).toMatch(/forbidden prototype property.*__proto__/);
      const empty = await t.call("POST", "/batches", { rawBody: " " });
      expect(empty.status).toBe(422);
      expect(empty.json.detail[0].loc).toEqual(["body"]);
      await expectNothingStored();
    });

    it("Content-Type: application/json with no body is no body (DELETE as many clients send it)", async () => {
      expect(
        (await t.call("POST", "/batches", { body: batch([place("a")], { attributes: ["names"] }) })).status,
      ).toBe(200);
      const r = await t.app.inject({
        method: "DELETE",
        url: "/v1/acme/place_enrichment/jobs/a",
        headers: { authorization: `Bearer ${t.acme.key}`, "content-type": "application/json" },
      });
      expect(r.statusCode).toBe(204);
      expect((await t.call("GET", "/jobs/a")).status).toBe(404);
    });

    it("a lone surrogate escape (\\ud800) → 422 at its field; nothing stored", async () => {
      const r = await t.call("POST", "/batches", {
        rawBody:
          '{"batch_name":"x","jobs":[{"place_id":"a","inputs":{"name":"Caf\\ud800","city":"Paris"}}],"attributes":["names"]}',
      });
      expect(r.status).toBe(422);
      expect(r.json.detail).toEqual([
        {
          loc: ["body", "jobs", 0, "inputs", "name"],
          msg: expect.stringMatching(/lone surrogate/),
          type: "unicode_error",
        },
      ]);
      await expectNothingStored();
      // A pair (an emoji written as escapes) is fine.
      const ok = await t.call("POST", "/batches", {
        rawBody:
          '{"batch_name":"x","jobs":[{"place_id":"a","inputs":{"name":"Sushi \\ud83c\\udf63","city":"Paris"}}],"attributes":["names"]}',
      });
      expect(ok.status).toBe(200);
      expect((await t.call("GET", "/jobs")).json.jobs[0].inputs.name).toBe("Sushi 🍣");
    });

    it("invalid UTF-8 (a Latin-1 é) → 400 naming the byte offset; nothing stored", async () => {
      const prefix = '{"batch_name":"Bad input","jobs":[{"place_id":"a","inputs":{"name":"Caf';
      const payload = Buffer.concat([
        Buffer.from(prefix),
        Buffer.from([0xe9]),
        Buffer.from('","city":"Paris"}}]}'),
      ]);
      const r = await t.app.inject({
        method: "POST",
        url: "/v1/acme/place_enrichment/batches",
        headers: { authorization: `Bearer ${t.acme.key}`, "content-type": "application/json" },
        payload,
      });
      expect(r.statusCode).toBe(400);
      const detail = r.json().detail as string;
      expect(detail).toContain(`byte offset ${Buffer.byteLength(prefix)}`);
      expect(detail).toContain("0xE9");
      expect(detail).toMatch(/UTF-8/);
      expect(detail).toContain('"name\\":\\"Caf"');
      await expectNothingStored();
      // The same text in UTF-8 is accepted and stored as sent.
      const ok = await t.call("POST", "/batches", {
        body: batch([{ place_id: "a", inputs: { name: "Café", city: "Paris" } }]),
      });
      expect(ok.status).toBe(200);
      expect((await t.call("GET", "/jobs")).json.jobs[0].inputs.name).toBe("Café");
    });

    it("a non-JSON Content-Type → 415 naming it and what is accepted; nothing stored", async () => {
      const send = (contentType: string | null, payload: string) =>
        t.app.inject({
          method: "POST",
          url: "/v1/acme/place_enrichment/batches",
          headers: {
            authorization: `Bearer ${t.acme.key}`,
            ...(contentType ? { "content-type": contentType } : {}),
          },
          payload,
        });
      const body = JSON.stringify(batch([place("a")]));
      const csv = await send("text/csv", "place_id,name\na,Cafe\n");
      expect(csv.statusCode).toBe(415);
      expect(csv.json().detail).toContain('"text/csv"');
      expect(csv.json().detail).toContain("application/json");
      // text/plain used to be parsed as a string and answered with a misleading 422.
      const plain = await send("text/plain", body);
      expect(plain.statusCode).toBe(415);
      expect(plain.json().detail).toContain('"text/plain"');
      const none = await send(null, body);
      expect(none.statusCode).toBe(415);
      expect(none.json().detail).toMatch(/Missing Content-Type.*application\/json/);
      const latin1 = await send("application/json; charset=ISO-8859-1", body);
      expect(latin1.statusCode).toBe(415);
      expect(latin1.json().detail).toMatch(/charset "iso-8859-1".*UTF-8/);
      await expectNothingStored();
      const utf8 = await send("application/json; charset=UTF-8", body);
      expect(utf8.statusCode).toBe(200);
    });

    it("wrong types → 422 pointing at the field", async () => {
      const r = await t.call("POST", "/batches", {
        body: batch([place("a"), place("b", { latitude: "40.7" })]),
      });
      expect(r.status).toBe(422);
      expect(r.json.detail).toContainEqual(
        expect.objectContaining({ loc: ["body", "jobs", 1, "inputs", "latitude"] }),
      );
      await expectNothingStored();
    });

    it("more than 100 violations → the first 100, then an entry saying how many in all", async () => {
      const jobs = Array.from({ length: 250 }, (_, i) => place(`p${i}`, { latitude: "40.7" }));
      const r = await t.call("POST", "/batches", { body: batch(jobs) });
      expect(r.status).toBe(422);
      expect(r.json.detail).toHaveLength(101);
      expect(r.json.detail[99].loc).toEqual(["body", "jobs", 99, "inputs", "latitude"]);
      expect(r.json.detail[100]).toEqual({
        loc: ["body"],
        msg: "… and 150 more violations (250 in all); only the first 100 are listed",
        type: "too_many_violations",
      });
      // The same for the rules checked after the schema (here: no locator).
      const noLocator = Array.from({ length: 120 }, (_, i) => ({ place_id: `p${i}`, inputs: { name: "X" } }));
      const rules = await t.call("POST", "/batches", { body: batch(noLocator) });
      expect(rules.status).toBe(422);
      expect(rules.json.detail).toHaveLength(101);
      expect(rules.json.detail[100].msg).toMatch(/20 more violations \(120 in all\)/);
      await expectNothingStored();
    });

    it("missing name → 422 at inputs.name", async () => {
      const job = place("a");
      delete (job.inputs as Record<string, unknown>).name;
      const r = await t.call("POST", "/batches", { body: batch([job]) });
      expect(r.status).toBe(422);
      expect(r.json.detail[0]).toMatchObject({ loc: ["body", "jobs", 0, "inputs", "name"], type: "missing" });
      await expectNothingStored();
    });

    it("blank name → 422", async () => {
      const r = await t.call("POST", "/batches", { body: batch([place("a", { name: "   " })]) });
      expect(r.status).toBe(422);
      expect(r.json.detail[0].loc).toEqual(["body", "jobs", 0, "inputs", "name"]);
    });

    it("out-of-range coordinates → 422 for each offending value", async () => {
      const r = await t.call("POST", "/batches", {
        body: batch([place("a", { latitude: 91 }), place("b", { longitude: -180.5 })]),
      });
      expect(r.status).toBe(422);
      const locs = r.json.detail.map((d: { loc: unknown }) => d.loc);
      expect(locs).toContainEqual(["body", "jobs", 0, "inputs", "latitude"]);
      expect(locs).toContainEqual(["body", "jobs", 1, "inputs", "longitude"]);
      await expectNothingStored();
    });

    it("latitude without longitude → 422", async () => {
      const r = await t.call("POST", "/batches", {
        body: batch([{ place_id: "a", inputs: { name: "X", latitude: 10 } }]),
      });
      expect(r.status).toBe(422);
      expect(r.json.detail[0].loc).toEqual(["body", "jobs", 0, "inputs", "longitude"]);
      await expectNothingStored();
    });

    it("no locator at all → 422", async () => {
      const r = await t.call("POST", "/batches", { body: batch([{ place_id: "a", inputs: { name: "X" } }]) });
      expect(r.status).toBe(422);
      expect(r.json.detail[0].loc).toEqual(["body", "jobs", 0, "inputs"]);
    });

    it("bad wkt_geometry → 422; a valid POINT is a locator", async () => {
      const bad = await t.call("POST", "/batches", {
        body: batch([{ place_id: "a", inputs: { name: "X", wkt_geometry: "LINESTRING(1 2, 3 4)" } }]),
      });
      expect(bad.status).toBe(422);
      expect(bad.json.detail[0].loc).toEqual(["body", "jobs", 0, "inputs", "wkt_geometry"]);
      const good = await t.call("POST", "/batches", {
        body: batch([{ place_id: "a", inputs: { name: "X", wkt_geometry: "POINT(2.3522 48.8566)" } }]),
      });
      expect(good.status).toBe(200);
    });

    it("duplicate place_id in one request → 422 at the second occurrence", async () => {
      const r = await t.call("POST", "/batches", { body: batch([place("a"), place("b"), place("a")]) });
      expect(r.status).toBe(422);
      expect(r.json.detail[0].loc).toEqual(["body", "jobs", 2, "place_id"]);
      expect(r.json.detail[0].msg).toMatch(/Duplicate/);
      await expectNothingStored();
    });

    it("unknown attribute → 422 naming it", async () => {
      const r = await t.call("POST", "/batches", {
        body: batch([place("a")], { attributes: ["websites", "wifi"] }),
      });
      expect(r.status).toBe(422);
      expect(r.json.detail[0].loc).toEqual(["body", "attributes", 1]);
      const perJob = await t.call("POST", "/batches", {
        body: batch([{ ...place("a"), attributes: ["nope"] }]),
      });
      expect(perJob.status).toBe(422);
      expect(perJob.json.detail[0].loc).toEqual(["body", "jobs", 0, "attributes", 0]);
      await expectNothingStored();
    });

    it("unknown attribute_set → 422", async () => {
      const r = await t.call("POST", "/batches", {
        body: batch([place("a")], { attribute_set: "everything" }),
      });
      expect(r.status).toBe(422);
      expect(r.json.detail[0].loc).toEqual(["body", "attribute_set"]);
    });

    it("empty jobs → 422; missing batch_name → 422", async () => {
      const empty = await t.call("POST", "/batches", { body: batch([]) });
      expect(empty.status).toBe(422);
      expect(empty.json.detail[0].loc).toEqual(["body", "jobs"]);
      const noName = await t.call("POST", "/batches", { body: { jobs: [place("a")] } });
      expect(noName.status).toBe(422);
      expect(noName.json.detail[0].loc).toEqual(["body", "batch_name"]);
      await expectNothingStored();
    });

    it("invalid country_code format → 422", async () => {
      const r = await t.call("POST", "/batches", { body: batch([place("a", { country_code: "usa" })]) });
      expect(r.status).toBe(422);
      expect(r.json.detail[0].loc).toEqual(["body", "jobs", 0, "inputs", "country_code"]);
    });

    it("a NUL character in place_id or batch_name → 422", async () => {
      const r = await t.call("POST", "/batches", { body: batch([place("a\u0000b")]) });
      expect(r.status).toBe(422);
      expect(r.json.detail[0].loc).toEqual(["body", "jobs", 0, "place_id"]);
      const named = await t.call("POST", "/batches", { body: { batch_name: "x\u0000", jobs: [place("a")] } });
      expect(named.status).toBe(422);
      await expectNothingStored();
    });

    it("place_id longer than 256 characters → 422", async () => {
      const r = await t.call("POST", "/batches", { body: batch([place("x".repeat(257))]) });
      expect(r.status).toBe(422);
      expect(r.json.detail[0].loc).toEqual(["body", "jobs", 0, "place_id"]);
    });

    it("50,001 jobs → 400", async () => {
      const big = await createTestApp({ store: kind });
      try {
        const jobs = Array.from({ length: 50_001 }, (_, i) => ({
          place_id: `p${i}`,
          inputs: { name: "n", city: "x" },
        }));
        const r = await big.call("POST", "/batches", { body: batch(jobs) });
        expect(r.status).toBe(400);
        expect(r.json.detail).toMatch(/50000|50,000/);
        const list = await big.call("GET", "/batches");
        expect(list.json.total).toBe(0);
      } finally {
        await big.close();
      }
    });

    it("exactly 50,000 jobs are accepted, all stored", async () => {
      const big = await createTestApp({ store: kind });
      try {
        const jobs = Array.from({ length: 50_000 }, (_, i) => ({
          place_id: `p${i}`,
          inputs: { name: "n", city: "x" },
        }));
        const r = await big.call("POST", "/batches", { body: batch(jobs) });
        expect(r.status).toBe(200);
        expect(r.json.jobs.queued).toHaveLength(50_000);
        const page = await big.call("GET", `/jobs?batchId=${r.json.id}&limit=1&offset=49999`);
        expect(page.json.total).toBe(50_000);
        expect(page.json.jobs[0].place_id).toBe("p49999");
      } finally {
        await big.close();
      }
    }, 120_000);

    it("body over the limit → 413", async () => {
      const jobs = Array.from({ length: 2000 }, (_, i) => place(`p${i}`, { notes: "x".repeat(1200) }));
      const r = await t.call("POST", "/batches", { body: batch(jobs) });
      expect(r.status).toBe(413);
      expect(r.json.detail).toMatch(/too large/);
      // The limit, in the unit of the variable that sets it (this app runs with 2 MiB), and in bytes.
      expect(r.json.detail).toContain("the limit is 2 MiB, 2,097,152 bytes (BODY_LIMIT_MB)");
      expect(r.json.detail).toContain("BODY_LIMIT_MB");
      await expectNothingStored();
    });

    it("the default body limit accepts 50,000 realistic jobs' worth of bytes", async () => {
      const { loadConfig } = await import("../../src/config.js");
      // 50,000 jobs with name, address, coordinates, phone, website, category: measured ~15 MB.
      expect(loadConfig({}).bodyLimitBytes).toBeGreaterThanOrEqual(20 * 1024 * 1024);
    });
  });

  describe("input limits", () => {
    it("a value over its limit → 422 naming the field; nothing stored", async () => {
      const over = (n: number) => "x".repeat(n + 1);
      const cases: Array<[Record<string, unknown>, Array<string | number>, string]> = [
        [{ name: over(500) }, ["name"], "string_too_long"],
        [{ full_address: over(1000) }, ["full_address"], "string_too_long"],
        [{ street: over(200) }, ["street"], "string_too_long"],
        [{ suburb: over(200) }, ["suburb"], "string_too_long"],
        [{ website: `https://${over(2000)}` }, ["website"], "string_too_long"],
        [{ phone: over(100) }, ["phone"], "string_too_long"],
        [{ category: over(200) }, ["category"], "string_too_long"],
        [{ categories: ["cafe", over(200)] }, ["categories", 1], "string_too_long"],
        [{ types: Array.from({ length: 21 }, (_, i) => `t${i}`) }, ["types"], "too_long"],
        [{ opening_hours: over(1000) }, ["opening_hours"], "string_too_long"],
        [{ id: over(256) }, ["id"], "string_too_long"],
        [{ source: over(200) }, ["source"], "string_too_long"],
      ];
      for (const [inputs, field, type] of cases) {
        const r = await t.call("POST", "/batches", { body: batch([place("a", inputs)]) });
        expect(r.status, JSON.stringify(field)).toBe(422);
        expect(r.json.detail, JSON.stringify(r.json.detail).slice(0, 400)).toHaveLength(1);
        expect(r.json.detail[0]).toMatchObject({ loc: ["body", "jobs", 0, "inputs", ...field], type });
      }
      const one = await t.call("POST", "/batches", { body: batch([place("a", { name: over(500) })]) });
      expect(one.json.detail[0].msg).toMatch(/500 characters/);
      await expectNothingStored();
    });

    it("a value at its limit is kept whole through enrichment, counted in characters", async () => {
      const ascii = "N".repeat(500);
      const emoji = "🍣".repeat(500); // 500 characters, 1,000 UTF-16 units
      const types = Array.from({ length: 20 }, (_, i) => `type ${i}`);
      const created = await t.call("POST", "/batches", {
        body: batch([place("ascii", { name: ascii, types }), place("emoji", { name: emoji })], {
          attributes: ["names"],
        }),
      });
      expect(created.status).toBe(200);
      await t.drain();
      const jobs = (await t.call("GET", `/jobs?batchId=${created.json.id}`)).json.jobs;
      expect(jobs.map((j: { status: string }) => j.status)).toEqual(["completed", "completed"]);
      expect(jobs[0].outputs.name).toBe(ascii);
      expect(jobs[1].outputs.name).toBe(emoji);
      expect(jobs[0].inputs.types).toEqual(types);
    });
  });

  describe("auth and routing errors", () => {
    it("no key → 401, unknown key → 401, another org's key → 403", async () => {
      const none = await t.call("POST", "/batches", { key: null, body: batch([place("a")]) });
      expect(none.status).toBe(401);
      const unknown = await t.call("GET", "/batches", { key: "pe_not-a-real-key" });
      expect(unknown.status).toBe(401);
      const wrongOrg = await t.call("POST", "/batches", { key: t.globex.key, body: batch([place("a")]) });
      expect(wrongOrg.status).toBe(403);
      expect(wrongOrg.json.detail).toMatch(/acme/);
      await expectNothingStored();
    });

    it("the apiKey header is accepted instead of Authorization", async () => {
      const r = await t.call("GET", "/batches", { key: null, headers: { apikey: t.acme.key } });
      expect(r.status).toBe(200);
    });

    it("a revoked key → 401", async () => {
      expect(await t.store.revokeApiKey(t.acme.org.id, t.acme.record.id, t.clock.now())).toBe(1);
      const r = await t.call("GET", "/batches");
      expect(r.status).toBe(401);
    });

    it("unknown batch → 404 on status, results, reprocess, rename and delete", async () => {
      expect((await t.call("GET", "/batches/nope")).status).toBe(404);
      expect((await t.call("GET", "/jobs?batchId=nope")).status).toBe(404);
      expect((await t.call("POST", "/batches/nope/reprocess", { body: {} })).status).toBe(404);
      expect((await t.call("PUT", "/batches/nope", { body: { batch_name: "x" } })).status).toBe(404);
      expect((await t.call("DELETE", "/batches/nope")).status).toBe(404);
    });

    it("PUT /batches/{id} with anything but batch_name → 422 naming it; nothing changed", async () => {
      const created = await t.call("POST", "/batches", { body: { batch_name: "B", jobs: [place("a")] } });
      const r = await t.call("PUT", `/batches/${created.json.id}`, {
        body: { batch_name: "C", jobs: [place("b")] },
      });
      expect(r.status).toBe(422);
      expect(JSON.stringify(r.json.detail)).toContain("jobs");
      const after = await t.call("GET", `/batches/${created.json.id}`);
      expect(after.json.batch_name).toBe("B");
      expect(after.json.jobs.queued).toEqual(["a"]);
    });

    it("reprocess without any body is reprocess with {}", async () => {
      const created = await t.call("POST", "/batches", { body: { batch_name: "B", jobs: [place("a")] } });
      const r = await t.app.inject({
        method: "POST",
        url: `/v1/acme/place_enrichment/batches/${created.json.id}/reprocess`,
        headers: { authorization: `Bearer ${t.acme.key}` },
      });
      // Same answer as `{}`: failed_only by default, and nothing failed.
      expect(r.statusCode).toBe(400);
      expect(JSON.parse(r.body).detail).toBe("No jobs found in batch");
    });

    it("a NUL character in an id or search term → 422 naming it, on every store", async () => {
      for (const [method, path] of [
        ["GET", "/batches/a%00b"],
        ["DELETE", "/batches/a%00b"],
        ["GET", "/jobs/a%00b"],
        ["GET", "/jobs?batchId=a%00b"],
        ["GET", "/batches?query=a%00b"],
      ] as const) {
        const r = await t.call(method, path);
        expect(r.status, `${method} ${path}`).toBe(422);
        expect(r.json.detail[0].loc.at(-1)).toMatch(/batch_id|place_id|batchId|query/);
      }
    });

    it("unknown route → 404 with detail", async () => {
      const r = await t.app.inject({ method: "GET", url: "/v2/whatever" });
      expect(r.statusCode).toBe(404);
      expect(JSON.parse(r.body).detail).toMatch(/Not found/);
    });

    it("out-of-range paging → 422 on the query parameter", async () => {
      const r = await t.call("GET", "/batches?limit=501");
      expect(r.status).toBe(422);
      expect(r.json.detail[0].loc).toEqual(["query", "limit"]);
      const jobs = await t.call("GET", "/jobs?limit=0");
      expect(jobs.status).toBe(422);
    });
  });

  describe("bounds: every bad input is a 4xx in the one error shape, without echoing it", () => {
    it("offset and limit far out of range → 422 naming the bound (was a 500 on SQLite)", async () => {
      await t.call("POST", "/batches", { body: batch([place("a")]) });
      const id = (await t.call("GET", "/batches")).json.batches[0].id;
      for (const offset of ["99999999999999999999", "1e300", "-1", "1.5", "NaN"]) {
        const r = await t.call("GET", `/jobs?batchId=${id}&offset=${offset}`);
        expect(r.status, offset).toBe(422);
        expect(r.json.detail[0].loc, offset).toEqual(["query", "offset"]);
      }
      const tooFar = await t.call("GET", "/batches?offset=1000000001");
      expect(tooFar.status).toBe(422);
      expect(tooFar.json.detail[0].msg).toMatch(/1000000000/);
      const last = await t.call("GET", `/jobs?batchId=${id}&offset=1000000000`);
      expect(last.status).toBe(200);
      expect(last.json.jobs).toEqual([]);
      expect((await t.call("GET", "/jobs?limit=1e300")).status).toBe(422);
    });

    it("inputs nested 100,000 deep or with too many keys → 422 naming the limit (was a 500)", async () => {
      // JSON.stringify would overflow the stack on this value: the body is written by hand.
      const rawDeep = `{"batch_name":"deep","jobs":[{"place_id":"a","inputs":{"name":"A","city":"Paris","extra":${"[".repeat(100_000)}1${"]".repeat(100_000)}}}]}`;
      const r = await t.call("POST", "/batches", { rawBody: rawDeep });
      expect(r.status).toBe(422);
      expect(r.json.detail).toEqual([
        {
          loc: ["body", "jobs", 0, "inputs"],
          msg: "inputs nest deeper than 10 levels (the limit)",
          type: "too_deep",
        },
      ]);
      const wide = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`k${i}`, i]));
      const many = await t.call("POST", "/batches", { body: batch([place("a", wide)]) });
      expect(many.status).toBe(422);
      expect(many.json.detail[0]).toMatchObject({
        loc: ["body", "jobs", 0, "inputs"],
        type: "too_many_members",
      });
      expect(many.json.detail[0].msg).toMatch(/more than 500 keys/);
      const prefilled = await t.call("POST", "/jobs", {
        body: {
          ...place("b"),
          prefilled_data: { phoneNumbers: { phone: JSON.parse(`${"[".repeat(50)}1${"]".repeat(50)}`) } },
        },
      });
      expect(prefilled.status).toBe(422);
      expect(prefilled.json.detail[0].loc).toEqual(["body", "prefilled_data"]);
      const sync = await t.call("POST", "/enrich", {
        rawBody: rawDeep.replace(/^.*"jobs":\[/, "").replace(/\]}$/, ""),
      });
      expect(sync.status).toBe(422);
      await expectNothingStored();
    });

    it("a 10 KB path → 414 in the one shape, not echoing the path; unknown paths are clipped", async () => {
      const long = "x".repeat(10_000);
      const r = await t.call("GET", `/batches/${long}`);
      expect(r.status).toBe(414);
      expect(Object.keys(r.json)).toEqual(["detail"]);
      expect(r.json.detail).toMatch(/URI too long/);
      expect(r.body.length).toBeLessThan(300);
      const missing = await t.app.inject({ url: `/${long}` });
      expect(missing.statusCode).toBe(404);
      expect(missing.body.length).toBeLessThan(400);
      // Up to the router's bound, the schema's 256 is the rule: a 422 naming the parameter.
      const id = await t.call("GET", `/batches/${"y".repeat(300)}`);
      expect(id.status).toBe(422);
      expect(id.json.detail[0].loc).toEqual(["path", "batch_id"]);
      const badEscape = await t.call("GET", "/batches/%E0%A4%A");
      expect(badEscape.status).toBe(400);
      expect(badEscape.json).toEqual({ detail: expect.stringMatching(/Malformed URL/) });
    });

    it("a malformed JSON body far into a large request: the message quotes little of it", async () => {
      const rawBody = `{"batch_name":"x","jobs":[${JSON.stringify(place("a"))},${"x".repeat(500_000)}]}`;
      const r = await t.call("POST", "/batches", { rawBody });
      expect(r.status).toBe(400);
      expect(r.body.length).toBeLessThan(600);
    });

    it("POST /jobs and PUT /batches/{id}: 415 for another content type, 422 for a bad body", async () => {
      const created = await t.call("POST", "/batches", { body: batch([place("a")]) });
      for (const [method, path] of [
        ["POST", "/jobs"],
        ["PUT", `/batches/${created.json.id}`],
      ] as const) {
        const r = await t.app.inject({
          method,
          url: `/v1/acme/place_enrichment${path}`,
          headers: { authorization: `Bearer ${t.acme.key}`, "content-type": "text/plain" },
          payload: "{}",
        });
        expect(r.statusCode, path).toBe(415);
        expect(r.json().detail).toMatch(/text\/plain/);
      }
      const job = await t.call("POST", "/jobs", {
        body: { place_id: "solo", inputs: { name: "X", latitude: 100, longitude: 0 } },
      });
      expect(job.status).toBe(422);
      expect(job.json.detail[0].loc).toEqual(["body", "inputs", "latitude"]);
      const noLocator = await t.call("POST", "/jobs", { body: { place_id: "solo", inputs: { name: "X" } } });
      expect(noLocator.status).toBe(422);
      expect(noLocator.json.detail[0].loc).toEqual(["body", "inputs"]);
      const rename = await t.call("PUT", `/batches/${created.json.id}`, { body: { batch_name: "" } });
      expect(rename.status).toBe(422);
      expect(rename.json.detail[0].loc).toEqual(["body", "batch_name"]);
      const renameType = await t.call("PUT", `/batches/${created.json.id}`, { body: { batch_name: 42 } });
      expect(renameType.status).toBe(422);
      expect((await t.call("GET", `/batches/${created.json.id}`)).json.batch_name).toBe("Bad input");
      expect((await t.call("GET", "/jobs?excludeBatches=true")).json.total).toBe(0);
    });
  });

  describe("inputs are kept intact", () => {
    it("Unicode names, very long strings and extra input keys round-trip", async () => {
      const longAddress = `${"Straße ".repeat(142)}123456`; // 1,000 characters: the limit
      const inputs = {
        name: "Café Zürich 東京 🍣 «Le Petit»",
        full_address: longAddress,
        latitude: 47.3769,
        longitude: 8.5417,
        store_code: "ZH-001",
        nested: { floor: 2, tags: ["a", "b"] },
        empty: null,
      };
      const created = await t.call("POST", "/batches", { body: batch([{ place_id: "ü-1", inputs }]) });
      expect(created.status).toBe(200);
      expect(created.json.jobs.queued).toEqual(["ü-1"]);
      const before = await t.call("GET", `/jobs?batchId=${created.json.id}`);
      expect(before.json.jobs[0].inputs).toMatchObject(inputs);
      await t.drain();
      const after = await t.call("GET", `/jobs?batchId=${created.json.id}`);
      expect(after.json.jobs[0].status).toBe("completed");
      expect(after.json.jobs[0].inputs).toMatchObject({ ...inputs, id: "ü-1", country_code: "CH" });
    });
  });
});
