/**
 * The API documentation a newcomer opens (/docs; `/` is the dashboard, linked from it); every request and response in
 * the OpenAPI document carries a real example (what "Try it out" sends), and the examples work.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SCHEMA_EXAMPLES } from "../../src/api/schemas.js";
import { validatorCompiler } from "../../src/api/validators.js";
import { createTestApp, STORE_KINDS, type TestApp } from "../support/test-app.js";

type Operation = {
  security?: unknown[];
  requestBody?: { content: Record<string, { example?: unknown; schema: unknown }> };
  responses: Record<string, { content?: Record<string, { example?: unknown }> }>;
  parameters?: Array<{ name: string; in: string; example?: unknown }>;
};

function validate(schema: unknown, value: unknown): unknown[] | null {
  const check = validatorCompiler({
    schema,
    httpPart: "body",
    method: "POST",
    url: "/",
  } as never) as unknown as {
    (v: unknown): boolean;
    errors?: unknown[] | null;
  };
  // Validation applies defaults to the value: check a copy.
  return check(structuredClone(value)) ? null : (check.errors ?? []);
}

describe("schema examples", () => {
  it("each example is valid for its schema", () => {
    expect(SCHEMA_EXAMPLES.length).toBeGreaterThanOrEqual(11);
    for (const [schema, example] of SCHEMA_EXAMPLES) {
      expect(validate(schema, example), JSON.stringify(example).slice(0, 80)).toBeNull();
    }
  });
});

describe.each(STORE_KINDS)("on %s", (kind) => {
  let t: TestApp;
  let doc: { info: { description: string }; paths: Record<string, Record<string, Operation>> };
  beforeEach(async () => {
    t = await createTestApp({ store: kind });
    doc = (await t.app.inject({ url: "/openapi.json" })).json();
  });
  afterEach(async () => t.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })),
    );

  it("GET /docs renders the document; the dashboard's routes are not in it", async () => {
    const r = await t.app.inject({ url: "/docs/" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toContain("text/html");
    expect(Object.keys(doc.paths).filter((path) => path === "/" || path.startsWith("/dashboard"))).toEqual(
      [],
    );
  });

  it("every request body and every response with a body has an example; path parameters too", () => {
    let bodies = 0;
    for (const { id, op } of operations()) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        bodies++;
        expect(media.example, `${id} request ${type}`).toBeDefined();
      }
      for (const [status, response] of Object.entries(op.responses)) {
        for (const media of Object.values(response.content ?? {}))
          expect(media.example, `${id} → ${status}`).toBeDefined();
      }
      for (const p of op.parameters ?? [])
        if (p.in === "path") expect(p.example, `${id} ${p.name}`).toBeDefined();
    }
    expect(bodies).toBeGreaterThanOrEqual(5);
    const create = doc.paths["/v1/{org_slug}/place_enrichment/batches"]!.post!;
    expect(create.requestBody!.content["application/json"]!.example).toMatchObject({
      jobs: [
        {
          place_id: "store_001",
          inputs: {
            name: "Downtown Store",
            full_address: "123 Main St, New York, NY 10001",
            latitude: 40.7128,
            longitude: -74.006,
            phone: "(212) 555-0100",
          },
        },
      ],
    });
    expect(create.responses["415"]!.content!["application/json"]!.example).toMatchObject({
      detail: expect.stringMatching(/application\/json/),
    });
  });

  it("the request examples are what Try it out sends, and they work", async () => {
    const example = (path: string, method: string) =>
      doc.paths[`/v1/{org_slug}/place_enrichment${path}`]![method]!.requestBody!.content["application/json"]!
        .example;
    const created = await t.call("POST", "/batches", { body: example("/batches", "post") });
    expect(created.status).toBe(200);
    await t.drain();
    // The reprocess example re-runs the batch it just created (failed_only=true would be a 400: none failed).
    const reprocess = await t.call("POST", `/batches/${created.json.id}/reprocess`, {
      body: example("/batches/{batch_id}/reprocess", "post"),
    });
    expect(reprocess.status).toBe(200);
    expect(reprocess.json.job_count).toBe(1);
    const renamed = await t.call("PUT", `/batches/${created.json.id}`, {
      body: example("/batches/{batch_id}", "put"),
    });
    expect(renamed.status).toBe(200);
    const enriched = await t.call("POST", "/enrich", { body: example("/enrich", "post") });
    expect(enriched.status).toBe(200);
    expect(enriched.json.outputs.phone).toBe("+12125550100");
    expect((await t.call("POST", "/jobs", { body: example("/jobs", "post") })).status).toBe(202);
  });

  it("/health and /ready need no key; the description says how to get one", () => {
    expect(doc.paths["/health"]!.get!.security).toEqual([]);
    expect(doc.paths["/ready"]!.get!.security).toEqual([]);
    expect(doc.paths["/v1/{org_slug}/place_enrichment/batches"]!.post!.security).toBeUndefined();
    expect(doc.info.description).toContain("npm start");
    expect(doc.info.description).toContain("npx place-enrich keys create <org>");
  });
});
