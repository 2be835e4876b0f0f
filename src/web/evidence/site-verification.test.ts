import { describe, expect, it } from "vitest";
import { extractPage } from "../extract/extract-page.js";
import type { PageFacts } from "../extract/page-facts.js";
import { namesAgree, type PlaceIdentity, verifySite } from "./site-verification.js";

const place = (over: Partial<PlaceIdentity> = {}): PlaceIdentity => ({
  name: "Marigold Table",
  phones: [],
  postalCode: null,
  city: null,
  street: null,
  ...over,
});

const page = (body: string, head = ""): PageFacts =>
  extractPage({
    html: `<html><head>${head}</head><body>${body}</body></html>`,
    url: "https://m.example/",
    country: "US",
  });

const restaurant = page(
  `<h1>Welcome</h1>`,
  `<title>Marigold Table | Portland</title><script type="application/ld+json">${JSON.stringify({
    "@type": "Restaurant",
    name: "Marigold Table",
    telephone: "+1 503-555-0142",
    address: {
      "@type": "PostalAddress",
      streetAddress: "2210 SE Division St",
      addressLocality: "Portland",
      postalCode: "97202",
    },
  })}</script>`,
);

describe("namesAgree", () => {
  it("matches the same business written differently, not another one", () => {
    expect(namesAgree("Marigold Table", "MARIGOLD TABLE — Portland")).toBe(true);
    expect(namesAgree("Café Müller", "Cafe Muller")).toBe(true);
    expect(namesAgree("Juniper & Rye", "Juniper and Rye Restaurant")).toBe(true);
    expect(namesAgree("Thornfield Tavern", "Thornfield & Price LLP")).toBe(false);
    expect(namesAgree("The Restaurant", "Restaurant")).toBe(false);
    expect(namesAgree("一蘭 渋谷店", "一蘭")).toBe(true);
  });
});

describe("verifySite", () => {
  it("verifies on the name alone, weakly", () => {
    const v = verifySite(place(), restaurant);
    expect(v).toMatchObject({ verdict: "verified", agreements: ["name"], strong: false });
    expect(v.why).toContain("Marigold Table");
  });

  it("is strong when the phone agrees, or two things do", () => {
    expect(verifySite(place({ phones: ["+15035550142"] }), restaurant)).toMatchObject({
      verdict: "verified",
      strong: true,
      agreements: ["name", "phone"],
    });
    expect(verifySite(place({ postalCode: "97202", city: "portland" }), restaurant)).toMatchObject({
      strong: true,
      agreements: ["name", "postcode", "city"],
    });
    expect(
      verifySite(place({ name: "Other Name", street: "2210 SE Division Street" }), restaurant).agreements,
    ).toEqual(["street"]);
  });

  it("does not verify on a shared city or postcode alone", () => {
    const v = verifySite(
      place({ name: "Columbus Noodle House", city: "Portland", postalCode: "97202" }),
      restaurant,
    );
    expect(v.verdict).toBe("different_business");
    expect(v.agreements).toEqual(["postcode", "city"]);
  });

  it("calls a site naming another business, with nothing else agreeing, a different business", () => {
    const v = verifySite(place({ name: "Riverbend Bistro", phones: ["+15035550100"] }), restaurant);
    expect(v.verdict).toBe("different_business");
    expect(v.why).toContain("'Marigold Table'");
  });

  it("never verifies a parked or for-sale domain, even under the place's name", () => {
    const parked = page(
      `<h1>marigoldtable.com</h1><p>This domain is for sale! Buy marigoldtable.com now.</p><p>Marigold Table</p>`,
      `<title>Marigold Table</title><script src="https://img.sedoparking.com/js/x.js"></script>`,
    );
    expect(parked.parked).not.toBeNull();
    expect(verifySite(place(), parked).verdict).toBe("parked");
  });

  it("is unconfirmed when the page states nothing to check", () => {
    expect(verifySite(place(), page("<p>Loading…</p>")).verdict).toBe("unconfirmed");
  });
});
