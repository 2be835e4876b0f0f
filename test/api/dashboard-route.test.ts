/**
 * The dashboard's files as the API serves them (src/api/routes/dashboard.ts), without a browser:
 * the page with its security headers, hashed assets cached for good, unknown assets 404, the tile
 * URL in the settings and the policy, a clear page when the build is missing, the API untouched.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/app.js";
import { loadConfig } from "../../src/config.js";
import { testEnrichmentPool } from "../support/enrichment.js";
import { createTestApp, type TestApp } from "../support/test-app.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dashboard-build-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(
    join(dir, "index.html"),
    '<!doctype html><script type="module" src="/dashboard/assets/index-abc123.js"></script>',
  );
  writeFileSync(join(dir, "assets", "index-abc123.js"), "console.log(1)");
  writeFileSync(join(dir, "assets", "index-abc123.css"), "body{}");
  writeFileSync(join(dir, "assets", "notes.txt"), "not a served type");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The test app's own parts, with a dashboard built into `dashboardDir` and the given tile URL. */
async function appWith(t: TestApp, dashboardDir: string, env: Record<string, string> = {}) {
  const config = { ...t.config, dashboard: loadConfig({ ...env }).dashboard };
  const app = await buildApp({
    store: t.store,
    config,
    clock: t.clock,
    enrichment: testEnrichmentPool(),
    dashboardDir,
  });
  return app;
}

describe("the dashboard's routes", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it("serves the page at / with a policy that forbids inline scripts and framing", async () => {
    const app = await appWith(t, dir);
    try {
      const r = await app.inject({ url: "/" });
      expect(r.statusCode).toBe(200);
      expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(r.body).toContain("/dashboard/assets/index-abc123.js");
      const csp = String(r.headers["content-security-policy"]);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["x-frame-options"]).toBe("DENY");
      expect(r.headers["cache-control"]).toBe("no-cache");
    } finally {
      await app.close();
    }
  });

  it("serves the hashed assets for a year, only the files of the build", async () => {
    const app = await appWith(t, dir);
    try {
      const js = await app.inject({ url: "/dashboard/assets/index-abc123.js" });
      expect(js.statusCode).toBe(200);
      expect(js.headers["content-type"]).toBe("text/javascript; charset=utf-8");
      expect(js.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(js.body).toBe("console.log(1)");
      const css = await app.inject({ url: "/dashboard/assets/index-abc123.css" });
      expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
      for (const url of [
        "/dashboard/assets/notes.txt",
        "/dashboard/assets/missing.js",
        "/dashboard/assets/..%2Findex.html",
        "/dashboard/assets/%2e%2e%2f%2e%2e%2fpackage.json",
        "/dashboard/index.html",
      ]) {
        const r = await app.inject({ url });
        expect(r.statusCode, url).toBe(404);
        expect(r.json().detail, url).toMatch(/^Not found/);
      }
    } finally {
      await app.close();
    }
  });

  it("gives the page its settings; a tile URL is allowed as an image source, and only then", async () => {
    const plain = await appWith(t, dir);
    const tiled = await appWith(t, dir, { DASHBOARD_TILE_URL: "https://tiles.example.org/{z}/{x}/{y}.png" });
    try {
      expect((await plain.inject({ url: "/dashboard/config.json" })).json()).toEqual({ tileUrl: null });
      expect(String((await plain.inject({ url: "/" })).headers["content-security-policy"])).toContain(
        "img-src 'self' data: blob:;",
      );
      expect((await tiled.inject({ url: "/dashboard/config.json" })).json()).toEqual({
        tileUrl: "https://tiles.example.org/{z}/{x}/{y}.png",
      });
      expect(String((await tiled.inject({ url: "/" })).headers["content-security-policy"])).toContain(
        "img-src 'self' data: blob: https://tiles.example.org;",
      );
    } finally {
      await plain.close();
      await tiled.close();
    }
  });

  it("says how to build the dashboard when its files are missing", async () => {
    const app = await appWith(t, join(dir, "nowhere"));
    try {
      const r = await app.inject({ url: "/" });
      expect(r.statusCode).toBe(503);
      expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(r.body).toContain("npm run build:dashboard");
      expect(r.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    } finally {
      await app.close();
    }
  });

  it("leaves the API and the operational routes as they were", async () => {
    const app = await appWith(t, dir);
    try {
      expect((await app.inject({ url: "/health" })).json()).toEqual({ status: "ok" });
      expect((await app.inject({ url: "/ready" })).statusCode).toBe(200);
      expect((await app.inject({ url: "/docs/" })).statusCode).toBe(200);
      expect((await app.inject({ url: "/openapi.json" })).statusCode).toBe(200);
      const batches = await app.inject({
        url: "/v1/acme/place_enrichment/batches",
        headers: { authorization: `Bearer ${t.acme.key}` },
      });
      expect(batches.statusCode).toBe(200);
      expect((await app.inject({ url: "/v1/acme/place_enrichment/batches" })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});

describe("DASHBOARD_TILE_URL", () => {
  it("takes an http(s) template with {z}, {x} and {y}, and refuses anything else", () => {
    expect(loadConfig({}).dashboard.tileUrl).toBeNull();
    expect(loadConfig({ DASHBOARD_TILE_URL: "none" }).dashboard.tileUrl).toBeNull();
    expect(loadConfig({ DASHBOARD_TILE_URL: "http://10.0.0.5:8080/{z}/{x}/{y}.png" }).dashboard.tileUrl).toBe(
      "http://10.0.0.5:8080/{z}/{x}/{y}.png",
    );
    expect(() => loadConfig({ DASHBOARD_TILE_URL: "javascript:alert(1)//{z}{x}{y}" })).toThrow(/http\(s\)/);
    expect(() => loadConfig({ DASHBOARD_TILE_URL: "https://tiles.example.org/{z}/{x}.png" })).toThrow(
      /\{y\}/,
    );
    expect(() => loadConfig({ DASHBOARD_TILE_URL: "tiles/{z}/{x}/{y}" })).toThrow(/URL template/);
  });
});
