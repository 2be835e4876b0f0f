/**
 * A web server on loopback for the website tests: real HTTP (node:http on 127.0.0.1, port 0) with
 * the pages and misbehaviours the fetcher must handle, and a static route serving a directory of
 * fixture pages (test/fixtures/web/ by default) for the extractor and end-to-end tests.
 *
 * Hosts: the fetcher connects by name through an injected resolver (`fixtureResolver`: every
 * `*.test` name → 127.0.0.1), so one server plays many sites; the Host header names the site, and
 * each site may have its own robots.txt (`setRobots`). Every request is logged (`requests`).
 *
 * Routes (GET):
 *   /page                      a small UTF-8 HTML page ("Fixture Café")
 *   /page.gz | .br | .deflate  the same page compressed (Content-Encoding gzip, br, deflate)
 *   /redirect/N                N redirects (302) down to /page; /redirect-to?url=U&status=S any Location
 *   /loop/a, /loop/b           a redirect loop
 *   /status/CODE               that status with a short HTML body; ?retry-after=V adds Retry-After
 *   /flaky/KEY?fails=N&status=S&retry-after=V   status S (503) the first N times per KEY, then /page
 *   /reset-once/KEY            the first request per KEY has its connection destroyed, then /page
 *   /reset-midbody/KEY         the first request per KEY sends headers and half a body, then resets
 *   /slow-headers?ms=N         headers after N ms
 *   /slow-page?ms=N            the page after N ms (for concurrency tests)
 *   /trickle                   headers at once, then one byte every 100 ms, never ending
 *   /huge?declared=1           a 50 MB HTML body (with Content-Length when declared=1)
 *   /bomb                      a gzip bomb: ~200 KB on the wire, 200 MB of zeros inflated
 *   /charset/NAME              pages in other encodings (see CHARSET_PAGES)
 *   /not-html                  application/pdf;  /json  application/json;  /untyped-html  no Content-Type
 *   /static/PATH               a file of the static directory (.html as text/html, no charset)
 *   /robots.txt                per host (setRobots); by default 404
 * Tests may add their own routes with `route(path, handler)`.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import iconv from "iconv-lite";
import type { Resolver } from "../../src/web/guard/resolver.js";

export interface LoggedRequest {
  method: string;
  path: string;
  /** Host header, without the port. */
  host: string;
  userAgent: string;
  acceptEncoding: string;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface RobotsFixture {
  status?: number;
  contentType?: string;
  body?: string;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export const FIXTURE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fixture Café</title></head>
<body><h1>Fixture Café</h1><p>Open Mon–Fri 9:00–17:00. Call +1 212 555 0100.</p></body></html>
`;

const JAPANESE =
  "営業時間 月曜日から金曜日 午前9時から午後6時まで。東京都渋谷区のラーメン屋です。電話でご予約ください。";
const KOREAN =
  "영업시간 월요일부터 금요일까지 오전 9시부터 오후 6시까지. 서울 강남구 식당입니다. 전화로 예약하세요.";

/** Pages in other encodings: [Content-Type sent (null: none), bytes]. Their text is in CHARSET_TEXT. */
export const CHARSET_TEXT = {
  japanese: JAPANESE,
  korean: KOREAN,
  western: "Öffnungszeiten Mon–Fri, “Café Müller”",
  utf8: `Café Müller – ${JAPANESE}`,
} as const;

const html = (body: string, head = "") =>
  `<!doctype html><html><head>${head}<title>Charset</title></head><body><p>${body}</p></body></html>`;

const CHARSET_PAGES: Record<string, [string | null, Buffer]> = {
  "shift_jis-header": ["text/html; charset=Shift_JIS", iconv.encode(html(JAPANESE), "cp932")],
  "shift_jis-meta": ["text/html", iconv.encode(html(JAPANESE, '<meta charset="shift_jis">'), "cp932")],
  "shift_jis-undeclared": ["text/html", iconv.encode(html(JAPANESE), "cp932")],
  "euc-kr-meta": [
    "text/html",
    iconv.encode(
      html(KOREAN, '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'),
      "cp949",
    ),
  ],
  "windows-1252-as-latin1": [
    "text/html; charset=iso-8859-1",
    iconv.encode(html("Öffnungszeiten Mon–Fri, “Café Müller”"), "windows-1252"),
  ],
  "windows-1252-undeclared": [
    "text/html",
    iconv.encode(html("Öffnungszeiten Mon–Fri, “Café Müller”"), "windows-1252"),
  ],
  "utf8-undeclared": ["text/html", Buffer.from(html(`Café Müller – ${JAPANESE}`))],
};

const STATIC_TYPES: Record<string, string> = {
  ".html": "text/html",
  ".htm": "text/html",
  ".txt": "text/plain",
  ".json": "application/json",
  ".xml": "application/xml",
  ".css": "text/css",
  ".js": "text/javascript",
};

/** Every `*.test` name (and `localhost`) resolves to 127.0.0.1; anything else does not resolve. */
export const fixtureResolver: Resolver = async (hostname) => {
  if (hostname === "localhost" || hostname.endsWith(".test")) return [{ address: "127.0.0.1", family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
};

export class WebFixtureServer {
  readonly requests: LoggedRequest[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly robots = new Map<string, RobotsFixture>();
  private readonly routes = new Map<string, RouteHandler>();
  private readonly counters = new Map<string, number>();
  private bomb: Promise<Buffer> | null = null;
  port = 0;

  constructor(private readonly staticDir = fileURLToPath(new URL("../fixtures/web/", import.meta.url))) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
        else res.destroy();
      });
    });
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** http://HOST:PORT/PATH; HOST defaults to `site.test`. */
  url(path: string, host = "site.test"): string {
    return `http://${host}:${this.port}${path.startsWith("/") ? path : `/${path}`}`;
  }

  /** robots.txt of `host` (or of every host without its own, with "*"). */
  setRobots(host: string, robots: RobotsFixture): void {
    this.robots.set(host, robots);
  }

  route(path: string, handler: RouteHandler): void {
    this.routes.set(path, handler);
  }

  /** Requests for `path` (query included when given), optionally for one host. */
  hits(path: string, host?: string): LoggedRequest[] {
    return this.requests.filter(
      (r) => (r.path === path || r.path.split("?")[0] === path) && (!host || r.host === host),
    );
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private count(key: string): number {
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fixture");
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    this.requests.push({
      method: req.method ?? "GET",
      path: url.pathname + url.search,
      host,
      userAgent: req.headers["user-agent"] ?? "",
      acceptEncoding: String(req.headers["accept-encoding"] ?? ""),
      at: performance.now(),
    });
    const custom = this.routes.get(url.pathname);
    if (custom) return custom(req, res, url);
    const path = url.pathname;
    const q = url.searchParams;
    const page = (
      status = 200,
      body: string | Buffer = FIXTURE_PAGE,
      headers: Record<string, string> = {},
    ): void => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers }).end(body);
    };

    if (path === "/robots.txt") {
      const robots = this.robots.get(host) ?? this.robots.get("*");
      if (!robots) return page(404, "<html><body>Not found</body></html>");
      res.writeHead(robots.status ?? 200, { "content-type": robots.contentType ?? "text/plain" });
      res.end(robots.body ?? "");
      return;
    }
    if (path === "/page") return page();
    if (path === "/page.gz") return page(200, zlib.gzipSync(FIXTURE_PAGE), { "content-encoding": "gzip" });
    if (path === "/page.br") {
      return page(200, zlib.brotliCompressSync(FIXTURE_PAGE), { "content-encoding": "br" });
    }
    if (path === "/page.deflate") {
      return page(200, zlib.deflateSync(FIXTURE_PAGE), { "content-encoding": "deflate" });
    }
    let m = /^\/redirect\/(\d+)$/.exec(path);
    if (m) {
      const n = Number(m[1]);
      res.writeHead(302, { location: n <= 1 ? "/page" : `/redirect/${n - 1}` }).end();
      return;
    }
    if (path === "/redirect-to") {
      res.writeHead(Number(q.get("status") ?? 302), { location: q.get("url") ?? "/page" }).end();
      return;
    }
    if (path === "/loop/a" || path === "/loop/b") {
      res.writeHead(301, { location: path === "/loop/a" ? "/loop/b" : "/loop/a" }).end();
      return;
    }
    m = /^\/status\/(\d+)$/.exec(path);
    if (m) {
      const headers: Record<string, string> = {};
      if (q.has("retry-after")) headers["retry-after"] = q.get("retry-after")!;
      return page(Number(m[1]), `<html><body>Status ${m[1]}</body></html>`, headers);
    }
    m = /^\/flaky\/([\w-]+)$/.exec(path);
    if (m) {
      if (this.count(`flaky:${m[1]}`) <= Number(q.get("fails") ?? 1)) {
        const headers: Record<string, string> = {};
        if (q.has("retry-after")) headers["retry-after"] = q.get("retry-after")!;
        return page(Number(q.get("status") ?? 503), "<html><body>Busy</body></html>", headers);
      }
      return page();
    }
    m = /^\/reset-once\/([\w-]+)$/.exec(path);
    if (m) {
      if (this.count(`reset:${m[1]}`) === 1) {
        req.socket.resetAndDestroy();
        return;
      }
      return page();
    }
    m = /^\/reset-midbody\/([\w-]+)$/.exec(path);
    if (m) {
      if (this.count(`midbody:${m[1]}`) === 1) {
        res.writeHead(200, {
          "content-type": "text/html",
          "content-length": String(FIXTURE_PAGE.length * 2),
        });
        res.write(FIXTURE_PAGE);
        setTimeout(() => req.socket.resetAndDestroy(), 20);
        return;
      }
      return page();
    }
    if (path === "/slow-headers" || path === "/slow-page") {
      await new Promise((resolve) => setTimeout(resolve, Number(q.get("ms") ?? 3000)));
      return page();
    }
    if (path === "/trickle") {
      res.writeHead(200, { "content-type": "text/html" });
      res.write("<html><body>");
      const timer = setInterval(() => res.write("."), 100);
      res.on("close", () => clearInterval(timer));
      return;
    }
    if (path === "/huge") {
      const total = 50 * 1024 * 1024;
      const headers: Record<string, string> = { "content-type": "text/html" };
      if (q.get("declared") === "1") headers["content-length"] = String(total);
      res.writeHead(200, headers);
      const chunk = Buffer.alloc(64 * 1024, "<p>x</p>");
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("close", () => {
        sent = total;
      });
      pump();
      return;
    }
    if (path === "/bomb") {
      // 200 gzip members of 1 MiB of zeros each: one stream to a decompressor (RFC 1952 §2.2),
      // built in milliseconds rather than compressing 200 MB.
      this.bomb ??= Promise.resolve(
        Buffer.concat(Array(200).fill(zlib.gzipSync(Buffer.alloc(1024 * 1024), { level: 9 }))),
      );
      const bomb = await this.bomb;
      res.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" }).end(bomb);
      return;
    }
    m = /^\/charset\/([\w-]+)$/.exec(path);
    if (m && CHARSET_PAGES[m[1]!]) {
      const [type, bytes] = CHARSET_PAGES[m[1]!]!;
      res.writeHead(200, type ? { "content-type": type } : {}).end(bytes);
      return;
    }
    if (path === "/not-html") {
      res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.7\n");
      return;
    }
    if (path === "/json") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"name":"Fixture Café"}');
      return;
    }
    if (path === "/untyped-html" || path === "/untyped-json") {
      res.removeHeader("content-type");
      res.writeHead(200).end(path === "/untyped-html" ? FIXTURE_PAGE : '{"name":"Fixture Café"}');
      return;
    }
    if (path.startsWith("/static/"))
      return this.serveStatic(decodeURIComponent(path.slice("/static/".length)), res);
    page(404, "<html><body>Not found</body></html>");
  }

  private async serveStatic(relative: string, res: ServerResponse): Promise<void> {
    const root = normalize(this.staticDir + sep);
    const file = normalize(join(root, relative));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const bytes = await readFile(file);
      res.writeHead(200, {
        "content-type": STATIC_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
      });
      res.end(bytes);
    } catch {
      res.writeHead(404, { "content-type": "text/html" }).end("<html><body>Not found</body></html>");
    }
  }
}

/** Starts a fixture server (serving `staticDir` under /static/). */
export function startWebFixtureServer(staticDir?: string): Promise<WebFixtureServer> {
  return new WebFixtureServer(staticDir).start();
}
