import { describe, expect, it } from "vitest";
import { ATTRIBUTES, attributesToMask, CORE_ATTRIBUTES, resolveRequestedAttributes } from "./attributes.js";

describe("resolveRequestedAttributes (API.md §2.2)", () => {
  it("neither attributes nor a set means core", () => {
    expect(resolveRequestedAttributes(undefined, undefined)).toEqual(CORE_ATTRIBUTES);
    expect(resolveRequestedAttributes([], undefined)).toEqual(CORE_ATTRIBUTES);
  });
  it("merges attributes and a set, in catalogue order, without duplicates", () => {
    expect(resolveRequestedAttributes(["cuisine", "closed_permanently"], "open_closed")).toEqual([
      "closed_permanently",
      "cuisine",
    ]);
  });
  it("core and all are the first seven attributes", () => {
    expect(resolveRequestedAttributes(undefined, "all")).toEqual(ATTRIBUTES.slice(0, 7).map((a) => a.key));
  });
});

describe("attribute bits", () => {
  it("are unique and stable", () => {
    const bits = ATTRIBUTES.map((a) => a.bit);
    expect(new Set(bits).size).toBe(bits.length);
    expect(attributesToMask(["websites", "phoneNumbers"])).toBe(0b110);
  });
});
