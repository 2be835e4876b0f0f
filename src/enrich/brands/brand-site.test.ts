import { describe, expect, it } from "vitest";
import { siteCountry, siteForCountry } from "./brand-site.js";
import { brandWeb } from "./brand-wikidata.js";

describe("brand site for the place's country", () => {
  it("reads the country of a site from its ccTLD or a locale in its path or subdomain", () => {
    expect(siteCountry("https://www.aldi.us")).toEqual({ country: "US", depth: 0 });
    expect(siteCountry("https://www.aldi.co.uk/")?.country).toBe("GB");
    expect(siteCountry("https://wingstop.com.mx/")?.country).toBe("MX");
    expect(siteCountry("https://www.apple.com/uk/")?.country).toBe("GB");
    expect(siteCountry("https://www.ikea.com/de/de/")?.country).toBe("DE");
    expect(siteCountry("https://www.mcdonalds.com/us/en-us.html")?.country).toBe("US");
    expect(siteCountry("https://www.wingstop.com/")?.country).toBeNull();
    // ccTLDs used generically (Google's list) are international.
    expect(siteCountry("https://brand.co/")?.country).toBeNull();
    expect(siteCountry("https://brand.io/")?.country).toBeNull();
  });

  it("picks the site of the country, else the international one, else none", () => {
    const aldi = [
      "https://www.aldi-sued.de/",
      "https://www.aldi.com.au",
      "https://www.aldi.us",
      "https://www.aldi.co.uk/",
      "https://www.e-ladestation.aldi-sued.de/",
      "https://www.aldi.ie/",
    ];
    expect(siteForCountry(aldi, "US")).toBe("https://www.aldi.us");
    expect(siteForCountry(aldi, "DE")).toBe("https://www.aldi-sued.de/");
    expect(siteForCountry(aldi, "AU")).toBe("https://www.aldi.com.au");
    expect(siteForCountry(aldi, "FR")).toBeNull();
    expect(siteForCountry(aldi, null)).toBeNull();
    const wingstop = ["https://www.wingstop.com/", "https://wingstop.com.mx/"];
    expect(siteForCountry(wingstop, "US")).toBe("https://www.wingstop.com/");
    expect(siteForCountry(wingstop, "MX")).toBe("https://wingstop.com.mx/");
    expect(siteForCountry(wingstop, "GB")).toBe("https://www.wingstop.com/");
  });

  it("works on the brands' Wikidata sites as NSI ships them", () => {
    const sites = (qid: string) => brandWeb(qid)?.sites ?? [];
    expect(siteForCountry(sites("Q41171672"), "US")).toBe("https://www.aldi.us"); // Aldi Süd
    expect(siteForCountry(sites("Q41171373"), "ES")).toMatch(/aldi\.es/); // Aldi Nord
    expect(siteForCountry(sites("Q8025339"), "US")).toBe("https://www.wingstop.com/");
    expect(siteForCountry(sites("Q37158"), "JP")).toMatch(/starbucks\.co\.jp/);
  });
});
