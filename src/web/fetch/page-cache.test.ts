import { describe, expect, it } from "vitest";
import type { FetchOutcome } from "./fetch-outcome.js";
import { PageCache } from "./page-cache.js";

function page(url: string, text: string): FetchOutcome {
  return {
    kind: "ok",
    url,
    finalUrl: url,
    redirects: [],
    status: 200,
    reason: "HTTP 200",
    fromCache: false,
    timings: { startedAt: 0, waitMs: 0, totalMs: 1 },
    text,
    encoding: "UTF-8",
    charsetSource: "header",
    bytes: text.length,
    headers: {},
  };
}

function cache(overrides: Partial<{ ttlMs: number; maxEntries: number; maxBytes: number }> = {}) {
  const clock = { current: 0, now: () => clock.current };
  return {
    clock,
    pages: new PageCache({ ttlMs: 1000, maxEntries: 10, maxBytes: 1000, clock, ...overrides }),
  };
}

describe("PageCache", () => {
  it("returns a page until its TTL passes", () => {
    const { clock, pages } = cache();
    pages.set("https://a.example/", page("https://a.example/", "hello"));
    clock.current = 999;
    expect(pages.get("https://a.example/")?.kind).toBe("ok");
    clock.current = 1000;
    expect(pages.get("https://a.example/")).toBeNull();
    expect(pages.size).toEqual({ entries: 0, bytes: 0 });
  });

  it("is bounded by entries and by bytes, dropping the least recently used", () => {
    const { pages } = cache({ maxEntries: 2, maxBytes: 100 });
    pages.set("a", page("a", "x".repeat(10)));
    pages.set("b", page("b", "x".repeat(10)));
    pages.get("a");
    pages.set("c", page("c", "x".repeat(10)));
    expect(pages.get("b")).toBeNull();
    expect(pages.get("a")).not.toBeNull();
    pages.set("d", page("d", "x".repeat(45))); // 90 bytes: a and c must go
    expect(pages.size).toEqual({ entries: 1, bytes: 90 });
    pages.set("e", page("e", "x".repeat(51))); // larger than the whole cache: not stored
    expect(pages.get("e")).toBeNull();
    expect(pages.get("d")).not.toBeNull();
  });

  it("stores nothing with a TTL of 0", () => {
    const { pages } = cache({ ttlMs: 0 });
    pages.set("a", page("a", "x"));
    expect(pages.get("a")).toBeNull();
  });
});
