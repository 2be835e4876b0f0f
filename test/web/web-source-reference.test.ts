/**
 * The web source with the real reference source beside it (SQLite reference store, an Overture-format
 * file imported for real): the matched record's website is a candidate, a dead site is Closed only
 * with the listing's corroboration, and a place with no website and no record has No Internet Presence.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { AttributeKey } from "../../src/domain/attributes.js";
import type { PlaceInputs } from "../../src/domain/place.js";
import { createPlaceEnricher } from "../../src/enrich/enricher.js";
import { importReference } from "../../src/reference/importer.js";
import { createReferenceSource } from "../../src/reference/reference-source.js";
import { openReferenceStore } from "../../src/reference/store/open-reference-store.js";
import type { Resolver } from "../../src/web/guard/resolver.js";
import { createWebSource } from "../../src/web/web-source.js";
import { tempDatabasePath } from "../support/temp-db.js";
import { startWebFixtureServer, type WebFixtureServer } from "../support/web-fixture-server.js";

const NOW = Date.parse("2026-01-15T00:00:00Z");
const resolver: Resolver = async (hostname) => {
  if (hostname.startsWith("gone.")) throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
  return [{ address: "127.0.0.1", family: 4 }];
};

let server: WebFixtureServer;
let db: ReturnType<typeof tempDatabasePath>;
let dir: string;
let enricher: ReturnType<typeof createPlaceEnricher>;
const closers: Array<() => Promise<void>> = [];

const feature = (id: string, lon: number, lat: number, props: Record<string, unknown>) => ({
  type: "Feature",
  id,
  geometry: { type: "Point", coordinates: [lon, lat] },
  properties: {
    confidence: 0.95,
    sources: [{ dataset: "meta", update_time: "2025-10-01T00:00:00Z" }],
    ...props,
  },
});

beforeAll(async () => {
  server = await startWebFixtureServer();
  dir = mkdtempSync(join(tmpdir(), "web-ref-"));
  const file = join(dir, "places.geojson");
  writeFileSync(
    file,
    JSON.stringify({
      type: "FeatureCollection",
      features: [
        feature("ov-marigold", -122.6429, 45.5048, {
          names: { primary: "Marigold Table" },
          categories: { primary: "american_restaurant" },
          websites: [`http://www.marigoldtable.com:${server.port}/static/01-jsonld-restaurant-us.html`],
          phones: ["+1 503-555-0142"],
          addresses: [
            {
              freeform: "2210 SE Division St",
              locality: "Portland",
              postcode: "97202",
              region: "OR",
              country: "US",
            },
          ],
          operating_status: "open",
        }),
        feature("ov-mill", -122.65, 45.51, {
          names: { primary: "Old Mill Bakery" },
          categories: { primary: "bakery" },
          websites: [`http://gone.oldmillbakery.com:${server.port}/`],
          addresses: [
            { freeform: "12 Mill St", locality: "Portland", postcode: "97214", region: "OR", country: "US" },
          ],
          operating_status: "permanently_closed",
        }),
      ],
    }),
  );
  db = tempDatabasePath();
  const store = openReferenceStore(db.path);
  await store.migrate();
  await importReference(store, { file, source: "ov", format: "overture", now: NOW });
  await store.close();
  const reference = createReferenceSource({ databaseUrl: db.path });
  const config = {
    ...loadConfig({ WEB_ALLOW_PRIVATE_NETWORK: "true" }).web,
    allowedPorts: [server.port],
    perHostDelayMs: 0,
  };
  const web = createWebSource({ config, jobTimeoutMs: 20_000 }, { resolver, reference });
  closers.push(
    async () => web.close?.(),
    async () => reference.close?.(),
  );
  enricher = createPlaceEnricher({ extraSources: [reference, web] });
});
afterAll(async () => {
  for (const close of closers) await close();
  await server.close();
  db.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const ATTRS: AttributeKey[] = ["websites", "phoneNumbers", "closed_permanently"];
async function enrich(inputs: PlaceInputs) {
  const place = enricher.prepare("p", inputs);
  await enricher.prefetch([place], { now: NOW });
  return enricher.enrich(place, ATTRS, { now: NOW });
}

describe("web source with reference matches", () => {
  it("verifies the matched record's website; both agreeing give HIGH", async () => {
    const r = await enrich({
      name: "Marigold Table",
      latitude: 45.50482,
      longitude: -122.64291,
      country_code: "US",
    });
    expect(r.websites!.outputs.website).toContain("www.marigoldtable.com");
    expect(r.websites!.reasoning.website).toContain("verified");
    expect(r.closed_permanently!.outputs.open_closed_status).toBe("Open");
    expect(r.closed_permanently!.confidence.open_closed_status).toBe("HIGH");
    expect(r.phoneNumbers!.outputs.phone).toBe("+15035550142");
    expect(r.phoneNumbers!.confidence.phone).toBe("HIGH");
  });

  it("a dead site corroborated by the listing's closure is Closed, both cited", async () => {
    const r = await enrich({
      name: "Old Mill Bakery",
      latitude: 45.51001,
      longitude: -122.65001,
      country_code: "US",
    });
    expect(r.closed_permanently!.outputs.open_closed_status).toBe("Closed");
    expect(r.closed_permanently!.reasoning.open_closed_status).toContain("gone");
    expect(r.closed_permanently!.reasoning.open_closed_status).toContain("ov-mill");
  });

  it("No Internet Presence only when no website and no reference record exist", async () => {
    const r = await enrich({
      name: "Quantum Laundromat",
      latitude: 45.6,
      longitude: -122.9,
      country_code: "US",
    });
    expect(r.closed_permanently!.outputs.open_closed_status).toBe("No Internet Presence");
    expect(r.closed_permanently!.confidence.open_closed_status).toBe("LOW");
  });
});
