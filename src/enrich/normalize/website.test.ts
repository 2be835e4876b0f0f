import { describe, expect, it } from "vitest";
import { parseSocialHint } from "./social.js";
import { normalizeWebsite } from "./website.js";

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

describe("parseSocialHint", () => {
  it("accepts handles with @ and profile URLs, rejects junk", () => {
    expect(parseSocialHint("instagram", "@JoesPizzaNYC")).toBe("joespizzanyc");
    expect(parseSocialHint("facebook", "https://facebook.com/JoesPizzaNYC")).toBe("JoesPizzaNYC");
    expect(parseSocialHint("tiktok", "tiktok.com/@joes.pizza")).toBe("joes.pizza");
    expect(parseSocialHint("instagram", "not a handle!")).toBeNull();
    expect(parseSocialHint("instagram", "https://facebook.com/joespizza")).toBeNull();
  });
});
