import { describe, expect, it } from "vitest";
import { parseLenientJson } from "./lenient-json.js";

describe("lenient JSON-LD parsing", () => {
  it("reads what JSON.parse refuses: trailing commas, wrappers, raw newlines, bad escapes, comments", () => {
    expect(parseLenientJson('{"a": [1, 2,], "b": {"c": 3,},}')).toEqual({ a: [1, 2], b: { c: 3 } });
    expect(parseLenientJson('<!-- {"name": "X"} -->')).toEqual({ name: "X" });
    expect(parseLenientJson('//<![CDATA[\n{"name": "X"}\n//]]>')).toEqual({ name: "X" });
    expect(parseLenientJson('{"d": "line one\nline two\ttab"}')).toEqual({ d: "line one\nline two\ttab" });
    expect(parseLenientJson(String.raw`{"n": "Joe\'s \& Co"}`)).toEqual({ n: "Joe's & Co" });
    expect(parseLenientJson('{"a": 1 /* note */, // more\n "b": "http://x.y/z"}')).toEqual({
      a: 1,
      b: "http://x.y/z",
    });
  });

  it("reads several top-level objects as a list and keeps commas inside strings", () => {
    expect(parseLenientJson('{"a": 1}\n{"b": 2};')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(parseLenientJson('{"t": "a, ], }",}')).toEqual({ t: "a, ], }" });
  });

  it("gives up on text that is not JSON", () => {
    expect(parseLenientJson('{"name": "X" "address": ')).toBeUndefined();
    expect(parseLenientJson("")).toBeUndefined();
  });
});
