import { describe, expect, it } from "vitest";
import {
  addressParts,
  cleanString,
  collapseWhitespace,
  PART_SEPARATOR,
  stripFormatCharacters,
} from "./text.js";

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

describe("issue 7 instances tried from outside: Cf characters in names, parts of an address", () => {
  it.each([
    ["\u200fCafé Beirut\u200f", "Café Beirut"],
    ["Bäcke\u00adrei Schmidt", "Bäckerei Schmidt"],
    ["Star\u200bbucks", "Starbucks"],
    ["\ufeffHauptstraße\u00ad 5", "Hauptstraße 5"],
    ["مطعم \u200ePizza Hut\u200e", "مطعم Pizza Hut"],
    ["12\u00a0rue\u200b de la Paix", "12 rue de la Paix"],
  ])("%j", (raw, clean) => {
    expect(collapseWhitespace(raw)).toBe(clean);
  });

  it("splits on the separators of every script; in Thai, Lao, Khmer and Burmese on spaces", () => {
    expect(addressParts("Calle 1，Bogotá，Colombia")).toEqual(["Calle 1", "Bogotá", "Colombia"]);
    expect(addressParts("شارع الحمرا؛ بيروت؛ لبنان")).toEqual(["شارع الحمرا", "بيروت", "لبنان"]);
    expect(addressParts("Hauptstraße 5；10115 Berlin")).toEqual(["Hauptstraße 5", "10115 Berlin"]);
    expect(addressParts("ถนนสีลม แขวงสุริยวงศ์ กรุงเทพมหานคร 10500")).toEqual([
      "ถนนสีลม",
      "แขวงสุริยวงศ์",
      "กรุงเทพมหานคร",
      "10500",
    ]);
    // With separators, a Thai part keeps its spaces; other scripts never split on spaces.
    expect(addressParts("123 ถนนสุขุมวิท, กรุงเทพมหานคร 10110")).toEqual(["123 ถนนสุขุมวิท", "กรุงเทพมหานคร 10110"]);
    expect(addressParts("10 Downing St London")).toEqual(["10 Downing St London"]);
  });
});

describe("collapseWhitespace on plain ASCII", () => {
  it("gives what its regular expressions give, on random ASCII with spaces, tabs and controls", () => {
    // The reference: the Unicode regular expressions alone (no shortcut for plain ASCII).
    const reference = (s: string) =>
      stripFormatCharacters(s)
        .replace(/\p{Cc}/gu, " ")
        .replace(/[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/gu, " ")
        .trim();
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = [
      "a",
      "Z",
      "0",
      " ",
      " ",
      "\t",
      "\n",
      "\u007f",
      "\u0000",
      "~",
      "-",
      "\u00a0",
      "é",
      "\u200b",
    ];
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      let s = "";
      const n = Math.floor(next() * 8);
      for (let k = 0; k < n; k++) s += alphabet[Math.floor(next() * alphabet.length)];
      if (collapseWhitespace(s) !== reference(s)) wrong.push(JSON.stringify(s));
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(collapseWhitespace("Joe's Pizza")).toBe("Joe's Pizza");
    expect(collapseWhitespace(" Joe's  Pizza ")).toBe("Joe's Pizza");
  });
});
