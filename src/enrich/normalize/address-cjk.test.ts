import { describe, expect, it } from "vitest";
import { cjkCountry } from "./address-cjk.js";

const PROTOTYPE_WORDS = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];

describe("CJK address country", () => {
  it("a Korean province's short name as first word is Korea; an unknown word is nothing", () => {
    expect(cjkCountry("서울 강남구 테헤란로 152")).toBe("KR");
    expect(cjkCountry("zzqx 中")).toBeNull();
  });
  it("an Object.prototype member's name as first word is an unknown word", () => {
    for (const w of PROTOTYPE_WORDS) expect(cjkCountry(`${w} 中`)).toBeNull();
  });
});
