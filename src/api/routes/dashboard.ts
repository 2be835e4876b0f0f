/**
 * The web dashboard (docs/dashboard.md): its page at `/`, its hashed assets at `/dashboard/assets/`,
 * its settings at `/dashboard/config.json`. The page is a client of the public API like any other
 * (same origin, the org's key kept in the browser's sessionStorage); nothing here is authenticated.
 *
 * The build output (`npm run build:dashboard`, Vite) is a handful of files (~60 KB), read into
 * memory once: only those files are served, so no request path ever reaches the file system. When
 * they are missing (a clone without `npm install`, or an install without dev dependencies) `/`
 * says how to build them instead of a bare 404.
 */
import { readdir, readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import type { DashboardConfig } from "../../config.js";

/** Where `npm run build:dashboard` writes: `<package>/dist/dashboard` (from src/api/routes and dist/api/routes). */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL("../../../dist/dashboard/", import.meta.url));

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
};

interface Asset {
  body: Buffer;
  type: string;
}

interface Built {
  index: Buffer;
  /** By file name under assets/. */
  assets: Map<string, Asset>;
}

async function loadBuild(dir: string): Promise<Built | null> {
  let index: Buffer;
  try {
    index = await readFile(join(dir, "index.html"));
  } catch {
    return null;
  }
  const assets = new Map<string, Asset>();
  const assetDir = join(dir, "assets");
  for (const name of await readdir(assetDir).catch(() => [] as string[])) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { body: await readFile(join(assetDir, name)), type });
  }
  return { index, assets };
}

/**
 * The page's Content-Security-Policy: scripts and styles from this origin only (no inline script,
 * no eval: the job validator is generated as code at build time), API calls to this origin, images
 * from this origin and, when DASHBOARD_TILE_URL is set, from the tile server; never framed.
 */
export function dashboardCsp(tileUrl: string | null): string {
  const tileOrigin = tileUrl ? new URL(tileUrl.replace(/\{[xyz]\}/g, "0")).origin : null;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${tileOrigin ? ` ${tileOrigin}` : ""}`,
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function pageHeaders(reply: FastifyReply, csp: string): FastifyReply {
  return reply.headers({
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-cache",
  });
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Place enrichment: dashboard not built</title></head>
<body><h1>The dashboard is not built</h1>
<p>Its files are made by <code>npm run build:dashboard</code> (run by <code>npm install</code> in a clone;
it needs the dev dependencies). The API works without it: see <a href="/docs">/docs</a>.</p></body></html>
`;

export interface DashboardRouteOptions {
  config: DashboardConfig;
  /** The build output; default DEFAULT_DASHBOARD_DIR. */
  dir?: string;
}

export function dashboardRoutes(options: DashboardRouteOptions): FastifyPluginAsync {
  const dir = options.dir ?? DEFAULT_DASHBOARD_DIR;
  const csp = dashboardCsp(options.config.tileUrl);
  const settings = JSON.stringify({ tileUrl: options.config.tileUrl });
  return async (app) => {
    let built = await loadBuild(dir);
    const hide = { schema: { hide: true } };

    app.get("/", hide, async (request, reply) => {
      // Built after the server started (npm run build:dashboard beside a running service): look again.
      built ??= await loadBuild(dir);
      pageHeaders(reply, csp);
      if (!built) {
        request.log.warn({ dir }, "dashboard not built");
        return reply.code(503).type("text/html; charset=utf-8").send(NOT_BUILT);
      }
      return reply.type("text/html; charset=utf-8").send(built.index);
    });

    app.get("/dashboard/config.json", hide, async (_request, reply) =>
      reply
        .headers({ "x-content-type-options": "nosniff", "cache-control": "no-cache" })
        .type("application/json; charset=utf-8")
        .send(settings),
    );

    app.get<{ Params: { name: string } }>("/dashboard/assets/:name", hide, async (request, reply) => {
      const asset = built?.assets.get(request.params.name);
      if (!asset) return reply.callNotFound();
      // File names carry a content hash (Vite): a changed file is a new name.
      return reply
        .headers({
          "x-content-type-options": "nosniff",
          "cache-control": "public, max-age=31536000, immutable",
        })
        .type(asset.type)
        .send(asset.body);
    });
  };
}
