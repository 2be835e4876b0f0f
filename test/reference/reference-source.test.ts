/**
 * The reference source end to end, on both stores: the shipped-format fixture imported for real, jobs
 * prepared and enriched in a real enrichment thread (the pool's `enrich` task, which prefetches the
 * chunk once), and the evidence landing in the attributes: matched places get the record's values
 * with the match cited, unmatched ones a null with the reason, the reference attributes their fields.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttributeKey } from "../../src/domain/attributes.js";
import type { PlaceInputs } from "../../src/domain/place.js";
import { importReference } from "../../src/reference/importer.js";
import { openReferenceStore } from "../../src/reference/store/open-reference-store.js";
import { EnrichmentPool } from "../../src/worker/enrichment-pool.js";
import { createTestSchema, type TestSchema } from "../support/postgres.js";
import { tempDatabasePath } from "../support/temp-db.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/reference/${name}`, import.meta.url));
const NOW = Date.parse("2026-01-15T00:00:00Z");

const ATTRS: AttributeKey[] = [
  "websites",
  "phoneNumbers",
  "closed_permanently",
  "socialHandles",
  "chain",
  "overture_place",
  "foursquare_place",
  "reference_match",
];

const JOBS: Array<{ placeId: string; inputs: PlaceInputs }> = [
  // The Overture record ov-1, 20 m away, name spelled differently.
  {
    placeId: "espresso",
    inputs: {
      name: "Midtown Espresso",
      latitude: 40.75818,
      longitude: -73.9855,
      full_address: "1501 Broadway, New York, NY",
    },
  },
  // Closed per Overture's operating_status.
  { placeId: "bakery", inputs: { name: "Gone Bakery", latitude: 40.7585, longitude: -73.986 } },
  // The FSQ record, no coordinates: found by name and address.
  {
    placeId: "pizza",
    inputs: { name: "Joes Pizza", full_address: "7 Carmine St, New York, NY 10014", country_code: "US" },
  },
  // The same name, no coordinates, an address in another city (new-user trial: a record in another
  // state was matched by its name at 0.23–0.43): no match.
  {
    placeId: "pizza-elsewhere",
    inputs: { name: "Joes Pizza", full_address: "12 Lake St, Chicago, IL 60601", country_code: "US" },
  },
  // The same without a postcode: its state is not the record's.
  {
    placeId: "pizza-other-state",
    inputs: { name: "Joes Pizza", full_address: "12 Lake St, Chicago, IL", country_code: "US" },
  },
  // Nothing like it nearby.
  { placeId: "nothing", inputs: { name: "Quantum Laundromat", latitude: 40.7582, longitude: -73.9856 } },
  // Nothing to search by.
  { placeId: "nowhere", inputs: { name: "Floating Kiosk" } },
];

describe.each(["sqlite", "postgres"] as const)("reference source on %s", (kind) => {
  let url: string;
  let cleanup: () => Promise<void>;
  let pool: EnrichmentPool;
  let byId: Map<
    string,
    {
      outputs: Record<string, unknown>;
      reasoning: Record<string, string | null>;
      confidence: Record<string, string>;
    }
  >;

  beforeAll(async () => {
    if (kind === "sqlite") {
      const db = tempDatabasePath();
      url = db.path;
      cleanup = async () => db.cleanup();
    } else {
      const schema: TestSchema = await createTestSchema();
      url = schema.url;
      cleanup = schema.drop;
    }
    const store = openReferenceStore(url);
    await store.migrate();
    await importReference(store, {
      file: fixture("overture-export.geojson"),
      source: "overture-nyc",
      format: "overture",
      now: NOW,
    });
    await importReference(store, {
      file: fixture("fsq-sample.parquet"),
      source: "fsq-nyc",
      format: "fsq",
      now: NOW,
    });
    await store.close();
    pool = new EnrichmentPool({
      threads: 1,
      concurrencyPerThread: 2,
      warmUp: false,
      enricherOptions: { reference: { databaseUrl: url } },
    });
    const prepared = await pool.prepare(JOBS.map((j) => ({ ...j, prefilled: null })));
    const outcomes = await pool.enrich(
      prepared.map((p) => {
        if (p.error !== undefined) throw new Error(p.error);
        return { place: p.place, attributes: ATTRS, cached: {}, now: NOW };
      }),
    );
    byId = new Map(
      outcomes.map((o, i) => {
        if (o.kind !== "completed") throw new Error(`job ${JOBS[i]!.placeId} failed: ${o.error}`);
        const r = o.assembled.result!;
        return [
          JOBS[i]!.placeId,
          {
            outputs: r.outputs,
            reasoning: r.reasoning as Record<string, string | null>,
            confidence: r.confidence_scores,
          },
        ];
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await pool?.close();
    await cleanup?.();
  });

  it("fills a matched place's attributes from the record, citing the match", () => {
    const r = byId.get("espresso")!;
    expect(r.outputs).toMatchObject({
      website: "https://midtown-espresso.example.com/",
      phone: "+12125550142",
      open_closed_status: "Open",
      instagram: "midtownespresso",
      chain_name: "Midtown Espresso",
      chain_id: "Q123456",
      overture_place_id: "ov-1",
      overture_place_name: "Midtown Espresso Bar",
      overture_place_category: "coffee_shop",
      overture_place_latitude: 40.758,
      reference_id: "ov-1",
      reference_source: "overture-nyc",
    });
    expect(r.outputs.reference_match_score as number).toBeGreaterThan(0.5);
    expect(r.outputs.reference_distance_m as number).toBeCloseTo(20, 0);
    expect(r.reasoning.phone).toMatch(
      /^\+12125550142 from overture-nyc record ov-1 \(match [01]\.\d\d, 20 m away\)/,
    );
    expect(r.outputs.foursquare_place_id).toBeNull();
    expect(r.reasoning.foursquare_place_id).toMatch(/no Foursquare-format reference record matched/);
  });

  it("reports a closed place as closed, at a level lowered by the dataset's low confidence", () => {
    const r = byId.get("bakery")!;
    expect(r.outputs.open_closed_status).toBe("Closed");
    expect(r.reasoning.open_closed_status).toMatch(/dataset confidence 0\.40/);
    expect(["LOW", "MEDIUM"]).toContain(r.confidence.open_closed_status);
  });

  it("matches a place without coordinates through the name index and its address", () => {
    const r = byId.get("pizza")!;
    expect(r.outputs).toMatchObject({
      foursquare_place_id: "4b0586a3f964a52055ce22e3",
      foursquare_place_name: "Joe's Pizza",
      foursquare_place_category_ids: ["13064"],
      foursquare_place_date_refreshed: "2025-01-10",
      phone: "+12123661182",
      reference_source: "fsq-nyc",
      reference_distance_m: null,
    });
  });

  it("leaves unmatched places null, with the reason", () => {
    const none = byId.get("nothing")!;
    expect(none.outputs.reference_id).toBeNull();
    expect(none.outputs.website).toBeNull();
    expect(none.reasoning.reference_id).toMatch(
      /no reference match: the best of \d+ candidates has match probability 0\.\d\d, below/,
    );
    const elsewhere = byId.get("pizza-elsewhere")!;
    expect(elsewhere.outputs.reference_id).toBeNull();
    expect(elsewhere.outputs.phone).toBeNull();
    expect(elsewhere.reasoning.reference_id).toMatch(
      /no reference match: the most probable of \d+ candidates \(match probability [01]\.\d\d\) has a postcode of another region than the place's address/,
    );
    const otherState = byId.get("pizza-other-state")!;
    expect(otherState.outputs.reference_id).toBeNull();
    expect(otherState.reasoning.reference_id).toMatch(
      /no reference match: the most probable of \d+ candidates \(match probability [01]\.\d\d\) is in NY, not IL as the place's address says/,
    );
    const nowhere = byId.get("nowhere")!;
    expect(nowhere.outputs.reference_id).toBeNull();
    expect(nowhere.reasoning.reference_id).toMatch(/no coordinates and no address/);
  });
});

describe("reference source failures", () => {
  it("make the attributes it serves ERROR (retried later) while the others resolve", async () => {
    const pool = new EnrichmentPool({
      threads: 1,
      concurrencyPerThread: 1,
      warmUp: false,
      enricherOptions: { reference: { databaseUrl: "postgres://postgres@127.0.0.1:1/none" } },
    });
    try {
      const [prepared] = await pool.prepare([
        { placeId: "x", inputs: { name: "X", latitude: 1, longitude: 1 }, prefilled: null },
      ]);
      if (!prepared || prepared.error !== undefined) throw new Error(prepared?.error);
      const [outcome] = await pool.enrich([
        {
          place: prepared.place,
          attributes: ["websites", "price_tier"],
          cached: {},
          now: NOW,
          cacheResults: true,
        },
      ]);
      expect(outcome!.kind).toBe("completed");
      if (outcome!.kind !== "completed") return;
      expect(outcome!.assembled.attributeStatus).toEqual({ websites: "ERROR", price_tier: "RUN" });
      expect(outcome!.fresh.map((f) => f.attribute)).toEqual(["price_tier"]);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
