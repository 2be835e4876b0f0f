import { describe, expect, it } from "vitest";
import { parsePage } from "./document.js";
import { pageText } from "./page-text.js";
import { parkedDomain } from "./parked-domain.js";

function read(html: string) {
  const $ = parsePage(html);
  return parkedDomain($, pageText($).lines);
}

describe("parked and for-sale domains", () => {
  it("recognizes parking services and sale offers in several languages", () => {
    expect(
      read('<script src="https://sedoparking.com/frmpark/x.com/park.js"></script><h1>x.com</h1>')?.parked,
    ).toBe(true);
    expect(read("<p>This domain may be for sale!</p>")).toMatchObject({ forSale: true });
    expect(read("<p>Diese Domain kaufen</p>")).toMatchObject({ forSale: true });
    expect(read("<p>Ce domaine est à vendre</p>")).toMatchObject({ forSale: true });
  });

  it("does not flag a business page that links to a marketplace once", () => {
    const lines = Array.from({ length: 80 }, (_, i) => `<p>Our story, part ${i}</p>`).join("");
    expect(
      read(`${lines}<a href="https://dan.com/buy-domain/our-old-name.com">our old domain</a>`),
    ).toBeNull();
  });
});
