import { describe, expect, it } from "vitest";
import { encodingLabel, InputEncodingError } from "./text-decoding.js";

const PROTOTYPE_WORDS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("--encoding", () => {
  it("names utf8 and latin1 by their WHATWG labels", () => {
    expect(encodingLabel("UTF8")).toBe("utf-8");
    expect(encodingLabel("latin1")).toBe("windows-1252");
  });
  it("rejects an Object.prototype member's name as an unknown encoding", () => {
    for (const w of PROTOTYPE_WORDS) expect(() => encodingLabel(w)).toThrow(InputEncodingError);
  });
});
