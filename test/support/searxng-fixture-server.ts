/**
 * A SearXNG instance on loopback for the discovery tests: real HTTP answering
 * `GET /search?q=…&format=json` the way SearXNG does (searx/webapp.py, JSON format): `query`,
 * `results` (each with `url`, `title`, `content`, `engine`, `engines`, `positions`, `score`,
 * `category`, `parsed_url`, `template`), `answers`, `corrections`, `infoboxes`, `suggestions`,
 * `unresponsive_engines` — and no `number_of_results` (removed in 2026).
 *
 * Canned results per query (`setResults`, matched on the query's words, case and spaces ignored);
 * an unknown query answers no results. Misbehaviours: `jsonEnabled = false` answers 403 to
 * format=json as SearXNG does when the format is not in `search.formats`; `rateLimit(n)` answers
 * the next n searches 429 (SearXNG's limiter); `malformed(n)` answers the next n with a broken
 * body; `unresponsive` makes every engine fail (200, no results, `unresponsive_engines`);
 * `requireHeader` answers 401 without it (an authenticating proxy in front). Every request is logged.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface CannedResult {
  url: string;
  title: string;
  content?: string;
  engine?: string;
}

const key = (q: string) => q.trim().toLowerCase().replace(/\s+/g, " ");

export class SearxngFixtureServer {
  readonly requests: Array<{
    path: string;
    query: string | null;
    format: string | null;
    headers: Record<string, unknown>;
  }> = [];
  jsonEnabled = true;
  unresponsive = false;
  requiredHeader: { name: string; value: string } | null = null;
  private readonly canned = new Map<string, CannedResult[]>();
  private rateLimited = 0;
  private retryAfter: string | null = null;
  private broken = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  setResults(query: string, results: CannedResult[]): void {
    this.canned.set(key(query), results);
  }

  rateLimit(times: number, retryAfter: string | null = null): void {
    this.rateLimited = times;
    this.retryAfter = retryAfter;
  }

  malformed(times: number): void {
    this.broken = times;
  }

  /** Searches received for `query` (format=json). */
  searches(query?: string): number {
    return this.requests.filter(
      (r) => r.path === "/search" && (query === undefined || key(r.query ?? "") === key(query)),
    ).length;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://searxng");
      const q = url.searchParams.get("q");
      const format = url.searchParams.get("format");
      this.requests.push({ path: url.pathname, query: q, format, headers: { ...req.headers } });
      if (
        this.requiredHeader &&
        req.headers[this.requiredHeader.name.toLowerCase()] !== this.requiredHeader.value
      ) {
        res.writeHead(401, { "content-type": "text/plain" }).end("Unauthorized");
        return;
      }
      if (url.pathname !== "/search") {
        res.writeHead(404, { "content-type": "text/html" }).end("<html><body>Not Found</body></html>");
        return;
      }
      if (format !== null && format !== "html" && (!this.jsonEnabled || format !== "json")) {
        // SearXNG: `flask.abort(403)` for a format not in settings' search.formats.
        res
          .writeHead(403, { "content-type": "text/html; charset=utf-8" })
          .end("<!doctype html><title>403 Forbidden</title><h1>Forbidden</h1>");
        return;
      }
      if (this.rateLimited > 0) {
        this.rateLimited--;
        res.writeHead(429, {
          "content-type": "text/plain",
          ...(this.retryAfter ? { "retry-after": this.retryAfter } : {}),
        });
        res.end("Too Many Requests");
        return;
      }
      if (this.broken > 0) {
        this.broken--;
        res.writeHead(200, { "content-type": "application/json" }).end('{"query": "x", "results": [{"url": ');
        return;
      }
      const canned = this.unresponsive ? [] : (this.canned.get(key(q ?? "")) ?? []);
      const results = canned.map((r, i) => {
        const engine = r.engine ?? "duckduckgo";
        const parsed = new URL(r.url);
        return {
          url: r.url,
          title: r.title,
          content: r.content ?? "",
          engine,
          parsed_url: [
            parsed.protocol.replace(":", ""),
            parsed.host,
            parsed.pathname,
            "",
            parsed.search.replace("?", ""),
            "",
          ],
          template: "default.html",
          engines: [engine],
          positions: [i + 1],
          score: 1 / (i + 1),
          category: "general",
          publishedDate: null,
          thumbnail: "",
        };
      });
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          query: q,
          results,
          answers: [],
          corrections: [],
          infoboxes: [],
          suggestions: [],
          unresponsive_engines: this.unresponsive
            ? [
                ["google", "CAPTCHA"],
                ["duckduckgo", "too many requests"],
              ]
            : [],
        }),
      );
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

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export function startSearxngFixtureServer(): Promise<SearxngFixtureServer> {
  return new SearxngFixtureServer().start();
}
