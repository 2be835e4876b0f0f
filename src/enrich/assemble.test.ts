import { describe, expect, it } from "vitest";
import { ATTRIBUTE_KEYS, attributeDefinition, CORE_ATTRIBUTES } from "../domain/attributes.js";
import type { AttributeResult } from "../domain/place.js";
import { assembleResult } from "./assemble.js";
import { preparePlace } from "./prepare.js";

const place = preparePlace("place-1", { name: "Joe's Pizza", latitude: 40.7306, longitude: -73.9866 });

function result(
  outputs: Record<string, unknown>,
  status: AttributeResult["status"] = "RUN",
): AttributeResult {
  return {
    status,
    outputs,
    reasoning: Object.fromEntries(
      Object.keys(outputs).map((k) => [k, outputs[k] === null ? null : `${k} reason`]),
    ),
    confidence: Object.fromEntries(
      Object.keys(outputs).map((k) => [k, outputs[k] === null ? "NONE" : "MEDIUM"]),
    ),
    metadata: { sources: ["inputs"], evidenceCount: 1, ms: 0.1 },
  };
}

describe("assembleResult", () => {
  it("lists every output field of every requested attribute, with nulls and NONE for missing ones", () => {
    const out = assembleResult(
      place,
      CORE_ATTRIBUTES,
      {
        phoneNumbers: result({ phone: "+12125550100", phone_additional: null }),
        categories: result({ categories: [] }),
        names: result({ name: "Joe's Pizza" }),
      },
      new Set(["phoneNumbers"]),
      Date.UTC(2026, 0, 2, 3, 4, 5),
    );
    const fields = CORE_ATTRIBUTES.flatMap((a) => attributeDefinition(a).fields);
    expect(Object.keys(out.result.outputs).sort()).toEqual([...fields].sort());
    expect(Object.keys(out.result.confidence_scores).sort()).toEqual([...fields].sort());
    expect(Object.keys(out.result.reasoning).sort()).toEqual([...fields].sort());
    expect(out.result.outputs.phone).toBe("+12125550100");
    expect(out.result.confidence_scores.phone).toBe("MEDIUM");
    expect(out.result.outputs.website).toBeNull();
    expect(out.result.confidence_scores.website).toBe("NONE");
    expect(out.result.outputs.categories).toBeNull();
    expect(out.result.confidence_scores.categories).toBe("NONE");
    expect(out.result.outputs.alt_name).toBeNull();
    expect(out.attributeStatus).toEqual({
      closed_permanently: "NOT_RUN",
      websites: "NOT_RUN",
      phoneNumbers: "RUN",
      openingHours: "NOT_RUN",
      names: "RUN",
      address: "NOT_RUN",
      categories: "RUN",
    });
    expect(out.result.enrichment_metadata.phoneNumbers).toMatchObject({ cached: true, sources: ["inputs"] });
    expect(out.result.enrichment_metadata.names).toMatchObject({ cached: false });
    expect(out.result.last_enriched).toBe("2026-01-02T03:04:05.000Z");
    expect(out.result.country_code).toBe("US");
    expect(out.result.inputs).toMatchObject({ id: "place-1", country_code: "US", name: "Joe's Pizza" });
  });

  it("sets a filled bit only for attributes with a non-null, non-empty output", () => {
    const out = assembleResult(
      place,
      ATTRIBUTE_KEYS,
      {
        phoneNumbers: result({ phone: "+12125550100", phone_additional: null }),
        categories: result({ categories: [] }),
        openingHours: result({ opening_hours: {}, opening_hours_grouped_by_hours: [], is_open_24h: null }),
        coordinates: result({ coordinates: [40.7306, -73.9866], coordinates_distance: 0 }),
      },
      new Set(),
      0,
    );
    const bit = (k: Parameters<typeof attributeDefinition>[0]) => 1 << attributeDefinition(k).bit;
    expect(out.filledMask).toBe(bit("phoneNumbers") | bit("coordinates"));
  });
});
