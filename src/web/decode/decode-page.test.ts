import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodePage } from "./decode-page.js";
import { decodeAs } from "./decoders.js";
import { encodingForLabel } from "./encoding-labels.js";

const latin1 = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const page = (body: string, head = "") =>
  `<!doctype html><html><head>${head}<title>x</title></head><body>${body}</body></html>`;

const JAPANESE =
  "営業時間 月曜日から金曜日 午前9時から午後6時まで。東京都渋谷区のラーメン屋です。電話でご予約ください。";
const KOREAN =
  "영업시간 월요일부터 금요일까지 오전 9시부터 오후 6시까지. 서울 강남구 식당입니다. 전화로 예약하세요.";
const CHINESE = "营业时间 星期一至星期五 上午九点到下午六点。北京市朝阳区的饭店。欢迎电话预订。";

describe("encodingForLabel (WHATWG labels)", () => {
  it("maps Latin-1 and ASCII labels to windows-1252, and other aliases to their encoding", () => {
    for (const label of ["iso-8859-1", "ISO_8859-1", "latin1", "ascii", "US-ASCII", " l1 ", "cp1252"]) {
      expect(encodingForLabel(label), label).toBe("windows-1252");
    }
    expect(encodingForLabel("SJIS")).toBe("Shift_JIS");
    expect(encodingForLabel("x-sjis")).toBe("Shift_JIS");
    expect(encodingForLabel("gb2312")).toBe("GBK");
    expect(encodingForLabel("ks_c_5601-1987")).toBe("EUC-KR");
    expect(encodingForLabel("iso-8859-9")).toBe("windows-1254");
    expect(encodingForLabel("utf8")).toBe("UTF-8");
    expect(encodingForLabel("utf-9")).toBeNull();
  });
});

describe("decodeAs", () => {
  it("decodes windows-1252's 0x80–0x9F as punctuation, not C1 controls", () => {
    expect(decodeAs("windows-1252", latin1("Mon\x96Fri"))).toBe("Mon–Fri");
    const defined = [
      0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94,
      0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f,
    ];
    expect(decodeAs("windows-1252", new Uint8Array(defined))).toBe("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");
  });

  it("decodes Shift_JIS with the Windows (NEC) rows, as browsers do", () => {
    expect(decodeAs("Shift_JIS", new Uint8Array([0x82, 0xa0, 0x87, 0x40]))).toBe("あ①");
  });
});

describe("decodePage", () => {
  it("reads a page labelled iso-8859-1 as windows-1252", () => {
    const bytes = latin1(page("<p>Open Mon\x96Fri, caf\xe9 \x93Chez Andr\xe9\x94</p>"));
    const decoded = decodePage(bytes, "ISO-8859-1");
    expect(decoded).toMatchObject({ encoding: "windows-1252", source: "header" });
    expect(decoded.text).toContain("Open Mon–Fri, café “Chez André”");
  });

  it("falls back to windows-1252 for undeclared Latin text that is not UTF-8", () => {
    const bytes = latin1(page("<p>\xd6ffnungszeiten: Montag bis Freitag 9\x9618 Uhr, Stra\xdfe</p>"));
    const decoded = decodePage(bytes, null);
    expect(decoded.encoding).toBe("windows-1252");
    expect(["default", "guess"]).toContain(decoded.source);
    expect(decoded.text).toContain("Öffnungszeiten: Montag bis Freitag 9–18 Uhr, Straße");
  });

  it("reads undeclared UTF-8 as UTF-8", () => {
    const bytes = new TextEncoder().encode(page(`<p>Café Müller – ${JAPANESE}</p>`));
    expect(decodePage(bytes, null)).toMatchObject({ encoding: "UTF-8", source: "utf8" });
    expect(decodePage(bytes, null).text).toContain(`Café Müller – ${JAPANESE}`);
  });

  it("reads Shift_JIS from the header, from <meta>, and undeclared by a confident guess", () => {
    const withMeta = iconv.encode(page(`<p>${JAPANESE}</p>`, '<meta charset="Shift_JIS">'), "cp932");
    expect(decodePage(withMeta, "Shift_JIS")).toMatchObject({ encoding: "Shift_JIS", source: "header" });
    expect(decodePage(withMeta, null)).toMatchObject({ encoding: "Shift_JIS", source: "meta" });
    expect(decodePage(withMeta, null).text).toContain(JAPANESE);
    const bare = iconv.encode(page(`<p>${JAPANESE}</p>`), "cp932");
    expect(decodePage(bare, null)).toMatchObject({ encoding: "Shift_JIS", source: "guess" });
    expect(decodePage(bare, null).text).toContain(JAPANESE);
  });

  it("reads EUC-KR and GBK declared by an http-equiv <meta>, and guesses them undeclared", () => {
    const korean = iconv.encode(
      page(`<p>${KOREAN}</p>`, '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'),
      "cp949",
    );
    expect(decodePage(korean, null)).toMatchObject({ encoding: "EUC-KR", source: "meta" });
    expect(decodePage(korean, null).text).toContain(KOREAN);
    const chinese = iconv.encode(page(`<p>${CHINESE}</p>`, "<meta charset=gb2312>"), "gbk");
    expect(decodePage(chinese, null)).toMatchObject({ encoding: "GBK", source: "meta" });
    expect(decodePage(chinese, null).text).toContain(CHINESE);
    expect(decodePage(iconv.encode(page(`<p>${KOREAN}</p>`), "cp949"), null)).toMatchObject({
      encoding: "EUC-KR",
      source: "guess",
    });
    expect(decodePage(iconv.encode(page(`<p>${CHINESE}</p>`), "gbk"), null).text).toContain(CHINESE);
  });

  it("lets a byte order mark win over the header, and drops it from the text", () => {
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("<p>Café</p>")]);
    expect(decodePage(utf8, "iso-8859-1")).toEqual({ text: "<p>Café</p>", encoding: "UTF-8", source: "bom" });
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from("<p>Café</p>", "utf16le")]);
    expect(decodePage(utf16, null)).toEqual({ text: "<p>Café</p>", encoding: "UTF-16LE", source: "bom" });
  });

  it("prefers the header to <meta>, and passes over labels it cannot use", () => {
    const bytes = latin1(page("<p>Caf\xe9</p>", '<meta charset="windows-1251">'));
    expect(decodePage(bytes, "windows-1252")).toMatchObject({ encoding: "windows-1252", source: "header" });
    expect(decodePage(bytes, "utf-9")).toMatchObject({ encoding: "windows-1251", source: "meta" });
    expect(decodePage(bytes, "iso-2022-kr")).toMatchObject({ encoding: "windows-1251", source: "meta" });
    expect(decodePage(bytes, "utf-9").text).toContain("Cafй");
  });
});
