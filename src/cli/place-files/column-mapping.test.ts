import { describe, expect, it } from "vitest";
import { ColumnMapping } from "./column-mapping.js";

const PROTOTYPE_WORDS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("column mapping", () => {
  it("maps spellings and the API's own names; an unknown header is not sent", () => {
    const mapping = new ColumnMapping(new Map());
    expect(mapping.fieldOf("Zip Code")).toBe("postalCode");
    expect(mapping.fieldOf("postalcode")).toBe("postalCode");
    expect(mapping.fieldOf("Full Address")).toBe("full_address");
    expect(mapping.fieldOf("notes")).toBeNull();
  });
  it("a column named like an Object.prototype member is an unknown header", () => {
    const mapping = new ColumnMapping(new Map());
    for (const w of PROTOTYPE_WORDS) expect(mapping.fieldOf(w)).toBeNull();
    expect([...mapping.ignored]).toEqual(PROTOTYPE_WORDS);
  });
});
