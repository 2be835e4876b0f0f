import { describe, expect, it } from "vitest";
import { extractAttributeItems, MICRODATA, RDFA_LITE } from "./attribute-items.js";
import { parsePage } from "./document.js";
import { firstText, nodeValues, textValues } from "./schema-node.js";

describe("microdata and RDFa lite items", () => {
  it("reads microdata with nested items, content attributes and several types", () => {
    const $ =
      parsePage(`<div itemscope itemtype="https://schema.org/Restaurant https://schema.org/LocalBusiness">
      <h1 itemprop="name">Chez Lou</h1><span itemprop="telephone" content="+33240481266">02 40 48 12 66</span>
      <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress"><span itemprop="addressLocality">Nantes</span></div>
      <time itemprop="openingHours" datetime="Tu-Sa 12:00-14:00">mar-sam midi</time></div>`);
    const [item] = extractAttributeItems($, MICRODATA);
    expect(item?.types).toEqual(["Restaurant", "LocalBusiness"]);
    expect(firstText(item!, "telephone")).toBe("+33240481266");
    expect(textValues(item!, "openingHours")).toEqual(["Tu-Sa 12:00-14:00"]);
    expect(firstText(nodeValues(item!, "address")[0]!, "addressLocality")).toBe("Nantes");
    expect(item!.props.has("addressLocality")).toBe(false);
  });

  it("reads RDFa lite, prefixed or not, and leaves OpenGraph alone", () => {
    const $ =
      parsePage(`<div vocab="https://schema.org/" typeof="schema:Bakery"><span property="schema:name">Korn</span>
      <meta property="og:title" content="x"><a property="sameAs" href="https://instagram.com/korn">IG</a></div>`);
    const [item] = extractAttributeItems($, RDFA_LITE);
    expect(item?.types).toEqual(["Bakery"]);
    expect(firstText(item!, "name")).toBe("Korn");
    expect(textValues(item!, "sameAs")).toEqual(["https://instagram.com/korn"]);
    expect(item!.props.has("og:title")).toBe(false);
  });
});
