/**
 * Every fixture page of test/fixtures/web/ through extractPage, compared with its expected facts
 * (`<name>.expected.json`: `input` {url, country} and `expected`, the summary of
 * src/web/extract/facts-summary.ts). The expected files are the gold of `npm run eval:web`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractPage } from "../../src/web/extract/extract-page.js";
import { summarizePageFacts } from "../../src/web/extract/facts-summary.js";

const DIR = join(import.meta.dirname, "../fixtures/web");

interface ExpectedFile {
  input: { url: string; country: string | null };
  expected: Record<string, unknown>;
}

const pages = readdirSync(DIR)
  .filter((f) => f.endsWith(".html"))
  .sort();

describe("fixture pages", () => {
  it("has at least 40 pages, each with its expected facts", () => {
    expect(pages.length).toBeGreaterThanOrEqual(40);
    for (const p of pages) expect(readdirSync(DIR)).toContain(p.replace(/\.html$/, ".expected.json"));
  });

  it.each(pages)("%s", (page) => {
    const gold = JSON.parse(
      readFileSync(join(DIR, page.replace(/\.html$/, ".expected.json")), "utf8"),
    ) as ExpectedFile;
    const html = readFileSync(join(DIR, page), "utf8");
    const facts = extractPage({ html, url: gold.input.url, country: gold.input.country });
    expect(summarizePageFacts(facts)).toEqual(gold.expected);
  });

  it("never throws on pages cut anywhere or mangled", () => {
    for (const page of pages.filter((p) => !p.startsWith("47-"))) {
      const html = readFileSync(join(DIR, page), "utf8");
      for (const at of [0.13, 0.37, 0.61, 0.89]) {
        const cut = html.slice(0, Math.floor(html.length * at));
        expect(() => extractPage({ html: cut, url: "https://x.example.org/", country: "DE" })).not.toThrow();
        const mangled = cut.replace(/[<>"]/g, (c) => ({ "<": ">", ">": "<", '"': "'" })[c] ?? c);
        expect(() => extractPage({ html: mangled, url: "not a url", country: "??" })).not.toThrow();
      }
    }
  });
});
