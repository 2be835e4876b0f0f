import { describe, expect, it } from "vitest";
import { ColumnMapping, parseMapOptions } from "./column-mapping.js";
import { rowToJob } from "./place-row.js";

describe("rowToJob", () => {
  const mapping = () => new ColumnMapping(new Map());

  it("coerces as a spreadsheet user means: empty is absent, numbers, upper-case country codes", () => {
    const m = mapping();
    const values = {
      "Place ID": " s1 ",
      Name: " Joe's ",
      Lat: "40,7",
      LNG: "-74.0",
      "Country Code": "us",
      Phone: "",
      Notes: "x",
    };
    const { job, issues } = rowToJob(values, 1, m, m.placeIdColumn(Object.keys(values)));
    expect(issues).toEqual([]);
    expect(job).toEqual({
      place_id: "s1",
      inputs: { name: "Joe's", latitude: 40.7, longitude: -74, country_code: "US" },
    });
    expect([...m.ignored]).toEqual(["Notes"]);
  });

  it("numbers rows without a place_id or id column; reports unreadable numbers by field", () => {
    const m = mapping();
    const values = { name: "A", latitude: "north", longitude: "1" };
    const { job, issues } = rowToJob(values, 7, m, m.placeIdColumn(Object.keys(values)));
    expect(job?.place_id).toBe("7");
    expect(issues).toEqual([{ field: "latitude", message: '"north" is not a number' }]);
  });

  it("takes an id column as the place id, and --map overrides", () => {
    const m = new ColumnMapping(parseMapOptions(["code=place_id", "id=", "extra=my_field"]));
    const values = { code: "c1", id: "ignored", name: "A", address: "1 Main St", extra: "kept" };
    const { job } = rowToJob(values, 1, m, m.placeIdColumn(Object.keys(values)));
    expect(job).toEqual({
      place_id: "c1",
      inputs: { name: "A", full_address: "1 Main St", my_field: "kept" },
    });
    expect(() => parseMapOptions(["nofield"])).toThrow(/column=field/);
  });

  it("keeps a JSON Lines job as it is, and reports an empty place id", () => {
    const m = mapping();
    const job = { place_id: "j", inputs: { name: "A", full_address: "x" }, attributes: ["websites"] };
    expect(rowToJob(job, 1, m, "place_id").job).toBe(job);
    expect(rowToJob({ place_id: " ", name: "A" }, 1, m, "place_id").issues).toEqual([
      { field: "place_id", message: "empty" },
    ]);
  });
});
