/**
 * The web evidence source against the loopback fixture server, in process: one hop to the contact
 * page when the home page lacks what is asked, a site we may not read is not held against the hint,
 * and no website at all gives no status claim without a reference search.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { AttributeKey } from "../../src/domain/attributes.js";
import { preparePlace } from "../../src/enrich/prepare.js";
import type { Evidence } from "../../src/enrich/types.js";
import type { Resolver } from "../../src/web/guard/resolver.js";
import { createWebSource } from "../../src/web/web-source.js";
import { startWebFixtureServer, type WebFixtureServer } from "../support/web-fixture-server.js";

const loopback: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
let server: WebFixtureServer;
let source: ReturnType<typeof createWebSource>;

const HOME = `<!doctype html><html lang="en"><head><title>Linden Books</title></head><body>
<h1>Linden Books</h1><p>New and used books since 1987.</p>
<nav><a href="/about-us">About us</a> <a href="/contact">Contact</a></nav></body></html>`;
const CONTACT = `<!doctype html><html lang="en"><head><title>Contact | Linden Books</title></head><body>
<h1>Contact</h1><p>Linden Books, 14 Elm Street, Springfield, IL 62701</p>
<p>Phone: <a href="tel:+12175550188">(217) 555-0188</a></p>
<p>Opening hours: Mon-Sat 10am-6pm</p></body></html>`;

beforeAll(async () => {
  server = await startWebFixtureServer();
  server.route("/linden", (_req, res) => void res.writeHead(200, { "content-type": "text/html" }).end(HOME));
  server.route(
    "/contact",
    (_req, res) => void res.writeHead(200, { "content-type": "text/html" }).end(CONTACT),
  );
  server.setRobots("www.private-books.com", { body: "User-agent: *\nDisallow: /\n" });
  const config = {
    ...loadConfig({ WEB_ALLOW_PRIVATE_NETWORK: "true" }).web,
    allowedPorts: [server.port],
    perHostDelayMs: 0,
  };
  source = createWebSource({ config, jobTimeoutMs: 20_000 }, { resolver: loopback });
});
afterAll(async () => {
  await source.close?.();
  await server.close();
});

const ALL: AttributeKey[] = ["websites", "phoneNumbers", "openingHours", "closed_permanently"];

async function collect(
  name: string,
  website: string | null,
  attributes = ALL,
  extra: Record<string, string> = {},
  refresh = false,
): Promise<Evidence[]> {
  const place = preparePlace("p", {
    name,
    city: "Springfield",
    country_code: "US",
    ...(website ? { website } : {}),
    ...extra,
  });
  return source.collect(place, attributes, { now: Date.now(), refresh });
}

const of = (evidence: Evidence[], field: string) => evidence.filter((e) => e.field === field);

describe("web source", () => {
  it("hops once to the contact page for the phone and hours the home page lacks", async () => {
    const evidence = await collect("Linden Books", `http://www.lindenbooks.com:${server.port}/linden`);
    expect(of(evidence, "phone").map((e) => e.value)).toEqual(["+12175550188"]);
    expect(of(evidence, "phone")[0]!.note).toContain("/contact");
    expect(of(evidence, "opening_hours")[0]!.value).toMatchObject({ Monday: "10:00-18:00" });
    const site = of(evidence, "website")[0]!;
    expect(site.value).toBe(`http://www.lindenbooks.com:${server.port}/linden`);
    // Only the name agrees (the place has no phone hint): verified, but weakly.
    expect(site.strength).toBe("moderate");
    expect(of(evidence, "phone")[0]!.strength).toBe("weak");
    expect(server.hits("/contact", "www.lindenbooks.com")).toHaveLength(1);
    expect(server.hits("/about-us", "www.lindenbooks.com")).toHaveLength(0);
  });

  it("verifies strongly on a phone number found on the hop's page", async () => {
    const evidence = await collect("Linden Books", `http://www.lindenbooks3.com:${server.port}/linden`, ALL, {
      phone: "217 555 0188",
    });
    const site = of(evidence, "website")[0]!;
    expect(site.strength).toBe("strong");
    expect(site.note).toContain("phone +12175550188");
    expect(of(evidence, "open_closed_status")[0]).toMatchObject({ value: "Open", strength: "moderate" });
  });

  it("does not hop when the home page already says what is asked", async () => {
    const before = server.hits("/contact", "www.lindenbooks2.com").length;
    await collect("Linden Books", `http://www.lindenbooks2.com:${server.port}/linden`, [
      "websites",
      "closed_permanently",
    ]);
    expect(server.hits("/contact", "www.lindenbooks2.com").length).toBe(before);
  });

  it("reuses a fetched page, and fetches it again for a job that asks for a refresh", async () => {
    const url = `http://www.lindenbooks4.com:${server.port}/linden`;
    const attrs: AttributeKey[] = ["websites"];
    await collect("Linden Books", url, attrs);
    await collect("Linden Books", url, attrs);
    expect(server.hits("/linden", "www.lindenbooks4.com")).toHaveLength(1);
    await collect("Linden Books", url, attrs, {}, true);
    expect(server.hits("/linden", "www.lindenbooks4.com")).toHaveLength(2);
  });

  it("does not refute a hint it was not allowed to read (robots.txt)", async () => {
    const evidence = await collect("Private Books", `http://www.private-books.com:${server.port}/linden`);
    const site = of(evidence, "website");
    expect(site).toHaveLength(1);
    expect(site[0]!.value).toBeNull();
    expect(site[0]!.detail?.refutes).toBeUndefined();
    expect(site[0]!.note).toContain("not checked");
    expect(of(evidence, "open_closed_status")).toEqual([]);
  });

  it("claims nothing about a place without any website when no reference data was searched", async () => {
    expect(await collect("Nowhere Books", null)).toEqual([]);
  });
});

describe("web source offline", () => {
  it("does not hold a name that cannot be resolved right now (EAI_AGAIN) against the hint", async () => {
    const offline: Resolver = async (hostname) => {
      throw Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}`), { code: "EAI_AGAIN" });
    };
    const config = { ...loadConfig({ WEB_ALLOW_PRIVATE_NETWORK: "true" }).web, allowedPorts: [server.port] };
    const cut = createWebSource({ config, jobTimeoutMs: 20_000 }, { resolver: offline });
    try {
      const place = preparePlace("p", {
        name: "Linden Books",
        city: "Springfield",
        website: `http://www.lindenbooks.com:${server.port}/linden`,
      });
      const evidence = await cut.collect(place, ALL, { now: Date.now() });
      expect(evidence).toHaveLength(1);
      expect(evidence[0]).toMatchObject({ field: "website", value: null });
      expect(evidence[0]!.detail?.refutes).toBeUndefined();
      expect(evidence[0]!.note).toContain("EAI_AGAIN");
    } finally {
      await cut.close?.();
    }
  });
});
