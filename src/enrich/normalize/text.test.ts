import { describe, expect, it } from "vitest";
import { cleanString, collapseWhitespace, PART_SEPARATOR, stripFormatCharacters } from "./text.js";

describe("invisible format characters (Unicode Cf)", () => {
  it("removes direction marks, embeddings, zero-width spaces, BOM and soft hyphens from text", () => {
    expect(collapseWhitespace("\u202d+44 7911 123456\u202c")).toBe("+44 7911 123456");
    expect(collapseWhitespace("\u200fשלום עולם\u200e")).toBe("שלום עולם");
    expect(collapseWhitespace("\u2067مطعم البحر\u2069")).toBe("مطعم البحر");
    expect(collapseWhitespace("\ufeffCafé\u200b Central\u00ad")).toBe("Café Central");
    expect(cleanString("\u200e\u200f")).toBeNull();
  });

  it("keeps the joiners that spell words and emoji in text, removes them from codes", () => {
    // Persian: ZWNJ between letters is part of the spelling ("می‌خواهم").
    expect(collapseWhitespace("می\u200cخواهم")).toBe("می\u200cخواهم");
    // Hindi conjunct with ZWJ; a family emoji sequence.
    expect(collapseWhitespace("क्\u200dष")).toBe("क्\u200dष");
    expect(collapseWhitespace("👨\u200d👩\u200d👧")).toBe("👨\u200d👩\u200d👧");
    // A joiner next to a space joins nothing.
    expect(collapseWhitespace("a \u200d b")).toBe("a b");
    expect(stripFormatCharacters("+1\u200d212\u200c555", "all")).toBe("+1212555");
  });
});

describe("part separators", () => {
  it("splits on the commas and semicolons of Latin, CJK and Arabic script", () => {
    const split = (s: string) => s.split(PART_SEPARATOR);
    expect(split("a, b; c")).toEqual(["a", "b", "c"]);
    expect(split("東京都，千代田区；丸の内")).toEqual(["東京都", "千代田区", "丸の内"]);
    expect(split("北京、上海")).toEqual(["北京", "上海"]);
    expect(split("شارع الكورنيش، الدوحة؛ قطر")).toEqual(["شارع الكورنيش", "الدوحة", "قطر"]);
  });
});
