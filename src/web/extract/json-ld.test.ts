import { describe, expect, it } from "vitest";
import { parsePage } from "./document.js";
import { extractJsonLd } from "./json-ld.js";
import { placeNodes } from "./schema-business.js";
import { firstText, nodeValues } from "./schema-node.js";

const block = (json: string) => `<script type="application/ld+json">${json}</script>`;

describe("JSON-LD nodes", () => {
  it("resolves @graph members and @id references across blocks, and lists @type", () => {
    const $ = parsePage(
      block(
        '{"@graph":[{"@type":"WebSite","publisher":{"@id":"#org"}},{"@type":["Organization","Store"],"@id":"#org","name":"Shop","address":{"@id":"#addr"}}]}',
      ) +
        block('{"@type":"PostalAddress","@id":"#addr","addressLocality":"Graz"}') +
        block("{broken"),
    );
    const r = extractJsonLd($);
    expect(r.types).toEqual(["WebSite", "Organization", "Store", "PostalAddress"]);
    expect(r.errors).toBe(1);
    const { places } = placeNodes(r.nodes);
    expect(places).toHaveLength(1);
    expect(firstText(places[0]!, "name")).toBe("Shop");
    expect(firstText(nodeValues(places[0]!, "address")[0]!, "addressLocality")).toBe("Graz");
  });

  it("prefers the LocalBusiness over the organization that is its brand", () => {
    const $ = parsePage(
      block(
        '[{"@type":"Organization","name":"Brand Co"},{"@type":"Restaurant","name":"Brand Downtown","brand":{"@type":"Organization","name":"Brand"}}]',
      ),
    );
    const { places, brands } = placeNodes(extractJsonLd($).nodes);
    expect(places.map((p) => firstText(p, "name"))).toEqual(["Brand Downtown", "Brand Co"]);
    expect(brands.map((b) => firstText(b, "name"))).toEqual(["Brand"]);
  });
});
