import { describe, expect, it } from "vitest";
import { createPlaceEnricher } from "../enricher.js";

describe("address resolver", () => {
  it("cites the whole address in its reasoning, house number and unit included", async () => {
    const enricher = createPlaceEnricher();
    const enrich = async (inputs: Record<string, unknown>) =>
      (await enricher.enrich(enricher.prepare("p", { name: "Store", ...inputs }), ["address"], { now: 0 }))
        .address!;
    const parsed = await enrich({
      full_address: "2604 W Kenosha St, Broken Arrow, OK 74012",
      country_code: "US",
    });
    expect(parsed.outputs.address).toMatchObject({ house: "2604", street: "W Kenosha St" });
    expect(parsed.reasoning.address).toMatch(
      /^address \(2604 W Kenosha St, Broken Arrow, OK, 74012, US\) from /,
    );
    const parts = await enrich({ house: "545", street: "Fifth Ave.", unit_number: "4B", city: "New York" });
    expect(parts.reasoning.address).toMatch(/^address \(unit 4B, 545 Fifth Ave\., New York/);
  });
});
