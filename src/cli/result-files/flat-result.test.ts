import { describe, expect, it } from "vitest";
import type { PlaceJobResult } from "../../client/index.js";
import { cellText, flattenResult } from "./flat-result.js";

describe("flattenResult", () => {
  it("gives each output field its value, confidence and reasoning, and each attribute its status", () => {
    const job: PlaceJobResult = {
      place_id: "p1",
      status: "completed",
      job_metadata: {
        attribute_status: { phoneNumbers: "RUN", chain: "RUN" },
        last_enriched: null,
        country_code: "US",
        enrichment_metadata: {},
        attempts: 1,
      },
      inputs: {
        name: "Corner Deli",
        phone: "212 555 0100",
        latitude: 40.7,
        id: "p1",
        input_type: "place",
        country_code: null,
      },
      outputs: { phone: "+12125550100", phone_additional: [], chain_name: null },
      reasoning: { phone: "from input", phone_additional: null, chain_name: null },
      confidence_scores: { phone: "MEDIUM", phone_additional: "NONE", chain_name: "NONE", chain: "NONE" },
    };
    expect(flattenResult(job)).toEqual({
      place_id: "p1",
      status: "completed",
      error: null,
      input_name: "Corner Deli",
      input_phone: "212 555 0100",
      input_latitude: 40.7,
      input_country_code: null,
      phone: "+12125550100",
      phone_confidence: "MEDIUM",
      phone_reasoning: "from input",
      phone_additional: [],
      phone_additional_confidence: "NONE",
      phone_additional_reasoning: null,
      chain_name: null,
      chain_name_confidence: "NONE",
      chain_name_reasoning: null,
      chain_confidence: "NONE",
      phoneNumbers_status: "RUN",
      chain_status: "RUN",
    });
    expect(cellText([])).toBe("[]");
    expect(cellText(null)).toBe("");
    expect(cellText({ city: "X" })).toBe('{"city":"X"}');
  });
});
