import { describe, expect, it } from "vitest";
import { canDecode, decodeAs } from "./decoders.js";

const PROTOTYPE_WORDS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("decoders", () => {
  it("decode WHATWG encodings by name", () => {
    expect(canDecode("UTF-8")).toBe(true);
    expect(canDecode("Shift_JIS")).toBe(true);
    expect(decodeAs("windows-1252", new Uint8Array([0x96]))).toBe("–");
  });
  it("an Object.prototype member's name is no encoding", () => {
    for (const w of PROTOTYPE_WORDS) {
      expect(canDecode(w)).toBe(false);
      expect(() => decodeAs(w, new Uint8Array([0x41]))).toThrow(RangeError);
    }
  });
});
