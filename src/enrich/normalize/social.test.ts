import { describe, expect, it } from "vitest";
import { parseSocialHint, socialPlatformOfDomain, socialPlatformOfHost } from "./social.js";

describe("social platform hosts", () => {
  it("knows the platforms on their locale subdomains", () => {
    expect(socialPlatformOfHost("de-de.facebook.com")).toBe("facebook");
    expect(socialPlatformOfHost("es-la.facebook.com")).toBe("facebook");
    expect(socialPlatformOfHost("zh_tw.facebook.com")).toBe("facebook");
    expect(socialPlatformOfHost("fr.m.facebook.com")).toBe("facebook");
    expect(socialPlatformOfHost("ja.instagram.com")).toBe("instagram");
    expect(socialPlatformOfHost("www.tiktok.com")).toBe("tiktok");
    // Not a locale: the link shim and the developer site are no profile host.
    expect(socialPlatformOfHost("l.facebook.com")).toBeNull();
    expect(socialPlatformOfHost("developers.facebook.com")).toBeNull();
    expect(socialPlatformOfHost("de-de.example.com")).toBeNull();
    expect(socialPlatformOfDomain("facebook.com")).toBe("facebook");
  });

  it("gives the handle of a profile URL on a locale subdomain, without invisible characters", () => {
    expect(parseSocialHint("facebook", "https://de-de.facebook.com/BaeckereiSchmidt")).toBe(
      "BaeckereiSchmidt",
    );
    expect(parseSocialHint("facebook", "https://pt-br.facebook.com/padariasaojorge/")).toBe(
      "padariasaojorge",
    );
    expect(parseSocialHint("instagram", "\u200e@cafe_central\u200f")).toBe("cafe_central");
  });
});

const PROTOTYPE_WORDS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("hosts that name Object.prototype members", () => {
  it("are no social platform", () => {
    for (const w of PROTOTYPE_WORDS) {
      expect(socialPlatformOfHost(w)).toBeNull();
      expect(socialPlatformOfDomain(w)).toBeNull();
    }
  });
});
