import { describe, expect, it } from "vitest";
import { ATTRIBUTES, type AttributeDefinition } from "../../domain/attributes.js";
import type { PlaceInputs, PrefilledData } from "../../domain/place.js";
import { createPlaceEnricher } from "../enricher.js";
import { preparePlace } from "../prepare.js";
import { createPrefilledSource } from "./prefilled-source.js";

const INPUTS: PlaceInputs = { name: "Joe's Pizza", latitude: 40.7306, longitude: -73.9866 };

async function collect(prefilled: PrefilledData, attributes = ATTRIBUTES.map((a) => a.key)) {
  return createPrefilledSource().collect(preparePlace("p", INPUTS, prefilled), attributes, { now: 0 });
}

describe("prefilled source", () => {
  it("turns prefilled values of requested attributes into cited, moderate evidence", async () => {
    const evidence = await collect(
      {
        phoneNumbers: { phone: "(212) 366-1182", phone_additional: ["212-366-1183"] },
        websites: { website: "https://joespizzanyc.com/?utm_source=x" },
        categories: { categories: ["restaurant"] },
      },
      ["phoneNumbers", "websites"],
    );
    expect(evidence).toEqual([
      {
        field: "phone",
        value: "+12123661182",
        source: "prefilled",
        strength: "moderate",
        note: "client-prefilled value (prefilled_data.phoneNumbers.phone)",
      },
      expect.objectContaining({ field: "phone", value: "+12123661183" }),
      expect.objectContaining({ field: "website", value: "https://joespizzanyc.com/" }),
    ]);
  });

  it("rejects values of the wrong shape or that do not normalize, with a reason", async () => {
    const evidence = await collect({
      phoneNumbers: { phone: "12" },
      openingHours: { is_open_24h: "yes" },
      email_address: { email: "not an email" },
      coordinates: { coordinates: [120, 10] },
    });
    expect(evidence.map((e) => [e.field, e.value])).toEqual([
      ["phone", null],
      ["is_open_24h", null],
      ["coordinates", null],
      ["email", null],
    ]);
    expect(evidence.find((e) => e.field === "is_open_24h")?.note).toBe(
      "client-prefilled value (prefilled_data.openingHours.is_open_24h) 'yes' is not true or false",
    );
  });

  it("ignores attributes and fields this deployment does not know, and null values", async () => {
    const place = preparePlace("p", INPUTS, {
      menu: { menu: ["pizza"] },
      websites: { website: null, homepage: "https://a.example" },
    });
    expect(place.normalized.prefilled).toEqual({});
    expect(await createPrefilledSource().collect(place, ["websites"], { now: 0 })).toEqual([]);
  });

  it("ignores prefilled values of reference attributes (which record matched is not the client's to say)", () => {
    const place = preparePlace("p", INPUTS, {
      overture_place: { overture_place_id: "08f2a" },
      reference_match: { reference_id: "x", reference_source: "overture" },
      websites: { website: "https://a.example" },
    });
    expect(place.normalized.prefilled).toEqual({ websites: { website: "https://a.example" } });
  });

  it("knows the JSON shape of every output field of the catalogue", async () => {
    // A field missing from the shape table would be silently ignored: every field must yield evidence.
    for (const attribute of ATTRIBUTES) {
      if ((attribute as AttributeDefinition).prefillable === false) continue;
      for (const field of attribute.fields) {
        const evidence = await collect({ [attribute.key]: { [field]: "x" } }, [attribute.key]);
        expect(evidence.length, `${attribute.key}.${field}`).toBeGreaterThan(0);
      }
    }
  });

  it("is unverified: capped at MEDIUM and cited as client-prefilled in the reasoning", async () => {
    const enricher = createPlaceEnricher();
    const place = enricher.prepare("p", INPUTS, {
      websites: { website: "https://joespizzanyc.com/" },
      chain: { chain_name: "Joe's Pizza" },
    });
    const results = await enricher.enrich(place, ["websites", "chain"], { now: 0 });
    expect(results.websites?.outputs.website).toBe("https://joespizzanyc.com/");
    expect(results.websites?.confidence.website).toBe("MEDIUM");
    expect(results.websites?.reasoning.website).toBe(
      "https://joespizzanyc.com/ from client-prefilled value (prefilled_data.websites.website); unverified",
    );
    expect(results.chain?.outputs.chain_name).toBe("Joe's Pizza");
    expect(results.chain?.confidence.chain_name).toBe("MEDIUM");
  });
});

describe("prefilled data in the input hash", () => {
  it("changes the hash only when there are usable prefilled values", () => {
    const plain = preparePlace("p", INPUTS).inputHash;
    expect(preparePlace("p", INPUTS, null).inputHash).toBe(plain);
    expect(preparePlace("p", INPUTS, { menu: { menu: "x" } }).inputHash).toBe(plain);
    const a = preparePlace("p", INPUTS, { websites: { website: "https://a.example" } }).inputHash;
    const b = preparePlace("p", INPUTS, { websites: { website: "https://b.example" } }).inputHash;
    expect(a).not.toBe(plain);
    expect(b).not.toBe(a);
  });

  it("keeps the prepared place plain data (structured-cloneable for worker threads)", () => {
    const place = preparePlace("p", INPUTS, { phoneNumbers: { phone: "+12123661182" } });
    expect(structuredClone(place)).toEqual(place);
  });
});
