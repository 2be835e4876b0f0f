import { describe, expect, it } from "vitest";
import { parseSocialHint } from "./social.js";
import { normalizeWebsite, websiteDomain } from "./website.js";

describe("normalizeWebsite", () => {
  it("drops tracking parameters and the fragment, keeps other parameters", () => {
    expect(
      normalizeWebsite(
        "https://joespizza.com/menu?utm_source=google&utm_medium=cpc&gclid=x&fbclid=y&lang=en#top",
      ),
    ).toEqual({
      kind: "website",
      url: "https://joespizza.com/menu?lang=en",
      host: "joespizza.com",
      domain: "joespizza.com",
    });
    expect(normalizeWebsite("https://joespizza.com/?mc_eid=1&utm_campaign=x")).toMatchObject({
      url: "https://joespizza.com/",
    });
  });

  it("lower-cases the host, keeps the path, strips the default port", () => {
    expect(normalizeWebsite("https://WWW.JoesPizza.COM:443/Menu/Today")).toMatchObject({
      url: "https://www.joespizza.com/Menu/Today",
      host: "www.joespizza.com",
      domain: "joespizza.com",
    });
  });

  it("adds https:// when the scheme is missing and keeps a given http://", () => {
    expect(normalizeWebsite("www.joespizza.com")).toMatchObject({ url: "https://www.joespizza.com/" });
    expect(normalizeWebsite("http://joespizza.com")).toMatchObject({ url: "http://joespizza.com/" });
  });

  it("reports the registrable domain under multi-part suffixes", () => {
    expect(normalizeWebsite("shop.example.co.uk/x")).toMatchObject({ domain: "example.co.uk" });
  });

  it("rejects localhost, IP hosts, unknown suffixes and other schemes", () => {
    expect(normalizeWebsite("http://localhost:3000/")).toMatchObject({ kind: "rejected" });
    expect(normalizeWebsite("http://192.168.1.10/")).toMatchObject({ kind: "rejected" });
    expect(normalizeWebsite("http://[::1]/")).toMatchObject({ kind: "rejected" });
    expect(normalizeWebsite("joespizza.notarealtld")).toMatchObject({ kind: "rejected" });
    expect(normalizeWebsite("ftp://joespizza.com/")).toMatchObject({ kind: "rejected" });
    expect(normalizeWebsite("mailto:joe@joespizza.com")).toMatchObject({ kind: "rejected" });
    expect(normalizeWebsite("not a url")).toMatchObject({ kind: "rejected" });
  });

  it("routes social profile URLs to handles instead of the website", () => {
    expect(normalizeWebsite("https://www.facebook.com/joespizzanyc/")).toMatchObject({
      kind: "social",
      platform: "facebook",
      handle: "joespizzanyc",
    });
    expect(normalizeWebsite("instagram.com/JoesPizzaNYC?igshid=abc")).toMatchObject({
      kind: "social",
      platform: "instagram",
      handle: "joespizzanyc",
    });
    expect(normalizeWebsite("https://www.tiktok.com/@joespizza")).toMatchObject({
      platform: "tiktok",
      handle: "joespizza",
    });
    expect(normalizeWebsite("https://www.facebook.com/pages/Joes-Pizza/221293614606212")).toMatchObject({
      handle: "221293614606212",
    });
    expect(normalizeWebsite("https://www.facebook.com/profile.php?id=100063525541234")).toMatchObject({
      handle: "100063525541234",
    });
    expect(normalizeWebsite("https://www.facebook.com/sharer/sharer.php?u=x")).toMatchObject({
      kind: "rejected",
    });
  });

  it("rejects listing pages as not the place's own website", () => {
    expect(normalizeWebsite("https://www.yelp.com/biz/joes-pizza-new-york")).toMatchObject({
      kind: "rejected",
    });
  });
});

describe("websites as the field writes them", () => {
  it("keeps a place's own site on a site builder, even on a listing platform's domain", () => {
    expect(normalizeWebsite("https://sites.google.com/view/centar-otdih-zdrave-hrabrino/home")).toEqual({
      kind: "website",
      url: "https://sites.google.com/view/centar-otdih-zdrave-hrabrino/home",
      host: "sites.google.com",
      domain: "sites.google.com/view/centar-otdih-zdrave-hrabrino",
    });
    expect(normalizeWebsite("https://sites.google.com/site/panaderialaespiga/")).toMatchObject({
      kind: "website",
    });
    expect(normalizeWebsite("https://joes-pizza.business.site/")).toMatchObject({
      kind: "website",
      domain: "joes-pizza.business.site",
    });
    expect(normalizeWebsite("https://trattoria-da-mario.negocio.site/")).toMatchObject({ kind: "website" });
    expect(normalizeWebsite("https://bakkerij-jansen.wixsite.com/home")).toMatchObject({
      kind: "website",
      domain: "bakkerij-jansen.wixsite.com",
    });
    expect(normalizeWebsite("https://cafe-lumiere.godaddysites.com/")).toMatchObject({
      kind: "website",
      domain: "cafe-lumiere.godaddysites.com",
    });
    // Google's own listing pages stay rejected; the builder's home is no site.
    expect(normalizeWebsite("https://www.google.com/maps/place/Joes+Pizza")).toMatchObject({
      kind: "rejected",
    });
    expect(normalizeWebsite("https://maps.google.com/?cid=123")).toMatchObject({ kind: "rejected" });
    expect(normalizeWebsite("https://sites.google.com/")).toMatchObject({ kind: "rejected" });
  });

  it("repairs doubled or colon-less schemes instead of calling them local host names", () => {
    expect(normalizeWebsite("http://http://example.com")).toMatchObject({
      kind: "website",
      url: "http://example.com/",
    });
    expect(normalizeWebsite("https://http://example.com/menu")).toMatchObject({
      url: "http://example.com/menu",
    });
    expect(normalizeWebsite("http://https://www.boulangerie-paul.fr")).toMatchObject({
      url: "https://www.boulangerie-paul.fr/",
    });
    expect(normalizeWebsite("http//example.com")).toMatchObject({
      kind: "website",
      url: "http://example.com/",
    });
  });

  it("accepts underscores below the registrable domain, not in it", () => {
    expect(normalizeWebsite("https://my_shop.example.com/")).toMatchObject({
      kind: "website",
      domain: "example.com",
    });
    expect(normalizeWebsite("http://tienda_centro.mitienda.com.ar")).toMatchObject({
      kind: "website",
      domain: "mitienda.com.ar",
    });
    expect(normalizeWebsite("https://my_shop.com/")).toMatchObject({ kind: "rejected" });
  });

  it("removes invisible format characters", () => {
    expect(normalizeWebsite("\u200ehttps://example.co.il/\u200f")).toMatchObject({
      kind: "website",
      url: "https://example.co.il/",
    });
    expect(normalizeWebsite("www.exam\u200bple.com")).toMatchObject({ url: "https://www.example.com/" });
  });

  it("reads profiles on the platforms' locale subdomains; other subdomains are no profile", () => {
    for (const host of ["de-de", "es-la", "fr-fr", "pt-br", "ar-ar", "zh-tw", "fr", "m", "business"]) {
      expect(normalizeWebsite(`https://${host}.facebook.com/joespizza`), host).toMatchObject({
        kind: "social",
        platform: "facebook",
        handle: "joespizza",
      });
    }
    expect(parseSocialHint("facebook", "https://es-la.facebook.com/PanaderiaLaEspiga/")).toBe(
      "PanaderiaLaEspiga",
    );
    expect(parseSocialHint("instagram", "https://de.instagram.com/baeckerei_schmidt")).toBe(
      "baeckerei_schmidt",
    );
    expect(
      normalizeWebsite("https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2F&h=AT0"),
    ).toMatchObject({
      kind: "website",
      url: "https://example.com/",
    });
    expect(
      normalizeWebsite("https://www.google.com/url?q=https://www.trattoria-mario.it/&sa=D"),
    ).toMatchObject({
      kind: "website",
      url: "https://www.trattoria-mario.it/",
    });
    expect(normalizeWebsite("https://l.facebook.com/something")).toMatchObject({ kind: "rejected" });
    expect(normalizeWebsite("https://developers.facebook.com/docs")).toMatchObject({ kind: "rejected" });
  });
});

describe("parseSocialHint", () => {
  it("accepts handles with @ and profile URLs, rejects junk", () => {
    expect(parseSocialHint("instagram", "@JoesPizzaNYC")).toBe("joespizzanyc");
    expect(parseSocialHint("facebook", "https://facebook.com/JoesPizzaNYC")).toBe("JoesPizzaNYC");
    expect(parseSocialHint("tiktok", "tiktok.com/@joes.pizza")).toBe("joes.pizza");
    expect(parseSocialHint("instagram", "not a handle!")).toBeNull();
    expect(parseSocialHint("instagram", "https://facebook.com/joespizza")).toBeNull();
  });
});

describe("websiteDomain", () => {
  // biome-ignore format: compact lists
  const HOSTS = ["example.com", "WWW.Example.COM", "shop.example.co.uk", "example.com.", "example.com..",
    "xn--mnchen-3ya.de", "münchen.de", "例え.jp", "xn--zz.com", "EXAMPLE.XN--P1AI", "1.2.3.4", "1.2.3.999",
    "[::1]", "0x7f.0.0.1", "example.123", "example.0x1f", "localhost", "my_shop.example.com", "-bad.example.com",
    "a..b.com", "foo.local", "printer.lan", "instagram.com", "www.facebook.com", "m.facebook.com",
    "business.facebook.com", "developers.facebook.com", "l.facebook.com", "lm.facebook.com", "l.instagram.com",
    "google.com", "www.google.co.uk", "maps.google.com", "sites.google.com", "mysite.business.site",
    "x.wixsite.com", "wixsite.com", "yelp.com", "www.yelp.co.uk", "linktr.ee", "user.github.io", "github.io",
    "foo.blogspot.com", "com", "example", "ex--ample.com", "a.b.c.d.example.org", "example.invalid", "x.com",
    "youtube.com", "www.tiktok.com", "co.uk", "%65xample.com", "user:pw@example.com", "example.com:8080",
    "example.com:99999", "example.com:443", "example.com:", `${"a".repeat(64)}.com`, `${"a.".repeat(130)}com`,
    "exa mple.com", "example.com\\evil.com", "example.c", "0.com", "123.com", "www.doordash.com"];
  // biome-ignore format: compact lists
  const PATHS = ["", "/", "/menu?x=1&utm_source=a", "#frag", "?q=https://real.com", "/url?q=https://real-site.com/",
    "/url?q=ftp://x.com", "/l.php?u=https%3A%2F%2Freal.com%2F", "/?u=https://insta-target.com/", "/view/mysite",
    "/site/foo/bar", "\\path", "/@handle", "/profile.php?id=1", "/pages/x", "/joespizza", "/p/abc"];
  // biome-ignore format: compact lists
  const SCHEMES = ["", "http://", "https://", "HTTPS://", "//", "http//", "https:/", "https:", "www.https://",
    "http://http://", "ftp://", "mailto:", " https://", "\u200bhttps://"];

  it("equals normalizeWebsite's domain on every writing of hosts, ports, paths and schemes", () => {
    const wrong: string[] = [];
    let websites = 0;
    for (const scheme of SCHEMES)
      for (const host of HOSTS)
        for (const path of PATHS) {
          const raw = `${scheme}${host}${path}`;
          const w = normalizeWebsite(raw);
          const expected = w.kind === "website" ? w.domain : null;
          if (expected !== null) websites++;
          // Twice: the second answer comes from the remembered host.
          for (let k = 0; k < 2; k++) if (websiteDomain(raw) !== expected) wrong.push(raw);
        }
    expect(wrong.slice(0, 20)).toEqual([]);
    expect(websites).toBeGreaterThan(1000);
    expect(websiteDomain("")).toBeNull();
    expect(websiteDomain("https://www.Joes-Pizza.com/menu")).toBe("joes-pizza.com");
  });
});
