import { describe, expect, it } from "vitest";
import type { Clock } from "../../clock.js";
import { createRobotsPolicy } from "./robots-policy.js";
import type { RobotsAnswer } from "./robots-rules.js";
import { looksLikeHtml } from "./robots-rules.js";

class TestClock implements Clock {
  current = 1_700_000_000_000;
  now() {
    return this.current;
  }
}

const RULES = [
  "User-agent: *",
  "Disallow: /private",
  "",
  "User-agent: place-enrichment",
  "Disallow: /no-enrichment",
  "Allow: /no-enrichment/hours",
  "Crawl-delay: 2",
].join("\n");

/** robots.txt answers by origin; counts the fetches. */
function answers(byOrigin: Record<string, RobotsAnswer>) {
  const fetched: string[] = [];
  return {
    fetched,
    fetchRobots: async (url: URL): Promise<RobotsAnswer> => {
      fetched.push(url.href);
      return byOrigin[url.origin] ?? { kind: "unavailable", status: 404 };
    },
  };
}

function policy(byOrigin: Record<string, RobotsAnswer>, productToken = "place-enrichment") {
  const clock = new TestClock();
  const source = answers(byOrigin);
  const robots = createRobotsPolicy({
    productToken,
    fetchRobots: source.fetchRobots,
    clock,
    ttlMs: 86_400_000,
    backoffMs: 600_000,
  });
  return { robots, clock, fetched: source.fetched };
}

const ok = (body: string, contentType = "text/plain"): RobotsAnswer => ({
  kind: "ok",
  status: 200,
  contentType,
  body,
});
const check = (robots: ReturnType<typeof policy>["robots"], url: string) => robots.check(new URL(url));

describe("robots policy", () => {
  it("matches on the product token, falling back to the * group", async () => {
    const { robots } = policy({ "https://shop.example": ok(RULES) });
    expect(await check(robots, "https://shop.example/no-enrichment/menu")).toMatchObject({
      allowed: false,
      reason: "robots.txt disallows it (line 5)",
      crawlDelayMs: 2000,
    });
    expect((await check(robots, "https://shop.example/no-enrichment/hours")).allowed).toBe(true);
    // Our group replaces *, so /private (disallowed for others) is allowed for us.
    expect((await check(robots, "https://shop.example/private")).allowed).toBe(true);
    const other = policy({ "https://shop.example": ok(RULES) }, "otherbot");
    expect((await check(other.robots, "https://shop.example/private")).allowed).toBe(false);
    expect((await check(other.robots, "https://shop.example/no-enrichment")).allowed).toBe(true);
  });

  it("matches the token case-insensitively and ignores a version on the User-agent line", async () => {
    const { robots } = policy({
      "https://shop.example": ok("User-agent: Place-Enrichment/1.0\nDisallow: /"),
    });
    expect((await check(robots, "https://shop.example/")).allowed).toBe(false);
  });

  it("allows everything when robots.txt is missing (404, 410) or an HTML page", async () => {
    const { robots } = policy({
      "https://gone.example": { kind: "unavailable", status: 410 },
      "https://cms.example": ok(
        "<!DOCTYPE html><html><head><title>Not found</title></head><body>Disallow: /</body></html>",
        "text/html",
      ),
    });
    expect(await check(robots, "https://missing.example/x")).toMatchObject({
      allowed: true,
      reason: "robots.txt answered 404",
    });
    expect((await check(robots, "https://gone.example/x")).allowed).toBe(true);
    expect(await check(robots, "https://cms.example/x")).toMatchObject({
      allowed: true,
      reason: "robots.txt is an HTML page, not a rule file",
    });
  });

  it("reads rules served as text/html when the body is rules, not markup", async () => {
    const { robots } = policy({ "https://shop.example": ok("User-agent: *\nDisallow: /", "text/html") });
    expect((await check(robots, "https://shop.example/")).allowed).toBe(false);
  });

  it("backs off from an unreachable robots.txt, then asks again", async () => {
    const byOrigin: Record<string, RobotsAnswer> = {
      "https://down.example": { kind: "unreachable", reason: "503" },
    };
    const { robots, clock, fetched } = policy(byOrigin);
    expect(await check(robots, "https://down.example/")).toMatchObject({
      allowed: false,
      reason: "robots.txt unreachable (503)",
    });
    clock.current += 599_000;
    expect((await check(robots, "https://down.example/")).allowed).toBe(false);
    expect(fetched).toHaveLength(1);
    byOrigin["https://down.example"] = ok("User-agent: *\nAllow: /");
    clock.current += 2_000;
    expect((await check(robots, "https://down.example/")).allowed).toBe(true);
    expect(fetched).toHaveLength(2);
  });

  it("caches per origin for the TTL, and shares one fetch between concurrent checks", async () => {
    const { robots, clock, fetched } = policy({ "https://shop.example": ok(RULES) });
    await Promise.all([
      check(robots, "https://shop.example/a"),
      check(robots, "https://shop.example/b"),
      check(robots, "https://shop.example/c"),
    ]);
    expect(fetched).toEqual(["https://shop.example/robots.txt"]);
    await check(robots, "http://shop.example/a"); // another origin: another robots.txt
    await check(robots, "https://shop.example:8443/a");
    expect(fetched).toHaveLength(3);
    clock.current += 86_400_000;
    await check(robots, "https://shop.example/a");
    expect(fetched).toHaveLength(4);
  });
});

describe("looksLikeHtml", () => {
  it("tells markup from rules", () => {
    expect(looksLikeHtml("\uFEFF  <html lang=en><body>x")).toBe(true);
    expect(looksLikeHtml("<!doctype html>")).toBe(true);
    expect(looksLikeHtml("User-agent: *\nDisallow: /<html>")).toBe(false);
    expect(looksLikeHtml("# <b>robots</b>\nUser-agent: *")).toBe(false);
  });
});
