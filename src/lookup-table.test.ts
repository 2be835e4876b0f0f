import { describe, expect, it } from "vitest";
import { lookupTable } from "./lookup-table.js";

const PROTOTYPE_WORDS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("lookupTable", () => {
  const table = lookupTable({ st: "street", ave: "avenue" });
  it("has its own keys and nothing else: Object.prototype's names are unknown words", () => {
    expect(table.st).toBe("street");
    expect("ave" in table).toBe(true);
    for (const w of PROTOTYPE_WORDS) {
      expect(table[w]).toBeUndefined();
      expect(w in table).toBe(false);
    }
  });
  it("iterates and serializes like the literal it was made from, and cannot be changed", () => {
    expect(Object.entries(table)).toEqual([
      ["st", "street"],
      ["ave", "avenue"],
    ]);
    expect(JSON.stringify(table)).toBe('{"st":"street","ave":"avenue"}');
    expect(Object.isFrozen(table)).toBe(true);
  });
});
