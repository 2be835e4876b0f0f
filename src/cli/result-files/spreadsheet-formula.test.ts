import { describe, expect, it } from "vitest";
import { neutralizeFormula } from "./spreadsheet-formula.js";

describe("neutralizeFormula", () => {
  it("turns what a spreadsheet would run into text", () => {
    expect(neutralizeFormula('=HYPERLINK("http://evil.example/","x")')).toBe(
      '\'=HYPERLINK("http://evil.example/","x")',
    );
    expect(neutralizeFormula("@SUM(1+1)*cmd|' /C calc'!A0")).toBe("'@SUM(1+1)*cmd|' /C calc'!A0");
    expect(neutralizeFormula("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(neutralizeFormula("-2+3")).toBe("'-2+3");
    expect(neutralizeFormula("\t=1+1")).toBe("'\t=1+1");
    expect(neutralizeFormula("\r=1+1")).toBe("'\r=1+1");
  });

  it("leaves numbers and ordinary text alone", () => {
    for (const text of [
      "-74.006",
      "+33",
      "40.7128",
      "-1e-3",
      "Joe's Pizza",
      "",
      "a=b",
      "+1 212-555-0100 x",
    ]) {
      expect(neutralizeFormula(text), text).toBe(text.startsWith("+1 ") ? `'${text}` : text);
    }
  });
});
