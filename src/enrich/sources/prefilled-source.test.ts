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

  it("normalizes each field as an input hint of its kind, or refuses it with the reason (new-user trial)", async () => {
    const values = async (prefilled: PrefilledData) =>
      (await collect(prefilled)).map((e) => [e.field, e.value] as const);
    // Opening hours: the OSM text and a week object both give the week, its groups and 24 h.
    expect(await values({ openingHours: { opening_hours: "Mo-Fr 09:00-17:00" } })).toEqual([
      [
        "opening_hours",
        {
          Monday: "09:00-17:00",
          Tuesday: "09:00-17:00",
          Wednesday: "09:00-17:00",
          Thursday: "09:00-17:00",
          Friday: "09:00-17:00",
          Saturday: "closed",
          Sunday: "closed",
        },
      ],
      [
        "opening_hours_grouped_by_hours",
        [{ days: ["Mon", "Tue", "Wed", "Thu", "Fri"], opens: "09:00", closes: "17:00" }],
      ],
      ["is_open_24h", false],
    ]);
    const week = await values({
      openingHours: { opening_hours: { Monday: "11:00-23:00", Tuesday: "closed" } },
    });
    expect(week[0]![1]).toMatchObject({ Monday: "11:00-23:00", Tuesday: "closed" });
    expect(week.map(([f]) => f)).toContain("opening_hours_grouped_by_hours");
    // A list per day (as inputs may have it) comes out in the output's shape, a text per day.
    const listed = await values({
      openingHours: { opening_hours: { Monday: ["11:00-15:00", "18:00-23:00"] } },
    });
    expect((listed[0]![1] as Record<string, string>).Monday).toBe("11:00-15:00, 18:00-23:00");
    // Not hours: refused, never an output.
    for (const bad of [{ Funday: "abc", Monday: 42 }, "whenever", 42]) {
      const evidence = await collect({ openingHours: { opening_hours: bad } });
      expect(
        evidence.map((e) => [e.field, e.value]),
        JSON.stringify(bad),
      ).toEqual([["opening_hours", null]]);
      expect(evidence[0]!.note).toMatch(
        /^client-prefilled value \(prefilled_data\.openingHours\.opening_hours\) /,
      );
    }
    expect(
      await values({
        openingHours: { opening_hours_grouped_by_hours: [{ days: ["Funday"], opens: "9", closes: "x" }] },
      }),
    ).toEqual([["opening_hours_grouped_by_hours", null]]);
    // Address: parts or text, to the address object; keys it does not have refused.
    const [[, address]] = (await values({
      address: {
        address: { house: "7", street: "Carmine St", city: "New York", state: "New York", country: "US" },
      },
    })) as [[string, Record<string, unknown>]];
    expect(address).toMatchObject({
      house: "7",
      street: "Carmine St",
      city: "New York",
      state: "NY",
      country: "US",
    });
    expect(Object.keys(address).length).toBeGreaterThan(10);
    expect(await values({ address: { address: { street: "Carmine St", planet: "Earth" } } })).toEqual([
      ["address", null],
    ]);
    expect(
      (
        (await values({ address: { address: "7 Carmine St, New York, NY 10014" } }))[0]![1] as {
          postalCode: string;
        }
      ).postalCode,
    ).toBe("10014");
    // Vocabularies and ranges.
    expect(
      await values({
        closed_permanently: { open_closed_status: "temporarily closed", date_closed: "2024-02-30" },
      }),
    ).toEqual([
      ["open_closed_status", "Temporarily Closed"],
      ["date_closed", null],
    ]);
    expect(
      await values({
        closed_permanently: { open_closed_status: "gone", date_closed: "2024-02-29T10:00:00Z" },
      }),
    ).toEqual([
      ["open_closed_status", null],
      ["date_closed", "2024-02-29"],
    ]);
    expect(await values({ categories: { categories: ["pizza restaurant"] } })).toEqual([
      ["categories", ["pizza_restaurant"]],
    ]);
    expect(await values({ categories: { categories: ["zzz-not-a-category"] } })).toEqual([
      ["categories", null],
    ]);
    expect(await values({ price_tier: { price_tier: 7, currency: "usd" } })).toEqual([
      ["price_tier", null],
      ["currency", "USD"],
    ]);
    expect(
      await values({ names: { multilingual_names: { en: " Joe's  Pizza ", "not a tag!": "x" } } }),
    ).toEqual([["multilingual_names", null]]);
    expect(
      await values({
        chain: { chain_domains: ["WWW.Joes.example", "not a domain"], number_of_locations: 2.5 },
      }),
    ).toEqual([
      ["chain_domains", null],
      ["number_of_locations", null],
    ]);
    expect(await values({ socialHandles: { instagram: "https://instagram.com/joespizza/" } })).toEqual([
      ["instagram", "joespizza"],
    ]);
  });

  it("refuses what slipped through before (break-it trial): foreign keys, bad times, placeholders, contradictions, sizes", async () => {
    const values = async (prefilled: PrefilledData) =>
      (await collect(prefilled)).map((e) => [e.field, e.value] as const);
    // Groups are rebuilt by the parser: no client keys in the output, the week and 24 h agree.
    const grouped = await values({
      openingHours: {
        opening_hours_grouped_by_hours: [
          { days: ["Mon", "Mon", "Tue"], opens: "09:00", closes: "17:00", evil: { a: [1] }, toString: "x" },
        ],
      },
    });
    expect(grouped).toEqual([
      [
        "opening_hours",
        expect.objectContaining({ Monday: "09:00-17:00", Tuesday: "09:00-17:00", Sunday: "closed" }),
      ],
      ["opening_hours_grouped_by_hours", [{ days: ["Mon", "Tue"], opens: "09:00", closes: "17:00" }]],
      ["is_open_24h", false],
    ]);
    expect(
      await values({
        openingHours: {
          opening_hours_grouped_by_hours: [{ days: ["Mon"], opens: "24:59", closes: "00:00" }],
        },
      }),
    ).toEqual([["opening_hours_grouped_by_hours", null]]);
    for (const address of [
      { house: "NaN", street: "Infinity", city: "undefined", postalCode: "null" },
      { full_address: "999 Other Rd, Chicago, IL 60601", house: "1", street: "Main St", city: "Springfield" },
      "x".repeat(100_000),
    ]) {
      expect(await values({ address: { address } }), JSON.stringify(address).slice(0, 60)).toEqual([
        ["address", null],
      ]);
    }
    // Text and parts that agree are one address.
    const agreed = await values({
      address: {
        address: {
          full_address: "7 Carmine St, New York, NY 10014",
          house: "7",
          street: "Carmine Street",
          city: "New York",
          postalCode: "10014-1234",
        },
      },
    });
    // A street written out and a longer postcode are the same address, not a contradiction.
    expect(agreed[0]![1]).toMatchObject({ house: "7", street: "Carmine Street", city: "New York" });
    expect(
      await values({
        closed_permanently: { date_closed: "2026-01-15T99:99:99garbage" },
        chain: { chain_id: "Q".repeat(300_000), number_of_locations: 1e300 },
        cuisine: { cuisines: ["<script>alert(1)</script>"] },
      }),
    ).toEqual([
      ["date_closed", null],
      ["chain_id", null],
      ["number_of_locations", null],
      ["cuisines", null],
    ]);
    expect(await values({ closed_permanently: { date_closed: "0000-01-01" } })).toEqual([
      ["date_closed", null],
    ]);
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
