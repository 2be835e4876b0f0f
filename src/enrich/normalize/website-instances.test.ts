/**
 * Issue 7, tried from outside: sites on site-builder hosts, mistyped schemes, underscores, invisible
 * characters and social profiles on locale and mobile hosts, beyond website.test.ts's instances.
 */
import { describe, expect, it } from "vitest";
import { normalizeWebsite } from "./website.js";

function url(raw: string): string | null {
  const r = normalizeWebsite(raw);
  return r.kind === "website" ? r.url : null;
}

describe("a place's own site on a site builder is its website", () => {
  it.each([
    "https://mybakery.wixsite.com/home",
    "https://joespizza.weebly.com/",
    "https://fern-lime-x7k2.squarespace.com/",
    "https://cafe-roma.business.site/",
    "https://tienda-ana.negocio.site/",
    "https://janedoe.github.io/salon/",
    "https://tacoshop.blogspot.com/",
    "https://baeckerei-mueller.jimdofree.com/",
    "https://joes-diner.mystrikingly.com/",
    "https://sites.google.com/site/pekarnavarna/",
    "https://tacos-ana.square.site/",
    "https://studio-lina.webflow.io/",
    "https://pizza-napoli.netlify.app/",
  ])("%s", (raw) => {
    expect(url(raw)).toBe(raw);
  });

  it("listing pages stay rejected", () => {
    expect(url("https://www.yelp.com/biz/joes-pizza-new-york")).toBeNull();
    expect(url("https://www.tripadvisor.com/Restaurant_Review-g60763-d1234-Reviews-Joes.html")).toBeNull();
    expect(url("https://sites.google.com/")).toBeNull();
  });
});

describe("mistyped schemes are read as the scheme meant", () => {
  it.each([
    ["http://http://example.com", "http://example.com/"],
    ["HTTPS://HTTPS://EXAMPLE.COM", "https://example.com/"],
    ["http://https://shop.example.de/", "https://shop.example.de/"],
    ["https:/www.example.com", "https://www.example.com/"],
    ["https:www.example.com", "https://www.example.com/"],
    ["http:///example.com", "http://example.com/"],
    ["https//www.example.com/path", "https://www.example.com/path"],
    ["www.https://example.com", "https://example.com/"],
    ["https://https:/www.example.org/x", "https://www.example.org/x"],
  ])("%s", (raw, want) => {
    expect(url(raw)).toBe(want);
  });

  it("a host that starts with the letters of a scheme is left alone", () => {
    expect(url("https.example.com")).toBe("https://https.example.com/");
    expect(url("httpsexample.com")).toBe("https://httpsexample.com/");
  });
});

describe("underscores and invisible characters in hosts", () => {
  it("keeps an underscore below the registrable domain, never in it (no registry allows one)", () => {
    expect(url("https://my_shop.example.com/")).toBe("https://my_shop.example.com/");
    expect(url("https://shop_1.example.co.uk/")).toBe("https://shop_1.example.co.uk/");
    expect(url("https://_dmarc.example.com/")).toBe("https://_dmarc.example.com/");
    expect(url("https://www.pizza_napoli.it/")).toBeNull();
    expect(url("https://foo_bar.blogspot.com/")).toBeNull();
  });

  it("drops Cf characters anywhere in a URL", () => {
    expect(url("\u200bhttps://www.example.org/menu\u200b")).toBe("https://www.example.org/menu");
    expect(url("https://www.muse\u00adum-berlin.de/")).toBe("https://www.museum-berlin.de/");
    expect(url("\ufeffhttps://bakery.example.com")).toBe("https://bakery.example.com/");
    expect(url("https://www.\u200dexample.net/")).toBe("https://www.example.net/");
  });
});

describe("social profiles on locale, mobile and business hosts", () => {
  it.each([
    ["https://de-de.facebook.com/cafefoo", "facebook", "cafefoo"],
    ["https://es-la.facebook.com/tacosdonpepe/", "facebook", "tacosdonpepe"],
    ["https://pt-br.facebook.com/padariasol", "facebook", "padariasol"],
    ["https://zh-tw.facebook.com/teahouse.tw", "facebook", "teahouse.tw"],
    ["https://ar-ar.facebook.com/cafe.beirut", "facebook", "cafe.beirut"],
    ["https://web.facebook.com/joespizza", "facebook", "joespizza"],
    ["https://business.facebook.com/joespizza", "facebook", "joespizza"],
    ["https://www.facebook.com/pg/joespizza/about/", "facebook", "joespizza"],
    ["https://de.instagram.com/cafefoo/", "instagram", "cafefoo"],
    ["https://instagram.com/\u200ecafe_beirut", "instagram", "cafe_beirut"],
    ["https://m.tiktok.com/@tacos", "tiktok", "tacos"],
  ])("%s", (raw, platform, handle) => {
    expect(normalizeWebsite(raw)).toMatchObject({ kind: "social", platform, handle });
  });
});
