import { describe, expect, it } from "vitest";
import { parseBraveAnswer } from "./brave-provider.js";
import { SearchError } from "./search-error.js";
import { retryAfterMs } from "./search-http.js";
import { parseSearxngAnswer, searxngSearchUrl } from "./searxng-provider.js";

function failure(fn: () => unknown): SearchError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SearchError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("SearXNG answers", () => {
  it("builds the JSON search URL from a base URL or a /search URL", () => {
    expect(searxngSearchUrl("http://127.0.0.1:8888/", "Marigold Table Portland")).toBe(
      "http://127.0.0.1:8888/search?q=Marigold+Table+Portland&format=json&categories=general",
    );
    expect(searxngSearchUrl("https://searx.example/searxng/search?format=html", "a&b")).toBe(
      "https://searx.example/searxng/search?q=a%26b&format=json&categories=general",
    );
    expect(searxngSearchUrl("https://searx.example/searxng", "x")).toMatch(
      /^https:\/\/searx\.example\/searxng\/search\?/,
    );
  });

  it("reads url, title, content, engine and score; skips results without an http(s) URL", () => {
    const results = parseSearxngAnswer({
      query: "q",
      results: [
        { url: "https://a.example/", title: "A", content: "about A", engine: "google", score: 2.5 },
        { url: "javascript:alert(1)", title: "bad" },
        { url: "https://b.example/", title: "B" },
        "junk",
      ],
      unresponsive_engines: [["bing", "timeout"]],
    });
    expect(results).toEqual([
      { url: "https://a.example/", title: "A", content: "about A", engine: "google", score: 2.5 },
      { url: "https://b.example/", title: "B", content: "", engine: "searxng", score: null },
    ]);
  });

  it("tells nothing found from every engine failing, and refuses another shape", () => {
    expect(parseSearxngAnswer({ results: [], unresponsive_engines: [] })).toEqual([]);
    const limited = failure(() =>
      parseSearxngAnswer({ results: [], unresponsive_engines: [["google", "CAPTCHA"]] }),
    );
    expect(limited.code).toBe("search_rate_limited");
    expect(limited.message).toContain("google: CAPTCHA");
    expect(failure(() => parseSearxngAnswer({ hits: [] })).code).toBe("search_bad_response");
    expect(failure(() => parseSearxngAnswer(null)).code).toBe("search_bad_response");
  });
});

describe("Brave answers", () => {
  it("reads web.results; no `web` is nothing found", () => {
    expect(
      parseBraveAnswer({
        web: { results: [{ url: "https://a.example/", title: "A", description: "<strong>A</strong> shop" }] },
      }),
    ).toEqual([{ url: "https://a.example/", title: "A", content: "A shop", engine: "brave", score: null }]);
    expect(parseBraveAnswer({ type: "search" })).toEqual([]);
    expect(failure(() => parseBraveAnswer({ web: {} })).code).toBe("search_bad_response");
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterMs("30")).toBe(30_000);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(
      10_000,
    );
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
