import { describe, expect, it } from "vitest";
import { sniffsAsHtml } from "./html-sniff.js";

const sniff = (text: string) => sniffsAsHtml(new Uint8Array(Buffer.from(text, "latin1")));

describe("sniffsAsHtml", () => {
  it("recognizes HTML by its first tag", () => {
    expect(sniff("<!DOCTYPE html><html>")).toBe(true);
    expect(sniff("\n  <HTML lang=en>")).toBe(true);
    expect(sniff("\xEF\xBB\xBF<p>hello")).toBe(true);
    expect(sniff("<!-- generated --><div>")).toBe(true);
  });
  it("does not take other formats for HTML", () => {
    expect(sniff('{"name": "Café"}')).toBe(false);
    expect(sniff("%PDF-1.7")).toBe(false);
    expect(sniff("<?xml version='1.0'?><rss>")).toBe(false);
    expect(sniff("<abbr>")).toBe(false);
    expect(sniff("")).toBe(false);
  });
});
