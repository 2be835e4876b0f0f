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
