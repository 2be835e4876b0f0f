import { describe, expect, it } from "vitest";
import { jsonShapeViolation, MAX_INPUT_DEPTH, MAX_INPUT_MEMBERS } from "./json-shape.js";

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("jsonShapeViolation", () => {
  it("accepts a real place and values at the limits", () => {
    expect(jsonShapeViolation({ name: "Cafe", categories: ["a", "b"], extra: { x: { y: 1 } } })).toBeNull();
    expect(jsonShapeViolation(nested(MAX_INPUT_DEPTH))).toBeNull();
    const wide = Object.fromEntries(Array.from({ length: MAX_INPUT_MEMBERS }, (_, i) => [`k${i}`, i]));
    expect(jsonShapeViolation(wide)).toBeNull();
  });

  it("names the bound passed: depth, or members over the whole tree", () => {
    expect(jsonShapeViolation(nested(MAX_INPUT_DEPTH + 1))).toEqual({
      kind: "depth",
      limit: MAX_INPUT_DEPTH,
    });
    const split = { a: Array(300).fill(1), b: { c: Array(201).fill(2) } };
    expect(jsonShapeViolation(split)).toEqual({ kind: "members", limit: MAX_INPUT_MEMBERS });
  });

  it("walks 100,000 levels without recursion", () => {
    expect(jsonShapeViolation(nested(100_000))).toEqual({ kind: "depth", limit: MAX_INPUT_DEPTH });
  });
});
