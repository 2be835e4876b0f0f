import { describe, expect, it } from "vitest";
import { firstInvalidUtf8Offset, loneSurrogatePath, textBefore } from "./utf8.js";

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

describe("firstInvalidUtf8Offset", () => {
  it("is -1 for well-formed UTF-8, from ASCII to 4-byte sequences", () => {
    expect(firstInvalidUtf8Offset(bytes(""))).toBe(-1);
    expect(firstInvalidUtf8Offset(bytes('{"name":"Café Zürich 東京 🍣"}'))).toBe(-1);
    expect(firstInvalidUtf8Offset(bytes([0xf4, 0x8f, 0xbf, 0xbf]))).toBe(-1); // U+10FFFF
  });

  it("points at the lead byte of the first ill-formed sequence", () => {
    // Latin-1 "Café" inside JSON: 0xE9 followed by a quote.
    expect(firstInvalidUtf8Offset(bytes('{"name":"Caf', [0xe9], '"}'))).toBe(12);
    expect(firstInvalidUtf8Offset(bytes("ok", [0x80]))).toBe(2); // lone continuation byte
    expect(firstInvalidUtf8Offset(bytes("é", [0xc0, 0xaf]))).toBe(2); // overlong "/"
    expect(firstInvalidUtf8Offset(bytes([0xe0, 0x80, 0xaf]))).toBe(0); // overlong 3-byte
    expect(firstInvalidUtf8Offset(bytes("a", [0xed, 0xa0, 0x80]))).toBe(1); // surrogate U+D800
    expect(firstInvalidUtf8Offset(bytes([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8Offset(bytes("abc", [0xf5]))).toBe(3);
    expect(firstInvalidUtf8Offset(bytes("ab", [0xe6, 0x9d]))).toBe(2); // cut off by the end
    expect(firstInvalidUtf8Offset(bytes("東", [0xe6, 0x41, 0x41]))).toBe(3); // bad continuation
  });

  it("agrees with a fatal TextDecoder on random bytes", () => {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 3000; round++) {
      // Mostly valid text with a few raw bytes mixed in, so that both outcomes occur.
      const parts: Array<string | number[]> = [];
      for (let k = 0; k < 6; k++)
        parts.push(
          random() < 0.8 ? "aé東🍣".slice(0, 1 + Math.floor(random() * 5)) : [Math.floor(random() * 256)],
        );
      const b = bytes(...parts);
      let valid = true;
      try {
        decoder.decode(b);
      } catch {
        valid = false;
      }
      const offset = firstInvalidUtf8Offset(b);
      expect(offset === -1, b.toString("hex")).toBe(valid);
      // Everything before the reported offset is valid on its own.
      if (offset >= 0) expect(() => decoder.decode(b.subarray(0, offset))).not.toThrow();
    }
  });
});

describe("textBefore", () => {
  it("gives the valid characters just before the offset", () => {
    const b = bytes('{"name":"Caf', [0xe9], '"}');
    expect(textBefore(b, 12)).toBe('{"name":"Caf');
    expect(textBefore(b, 12, 3)).toBe("Caf");
    expect(textBefore(bytes("🍣🍣🍣x"), 13, 2)).toBe("🍣x");
    expect(textBefore(b, 0)).toBe("");
  });
});

describe("loneSurrogatePath", () => {
  const at = (json: string) => loneSurrogatePath(json, JSON.parse(json));
  it("finds a lone surrogate escape in a value or a key, and passes pairs and plain text", () => {
    expect(at('{"jobs":[{"inputs":{"name":"Caf\\ud800"}}]}')).toEqual(["jobs", 0, "inputs", "name"]);
    expect(at('{"a":["ok","\\udc00x"]}')).toEqual(["a", 1]);
    expect(at('{"a":{"\\uDFFF":1}}')).toEqual(["a", "\udfff"]);
    expect(at('{"a":"\\ud83c\\udf63 sushi"}')).toBeNull(); // a pair: 🍣
    expect(at('{"a":"🍣 \\u00e9"}')).toBeNull();
    expect(at('{"a":"\\ud83c\\udf63","b":"\\ud83c"}')).toEqual(["b"]);
  });
});
