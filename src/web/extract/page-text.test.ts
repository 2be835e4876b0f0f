import { describe, expect, it } from "vitest";
import { parsePage } from "./document.js";
import { pageText } from "./page-text.js";

describe("page text", () => {
  it("ends lines at <br> and blocks, joins cells and inline elements with spaces, skips scripts", () => {
    const $ = parsePage(
      "<head><title>T</title><style>p{}</style></head><body><p>Mo–Fr 9–18<br>Sa 10–14</p><table><tr><td>Monday</td><td>9:00</td></tr></table><span>a</span><b>b</b><script>var x = 1;</script><div hidden>secret</div></body>",
    );
    expect(pageText($).lines).toEqual(["Mo–Fr 9–18", "Sa 10–14", "Monday 9:00", "ab"]);
  });

  it("caps the text", () => {
    const $ = parsePage(`<p>${"word ".repeat(1000)}</p><p>${"more ".repeat(1000)}</p><p>last</p>`);
    const t = pageText($, undefined, 6000);
    expect(t.truncated).toBe(true);
    expect(t.lines.join("\n")).not.toContain("last");
  });
});
