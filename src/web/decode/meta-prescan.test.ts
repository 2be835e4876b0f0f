import { describe, expect, it } from "vitest";
import { charsetFromMetaContent, prescanMetaCharset } from "./meta-prescan.js";

const scan = (html: string) => prescanMetaCharset(new Uint8Array(Buffer.from(html, "latin1")));

describe("prescanMetaCharset", () => {
  it("finds <meta charset> in its forms", () => {
    expect(scan('<meta charset="utf-8">')).toBe("UTF-8");
    expect(scan("<META CHARSET=Shift_JIS>")).toBe("Shift_JIS");
    expect(scan("<meta charset='latin1'/>")).toBe("windows-1252");
    expect(scan('<html><head><meta name="x" content="y"><meta charset = "euc-kr" ></head>')).toBe("EUC-KR");
  });

  it("needs http-equiv=Content-Type for a charset in content", () => {
    expect(scan('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">')).toBe(
      "windows-1251",
    );
    expect(scan('<meta content="text/html;charset=gbk" http-equiv=content-type>')).toBe("GBK");
    expect(scan('<meta name="description" content="charset=gbk">')).toBeNull();
  });

  it("skips comments and the attributes of other tags", () => {
    expect(scan('<!-- <meta charset="gbk"> --><meta charset="utf-8">')).toBe("UTF-8");
    expect(scan('<a title="<meta charset=gbk>">x</a><meta charset="big5">')).toBe("Big5");
    expect(scan("<!DOCTYPE html><?xml version='1.0'?><meta charset=sjis>")).toBe("Shift_JIS");
  });

  it("reads UTF-16 as UTF-8, ignores unknown labels and what lies past 1024 bytes", () => {
    expect(scan('<meta charset="utf-16">')).toBe("UTF-8");
    expect(scan('<meta charset="klingon"><meta charset="gbk">')).toBe("GBK");
    expect(scan(`<title>${"x".repeat(1024)}</title><meta charset="gbk">`)).toBeNull();
    expect(scan("<p>no declaration</p>")).toBeNull();
  });
});

describe("charsetFromMetaContent", () => {
  it("reads the label after charset=, quoted or not", () => {
    expect(charsetFromMetaContent("text/html; charset=ISO-8859-1")).toBe("ISO-8859-1");
    expect(charsetFromMetaContent("text/html; charset = 'utf-8'")).toBe("utf-8");
    expect(charsetFromMetaContent('text/html; charset="gbk"; x=y')).toBe("gbk");
    expect(charsetFromMetaContent("text/html; charsetx; charset=big5")).toBe("big5");
    expect(charsetFromMetaContent("text/html")).toBeNull();
    expect(charsetFromMetaContent('charset="unterminated')).toBeNull();
  });
});
