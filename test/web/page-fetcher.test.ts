/**
 * The page fetcher through real HTTP on loopback: the fixture server plays many sites (`*.test`
 * names resolved to 127.0.0.1 by the injected resolver), with WEB_ALLOW_PRIVATE_NETWORK on, as a
 * deployment's tests would run it. The address rules themselves are proven in
 * src/web/guard/ssrf-guard.test.ts; here, that every hop goes through them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type WebConfig } from "../../src/config.js";
import type { FetchOutcome } from "../../src/web/fetch/fetch-outcome.js";
import {
  createPageFetcher,
  type PageFetcher,
  type PageFetcherDeps,
} from "../../src/web/fetch/page-fetcher.js";
import { Cleanups } from "../support/cleanups.js";
import { ManualClock } from "../support/manual-clock.js";
import {
  CHARSET_TEXT,
  FIXTURE_PAGE,
  fixtureResolver,
  startWebFixtureServer,
  type WebFixtureServer,
} from "../support/web-fixture-server.js";

let server: WebFixtureServer;
const cleanups = new Cleanups();

beforeAll(async () => {
  server = await startWebFixtureServer();
});
afterAll(() => server.close());
afterEach(() => cleanups.runAll());

function webConfig(overrides: Partial<WebConfig> = {}): WebConfig {
  return {
    ...loadConfig({ WEB_ALLOW_PRIVATE_NETWORK: "true" }).web,
    allowedPorts: [server.port],
    perHostDelayMs: 0,
    ...overrides,
  };
}

function fetcher(overrides: Partial<WebConfig> = {}, deps: PageFetcherDeps = {}): PageFetcher {
  const pages = createPageFetcher(webConfig(overrides), { resolver: fixtureResolver, ...deps });
  cleanups.defer(() => pages.close());
  return pages;
}

/** A host name of its own per test, so robots.txt and politeness state never leak between tests. */
let hostCounter = 0;
const freshHost = (label = "site") => `${label}-${++hostCounter}.test`;

function expectKind(outcome: FetchOutcome, kind: FetchOutcome["kind"]) {
  expect(outcome.kind, `${outcome.kind}: ${outcome.reason}`).toBe(kind);
}

describe("fetching a page", () => {
  it("returns the decoded page with its status, headers and timings, sending a descriptive User-Agent", async () => {
    const host = freshHost();
    const outcome = await fetcher().fetchPage(server.url("/page", host));
    expectKind(outcome, "ok");
    if (outcome.kind !== "ok") return;
    expect(outcome).toMatchObject({
      status: 200,
      finalUrl: server.url("/page", host),
      redirects: [],
      encoding: "UTF-8",
      charsetSource: "header",
      bytes: Buffer.byteLength(FIXTURE_PAGE),
      fromCache: false,
    });
    expect(outcome.text).toBe(FIXTURE_PAGE);
    expect(outcome.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(outcome.timings.totalMs).toBeGreaterThanOrEqual(0);
    const [request] = server.hits("/page", host);
    expect(request?.userAgent).toMatch(/^place-enrichment\/\d+\.\d+\.\d+ \(self-hosted [^)]+\)$/);
    expect(request?.acceptEncoding).toBe("gzip, deflate, br");
  });

  it("decompresses gzip, br and deflate bodies", async () => {
    const pages = fetcher();
    for (const path of ["/page.gz", "/page.br", "/page.deflate"]) {
      const outcome = await pages.fetchPage(server.url(path, freshHost()));
      expectKind(outcome, "ok");
      expect(outcome.kind === "ok" && outcome.text, path).toBe(FIXTURE_PAGE);
    }
  });

  it("decodes Shift_JIS, EUC-KR, windows-1252 labelled iso-8859-1 and undeclared UTF-8", async () => {
    const pages = fetcher();
    const cases: Array<[string, string, string, string]> = [
      ["shift_jis-header", "Shift_JIS", "header", CHARSET_TEXT.japanese],
      ["shift_jis-meta", "Shift_JIS", "meta", CHARSET_TEXT.japanese],
      ["shift_jis-undeclared", "Shift_JIS", "guess", CHARSET_TEXT.japanese],
      ["euc-kr-meta", "EUC-KR", "meta", CHARSET_TEXT.korean],
      ["windows-1252-as-latin1", "windows-1252", "header", CHARSET_TEXT.western],
      ["windows-1252-undeclared", "windows-1252", "default", CHARSET_TEXT.western],
      ["utf8-undeclared", "UTF-8", "utf8", CHARSET_TEXT.utf8],
    ];
    const host = freshHost();
    for (const [name, encoding, source, text] of cases) {
      const outcome = await pages.fetchPage(server.url(`/charset/${name}`, host));
      expectKind(outcome, "ok");
      if (outcome.kind !== "ok") continue;
      expect({ encoding: outcome.encoding, source: outcome.charsetSource }, name).toEqual({
        encoding,
        source,
      });
      expect(outcome.text, name).toContain(text);
    }
  });

  it("reports HTTP errors with their status", async () => {
    const pages = fetcher();
    for (const status of [404, 410, 500]) {
      const outcome = await pages.fetchPage(server.url(`/status/${status}`, freshHost()));
      expectKind(outcome, "http_error");
      expect(outcome.status).toBe(status);
      expect(outcome.reason).toMatch(new RegExp(`^HTTP ${status} at http://`));
    }
  });

  it("refuses what is not HTML, and sniffs a page sent without a Content-Type", async () => {
    const pages = fetcher();
    const pdf = await pages.fetchPage(server.url("/not-html", freshHost()));
    expectKind(pdf, "not_html");
    expect(pdf.kind === "not_html" && pdf.contentType).toBe("application/pdf");
    expectKind(await pages.fetchPage(server.url("/json", freshHost())), "not_html");
    expectKind(await pages.fetchPage(server.url("/untyped-html", freshHost())), "ok");
    expectKind(await pages.fetchPage(server.url("/untyped-json", freshHost())), "not_html");
  });

  it("serves files of the static directory, and nothing outside it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "web-static-"));
    cleanups.defer(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, "shops"));
    writeFileSync(join(dir, "shops", "bakery.html"), "<!doctype html><html><body>Bäckerei</body></html>");
    const files = await startWebFixtureServer(dir);
    cleanups.defer(() => files.close());
    const pages = fetcher({ allowedPorts: [files.port] });
    const outcome = await pages.fetchPage(files.url("/static/shops/bakery.html", freshHost()));
    expectKind(outcome, "ok");
    expect(outcome.kind === "ok" && outcome.text).toContain("Bäckerei");
    // The URL parser removes dot segments, and the route refuses what resolves outside its directory.
    expectKind(await pages.fetchPage(files.url("/static/../../package.json", freshHost())), "http_error");
    expectKind(await pages.fetchPage(files.url("/static/..%2f..%2fpackage.json", freshHost())), "http_error");
  });
});

describe("redirects", () => {
  it("follows up to 5 redirects by hand and keeps the chain", async () => {
    const host = freshHost();
    const outcome = await fetcher().fetchPage(server.url("/redirect/5", host));
    expectKind(outcome, "ok");
    expect(outcome.finalUrl).toBe(server.url("/page", host));
    expect(
      outcome.redirects.map((hop) => [new URL(hop.url).pathname, hop.status, new URL(hop.location).pathname]),
    ).toEqual([
      ["/redirect/5", 302, "/redirect/4"],
      ["/redirect/4", 302, "/redirect/3"],
      ["/redirect/3", 302, "/redirect/2"],
      ["/redirect/2", 302, "/redirect/1"],
      ["/redirect/1", 302, "/page"],
    ]);
  });

  it("stops after 5 redirects, and on a loop", async () => {
    const pages = fetcher();
    const long = await pages.fetchPage(server.url("/redirect/6", freshHost()));
    expectKind(long, "too_many_redirects");
    expect(long.redirects).toHaveLength(6);
    const host = freshHost();
    const loop = await pages.fetchPage(server.url("/loop/a", host));
    expectKind(loop, "redirect_loop");
    expect(loop.redirects.map((hop) => hop.status)).toEqual([301, 301]);
    expect(server.hits("/loop/a", host)).toHaveLength(1);
  });

  it("checks every hop: scheme, port, name resolution and robots.txt", async () => {
    const pages = fetcher();
    const redirect = (target: string) =>
      server.url(`/redirect-to?url=${encodeURIComponent(target)}`, freshHost());

    const scheme = await pages.fetchPage(redirect("file:///etc/passwd"));
    expect(scheme).toMatchObject({
      kind: "blocked_address",
      refusal: "scheme",
      finalUrl: "file:///etc/passwd",
    });
    const port = await pages.fetchPage(redirect("http://other.test:1/"));
    expect(port).toMatchObject({ kind: "blocked_address", refusal: "port" });
    expect(port.redirects).toHaveLength(1);
    const dns = await pages.fetchPage(redirect(`http://nowhere.example:${server.port}/page`));
    expectKind(dns, "dns_failure");

    const guarded = freshHost("guarded");
    server.setRobots(guarded, { body: "User-agent: *\nDisallow: /page\n" });
    const robots = await pages.fetchPage(redirect(server.url("/page", guarded)));
    expectKind(robots, "robots_blocked");
    expect(server.hits("/page", guarded)).toHaveLength(0);
  });
});

describe("SSRF guard in the fetcher", () => {
  it("refuses loopback without WEB_ALLOW_PRIVATE_NETWORK, before any request is sent", async () => {
    const strict = fetcher({ allowPrivateNetwork: false });
    const before = server.requests.length;
    for (const url of [
      server.url("/page", "localhost"),
      server.url("/page", "shop.test"),
      `http://2130706433:${server.port}/page`,
      `http://0x7f.1:${server.port}/page`,
      `http://[::ffff:127.0.0.1]:${server.port}/page`,
    ]) {
      const outcome = await strict.fetchPage(url);
      expect(outcome, url).toMatchObject({ kind: "blocked_address", refusal: "address" });
      expect(outcome.reason, url).toMatch(/loopback/);
    }
    expect(server.requests.length).toBe(before);
  });

  it("refuses ports other than the allowed ones", async () => {
    const outcome = await fetcher({ allowedPorts: [80, 443] }).fetchPage(server.url("/page", freshHost()));
    expect(outcome).toMatchObject({ kind: "blocked_address", refusal: "port" });
  });

  it("connects to the checked address and keeps the name for TLS (SNI, certificate)", async () => {
    const tls = {
      key: readFileSync(new URL("./tls/shop-test.key", import.meta.url)),
      cert: readFileSync(new URL("./tls/shop-test.crt", import.meta.url)),
    };
    const seen: Array<{ servername: string | false | null; host: string | undefined }> = [];
    const https = createHttpsServer(tls, (req, res) => {
      seen.push({
        servername: (req.socket as import("node:tls").TLSSocket).servername,
        host: req.headers.host,
      });
      res.writeHead(200, { "content-type": "text/html" }).end("<html><body>TLS shop</body></html>");
    });
    await new Promise<void>((resolve) => https.listen(0, "127.0.0.1", resolve));
    cleanups.defer(() => new Promise((resolve) => https.close(resolve)));
    const port = (https.address() as AddressInfo).port;
    const url = `https://shop.test:${port}/`;

    const trusting = fetcher({ allowedPorts: [port] }, { tls: { ca: tls.cert } });
    const outcome = await trusting.fetchPage(url);
    expectKind(outcome, "ok");
    // robots.txt, then the page: both over TLS to 127.0.0.1, both naming shop.test.
    expect(seen).toEqual([
      { servername: "shop.test", host: `shop.test:${port}` },
      { servername: "shop.test", host: `shop.test:${port}` },
    ]);

    const untrusting = fetcher({ allowedPorts: [port] });
    const refused = await untrusting.fetchPage(url);
    expectKind(refused, "tls_error");
    expect(refused.reason).toMatch(/self[- ]signed/i);
  });
});

describe("limits", () => {
  it("cuts a trickling body at the page deadline (undici's idle timer never fires)", async () => {
    const started = performance.now();
    const outcome = await fetcher({ pageTimeoutMs: 800 }).fetchPage(server.url("/trickle", freshHost()));
    expectKind(outcome, "timeout");
    expect(outcome.reason).toBe("no complete page within 0.8 s");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("gives up on headers that do not come", async () => {
    const outcome = await fetcher({ headersTimeoutMs: 300 }).fetchPage(
      server.url("/slow-headers?ms=3000", freshHost()),
    );
    expectKind(outcome, "timeout");
    expect(outcome.reason).toMatch(/no response headers in time/);
  });

  it("cuts a 50 MB body and a gzip bomb at the decompressed cap, early", async () => {
    const pages = fetcher({ maxPageBytes: 2 * 1024 * 1024 });
    for (const path of ["/huge", "/huge?declared=1", "/bomb"]) {
      const started = performance.now();
      const outcome = await pages.fetchPage(server.url(path, freshHost()));
      expectKind(outcome, "too_large");
      expect(outcome.kind === "too_large" && outcome.limitBytes).toBe(2 * 1024 * 1024);
      expect(performance.now() - started, path).toBeLessThan(3000);
    }
  });

  it("reports a name that does not resolve, and a port nobody listens on", async () => {
    const pages = fetcher({ allowedPorts: [server.port, 1] });
    expectKind(await pages.fetchPage(`http://unknown.example:${server.port}/`), "dns_failure");
    const refused = await pages.fetchPage("http://closed.test:1/");
    expectKind(refused, "connection_error");
    expect(refused.reason).toMatch(/ECONNREFUSED/);
    expect(server.requests.filter((r) => r.host === "closed.test")).toHaveLength(0);
  });

  it("counts a name that does not resolve within the headers timeout as a DNS failure", async () => {
    const silent = fetcher({ headersTimeoutMs: 200 }, { resolver: () => new Promise(() => {}) });
    const outcome = await silent.fetchPage(server.url("/page", freshHost()));
    expectKind(outcome, "dns_failure");
    expect(outcome.reason).toMatch(/did not resolve within 0\.2 s/);
  });

  it("rejects with the caller's reason when the caller's signal aborts", async () => {
    const controller = new AbortController();
    const pending = fetcher().fetchPage(server.url("/slow-headers?ms=2000", freshHost()), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("job time limit")), 100);
    await expect(pending).rejects.toThrow("job time limit");
  });
});

describe("retries", () => {
  it("retries a 503 after its Retry-After, and a 429", async () => {
    const pages = fetcher();
    const host = freshHost();
    const outcome = await pages.fetchPage(server.url("/flaky/busy?fails=1&retry-after=1", host));
    expectKind(outcome, "ok");
    const hits = server.hits("/flaky/busy", host);
    expect(hits).toHaveLength(2);
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(950);
    expectKind(
      await pages.fetchPage(server.url("/flaky/limited?fails=1&status=429&retry-after=0", freshHost())),
      "ok",
    );
  });

  it("does not wait for a Retry-After beyond the bound, nor retry more than twice", async () => {
    const pages = fetcher();
    const host = freshHost();
    const long = await pages.fetchPage(server.url("/status/503?retry-after=120", host));
    expect(long).toMatchObject({ kind: "http_error", status: 503, retryAfterMs: 120_000 });
    expect(server.hits("/status/503", host)).toHaveLength(1);
    const stubborn = freshHost();
    const outcome = await pages.fetchPage(server.url("/flaky/stubborn?fails=5&retry-after=0", stubborn));
    expect(outcome).toMatchObject({ kind: "http_error", status: 503 });
    expect(server.hits("/flaky/stubborn", stubborn)).toHaveLength(3);
  });

  it("retries a connection reset, before and during the body; never a 500 or a 404", async () => {
    const pages = fetcher();
    const host = freshHost();
    expectKind(await pages.fetchPage(server.url("/reset-once/a", host)), "ok");
    expect(server.hits("/reset-once/a", host)).toHaveLength(2);
    expectKind(await pages.fetchPage(server.url("/reset-midbody/b", host)), "ok");
    expect(server.hits("/reset-midbody/b", host)).toHaveLength(2);
    await pages.fetchPage(server.url("/status/500", host));
    expect(server.hits("/status/500", host)).toHaveLength(1);
  });
});

describe("robots.txt", () => {
  it("obeys our product token's group, fetching robots.txt once per host", async () => {
    const host = freshHost();
    server.setRobots(host, {
      body: "User-agent: *\nDisallow: /\n\nUser-agent: place-enrichment\nDisallow: /status/\nAllow: /\n",
    });
    const pages = fetcher();
    expectKind(await pages.fetchPage(server.url("/page", host)), "ok");
    const blocked = await pages.fetchPage(server.url("/status/404", host));
    expectKind(blocked, "robots_blocked");
    expect(blocked.reason).toMatch(/robots\.txt disallows it \(line 5\)/);
    expectKind(await pages.fetchPage(server.url("/page.gz", host)), "ok");
    expect(server.hits("/robots.txt", host)).toHaveLength(1);
    expect(server.hits("/status/404", host)).toHaveLength(0);
  });

  it("allows all when robots.txt is an HTML page or missing; backs off when it fails", async () => {
    const pages = fetcher();
    const html = freshHost();
    server.setRobots(html, {
      contentType: "text/html",
      body: "<!doctype html><html><body>Disallow: /</body></html>",
    });
    expectKind(await pages.fetchPage(server.url("/page", html)), "ok");
    expectKind(await pages.fetchPage(server.url("/page", freshHost())), "ok"); // 404
    const failing = freshHost();
    server.setRobots(failing, { status: 500, body: "oops" });
    const outcome = await pages.fetchPage(server.url("/page", failing));
    expectKind(outcome, "robots_blocked");
    expect(outcome.reason).toMatch(/robots\.txt unreachable \(HTTP 500\)/);
    expect(server.hits("/page", failing)).toHaveLength(0);
  });
});

describe("politeness and limits on concurrency", () => {
  it("waits between two requests to one host", async () => {
    const host = freshHost();
    const pages = fetcher({ perHostDelayMs: 300 });
    await Promise.all([
      pages.fetchPage(server.url("/page", host)),
      pages.fetchPage(server.url("/page.gz", host)),
    ]);
    const hits = server.requests.filter((r) => r.host === host).sort((a, b) => a.at - b.at);
    expect(hits.map((h) => h.path)).toEqual(["/robots.txt", expect.any(String), expect.any(String)]);
    expect(hits[1]!.at - hits[0]!.at).toBeGreaterThanOrEqual(280);
    expect(hits[2]!.at - hits[1]!.at).toBeGreaterThanOrEqual(280);
  });

  it("pauses longer for a site's Crawl-delay", async () => {
    const host = freshHost();
    server.setRobots(host, { body: "User-agent: *\nCrawl-delay: 0.4\n" });
    const pages = fetcher();
    await pages.fetchPage(server.url("/page", host));
    await pages.fetchPage(server.url("/page.gz", host));
    const [first, second] = [server.hits("/page", host)[0]!, server.hits("/page.gz", host)[0]!];
    expect(second.at - first.at).toBeGreaterThanOrEqual(380);
  });

  it("keeps at most WEB_CONCURRENCY requests in flight", async () => {
    const pages = fetcher({ concurrency: 2 });
    let inFlight = 0;
    let peak = 0;
    server.route("/counted", async (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 100));
      inFlight--;
      res.writeHead(200, { "content-type": "text/html" }).end("<html><body>counted</body></html>");
    });
    const hosts = Array.from({ length: 6 }, () => freshHost());
    // robots.txt first, one host after the other, so that only the counted pages compete for slots.
    for (const host of hosts) await pages.fetchPage(server.url("/page", host));
    const outcomes = await Promise.all(hosts.map((host) => pages.fetchPage(server.url("/counted", host))));
    expect(outcomes.every((o) => o.kind === "ok")).toBe(true);
    expect(peak).toBe(2);
  });
});

describe("page cache", () => {
  it("reuses a page within its TTL; refresh fetches again", async () => {
    const clock = new ManualClock();
    const pages = fetcher({ pageCacheTtlMs: 60_000 }, { clock });
    const host = freshHost();
    const url = server.url("/page", host);
    expect((await pages.fetchPage(url)).fromCache).toBe(false);
    const again = await pages.fetchPage(`${url}#hours`);
    expect(again).toMatchObject({ kind: "ok", fromCache: true, url: `${url}#hours` });
    expect(server.hits("/page", host)).toHaveLength(1);
    expect((await pages.fetchPage(url, { refresh: true })).fromCache).toBe(false);
    expect(server.hits("/page", host)).toHaveLength(2);
    clock.advance(60_000);
    expect((await pages.fetchPage(url)).fromCache).toBe(false);
    expect(server.hits("/page", host)).toHaveLength(3);
  });

  it("shares one fetch between concurrent callers, and does not cache transient failures", async () => {
    const pages = fetcher();
    const host = freshHost();
    const url = server.url("/slow-page?ms=100", host);
    const [a, b] = await Promise.all([pages.fetchPage(url), pages.fetchPage(url)]);
    expectKind(a, "ok");
    expectKind(b, "ok");
    expect(server.hits("/slow-page", host)).toHaveLength(1);
    await pages.fetchPage(server.url("/status/500", host));
    await pages.fetchPage(server.url("/status/500", host));
    expect(server.hits("/status/500", host)).toHaveLength(2);
  });

  it("lets a caller sharing a fetch give up alone", async () => {
    const pages = fetcher();
    const url = server.url("/slow-page?ms=300", freshHost());
    const first = pages.fetchPage(url);
    const second = pages.fetchPage(url, { signal: AbortSignal.timeout(50) });
    await expect(second).rejects.toMatchObject({ name: "TimeoutError" });
    expectKind(await first, "ok");
  });
});
