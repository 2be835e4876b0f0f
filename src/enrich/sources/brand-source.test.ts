import { describe, expect, it } from "vitest";
import { createPlaceEnricher } from "../enricher.js";

const enricher = createPlaceEnricher();
const run = (inputs: Parameters<typeof enricher.prepare>[1]) =>
  enricher.enrich(enricher.prepare("p", inputs), ["names", "chain", "categories", "websites"], { now: 0 });

describe("brand evidence for the place's country", () => {
  it("gives the brand site of the place's country, or none", async () => {
    const aldi = await run({
      name: "ALDI USA",
      full_address: "1 Main St, Fresno, CA 93701",
      latitude: 36.74,
      longitude: -119.79,
    });
    expect(aldi.websites?.outputs.website).toBe("https://www.aldi.us/");
    expect(aldi.websites?.confidence.website).toBe("LOW");
    expect((aldi.chain?.outputs.chain_domains as string[] | undefined)?.[0]).toBe("aldi.us");
    const wingstop = await run({ name: "Wingstop", full_address: "1 Main St, Austin, TX 78701" });
    expect(wingstop.websites?.outputs.website).toBe("https://www.wingstop.com/");
    const wingstopMx = await run({ name: "Wingstop", latitude: 19.4326, longitude: -99.1332 });
    expect(wingstopMx.websites?.outputs.website).toBe("https://wingstop.com.mx/");
    // In France: the French site or none, never another country's.
    const aldiFr = await run({ name: "Aldi", latitude: 48.8566, longitude: 2.3522 });
    expect(String(aldiFr.websites?.outputs.website)).toMatch(/^(https:\/\/www\.aldi\.fr\/?|null)$/);
  });
});

describe("category hints lead; the venue's own name is no brand", () => {
  it("Chase Center at Chase Center: no brand, no chain, stadium_arena first", async () => {
    const r = await run({
      name: "Chase Center",
      full_address: "Chase Center, 1 Warriors Way, San Francisco, CA 94158",
      category: "stadium_arena",
    });
    expect(r.names?.outputs.brand_name).toBeNull();
    expect(r.chain?.outputs.chain_name).toBeNull();
    expect((r.categories?.outputs.categories as string[] | undefined)?.[0]).toBe("stadium_arena");
  });

  it("puts the client's category before a brand's, and drops the categories of a contradicted brand", async () => {
    const starbucks = await run({
      name: "Starbucks",
      latitude: 40.7599,
      longitude: -73.9848,
      category: "cafe",
    });
    expect((starbucks.categories?.outputs.categories as string[] | undefined)?.[0]).toBe("cafe");
    expect(starbucks.categories?.outputs.categories).toContain("coffee_shop");
    const subway = await run({
      name: "Subway",
      latitude: 40.7599,
      longitude: -73.9848,
      category: "metro_station",
    });
    expect(subway.categories?.outputs.categories).toEqual(["metro_station"]);
    expect(subway.names?.confidence.brand_name).toBe("LOW");
    expect(subway.names?.reasoning.brand_name).toMatch(/contradict the input category hints/);
  });
});

describe("issue 7 instances tried from outside: venues named after a sponsor are no brand", () => {
  it.each([
    ["Crypto.com Arena", "Crypto.com Arena, 1111 S Figueroa St, Los Angeles, CA 90015"],
    ["Allianz Arena", "Werner-Heisenberg-Allee 25, 80939 München, Germany"],
    ["Emirates Stadium", "Hornsey Rd, London N7 7AJ, United Kingdom"],
    ["Wells Fargo Center", "3601 S Broad St, Philadelphia, PA 19148"],
    ["Target Center", "600 N 1st Ave, Minneapolis, MN 55403"],
    ["Capital One Arena", "601 F St NW, Washington, DC 20004"],
    ["T-Mobile Park", "1250 1st Ave S, Seattle, WA 98134"],
    ["Scotiabank Arena", "40 Bay St, Toronto, ON M5J 2X2"],
    ["Signal Iduna Park", "Strobelallee 50, 44139 Dortmund"],
    ["Barclays Center", "620 Atlantic Ave, Brooklyn, NY 11217"],
  ])("%s", async (name, full_address) => {
    const r = await run({ name, full_address, category: "stadium_arena" });
    expect(r.names?.outputs.brand_name).toBeNull();
    expect(r.chain?.outputs.chain_name).toBeNull();
    expect((r.categories?.outputs.categories as string[] | undefined)?.[0]).toBe("stadium_arena");
  });

  it("a brand word in the town or street is no brand (Hilton Head, Shell Beach)", async () => {
    const library = await run({
      name: "Hilton Head Branch Library",
      full_address: "11 Beach City Rd, Hilton Head Island, SC 29926",
      category: "library",
    });
    expect(library.chain?.outputs.chain_name).toBeNull();
    expect(library.categories?.outputs.categories).toEqual(["library"]);
    const cafe = await run({
      name: "Shell Beach Café",
      full_address: "Shell Beach Rd, Guernsey",
      category: "cafe",
    });
    expect(cafe.chain?.outputs.chain_name).toBeNull();
  });
});

describe("a brand gives the categories of the outlet the place is", () => {
  it("Safeway in Nome, AK: supermarket only (field report: was supermarket, pharmacy, gas_station)", async () => {
    const r = await run({ name: "Safeway", full_address: "Front St, Nome, AK 99762" });
    expect(r.chain?.outputs.chain_name).toBe("Safeway");
    expect(r.categories?.outputs.categories).toEqual(["supermarket"]);
    expect(r.categories?.confidence.categories).toBe("MEDIUM");
    expect(r.categories?.reasoning.categories).toMatch(/shop=supermarket/);
  });

  it("Tesco in London: supermarket, not also café, pharmacy and fuel", async () => {
    const r = await run({ name: "Tesco", full_address: "London SW1A 1AA, United Kingdom" });
    expect(r.categories?.outputs.categories).toEqual(["supermarket"]);
  });

  it("a category hint of another outlet kind of the brand is no contradiction", async () => {
    const r = await run({
      name: "Safeway",
      full_address: "2020 Market St, San Francisco, CA 94114",
      category: "gas_station",
    });
    expect(r.categories?.outputs.categories).toEqual(["gas_station"]);
    expect(r.chain?.confidence.chain_name).toBe("MEDIUM");
  });
});
