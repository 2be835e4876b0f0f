import { describe, expect, it } from "vitest";
import { isHtmlType, parseContentType } from "./content-type.js";

describe("parseContentType", () => {
  it("reads the essence and the charset parameter", () => {
    expect(parseContentType("text/html; charset=UTF-8")).toEqual({ essence: "text/html", charset: "UTF-8" });
    expect(parseContentType('Text/HTML;Charset="Shift_JIS"')).toEqual({
      essence: "text/html",
      charset: "Shift_JIS",
    });
    expect(parseContentType('text/html; foo="a;b"; charset=gbk; charset=big5')).toEqual({
      essence: "text/html",
      charset: "gbk",
    });
    expect(parseContentType("application/xhtml+xml")).toEqual({
      essence: "application/xhtml+xml",
      charset: null,
    });
    expect(parseContentType(null)).toEqual({ essence: "", charset: null });
    expect(parseContentType("garbage")).toEqual({ essence: "", charset: null });
  });

  it("knows the HTML types", () => {
    expect(isHtmlType("text/html")).toBe(true);
    expect(isHtmlType("application/xhtml+xml")).toBe(true);
    expect(isHtmlType("application/pdf")).toBe(false);
  });
});
