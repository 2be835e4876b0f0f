/**
 * `npx tsx bench/web-extract-bench.ts`: CPU cost of the website extractors (src/web/extract/),
 * from memory, no network. For every fixture page of test/fixtures/web/ (47 pages, one of 1.2 MB)
 * it measures pages/s of extractPage (parse + every extractor) against a bare `cheerio.load` of
 * the same HTML in htmlparser2 mode (the parse alone), and reports the ratio; the 1.2 MB page is
 * also timed alone. Same process, same run, alternating rounds so machine noise hits both.
 *
 * Knobs: BENCH_WEB_ROUNDS (default 5) rounds of the whole corpus; the median round is reported.
 * Part of `npm run bench` (bench/run.ts runs it as a child process; BENCH_SKIP_WEB=1 skips it).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "cheerio";
import { extractPage } from "../src/web/extract/extract-page.js";

const DIR = join(import.meta.dirname, "../test/fixtures/web");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export interface WebExtractBenchResult {
  pages: number;
  bytes: number;
  extractPagesPerSecond: number;
  bareLoadPagesPerSecond: number;
  ratio: number;
  hugePageExtractMs: number;
  hugePageLoadMs: number;
}

export function webExtractBench(rounds = Number(process.env.BENCH_WEB_ROUNDS ?? 5)): WebExtractBenchResult {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".html"));
  const pages = files.map((f) => readFileSync(join(DIR, f), "utf8"));
  const huge = pages.reduce((a, b) => (b.length > a.length ? b : a));
  const bare = (html: string) => load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const extract = (html: string) => extractPage({ html, url: "https://www.example.org/", country: "US" });
  // Warm-up: JIT, lazy tables (libphonenumber metadata, country names).
  for (const p of pages) {
    bare(p);
    extract(p);
  }
  const loadRounds: number[] = [];
  const extractRounds: number[] = [];
  const hugeLoad: number[] = [];
  const hugeExtract: number[] = [];
  for (let r = 0; r < rounds; r++) {
    loadRounds.push(time(() => pages.forEach(bare)));
    extractRounds.push(time(() => pages.forEach(extract)));
    hugeLoad.push(time(() => bare(huge)));
    hugeExtract.push(time(() => extract(huge)));
  }
  const loadMs = median(loadRounds);
  const extractMs = median(extractRounds);
  return {
    pages: pages.length,
    bytes: pages.reduce((n, p) => n + Buffer.byteLength(p), 0),
    extractPagesPerSecond: (pages.length * 1000) / extractMs,
    bareLoadPagesPerSecond: (pages.length * 1000) / loadMs,
    ratio: extractMs / loadMs,
    hugePageExtractMs: median(hugeExtract),
    hugePageLoadMs: median(hugeLoad),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = webExtractBench();
  console.log(
    [
      `web extract: ${r.pages} fixture pages, ${(r.bytes / 1e6).toFixed(2)} MB`,
      `  extractPage      ${r.extractPagesPerSecond.toFixed(1)} pages/s`,
      `  bare cheerio.load ${r.bareLoadPagesPerSecond.toFixed(1)} pages/s (htmlparser2 mode)`,
      `  ratio extract/load: ${r.ratio.toFixed(2)}x`,
      `  huge page (${(Buffer.byteLength(readFileSync(join(DIR, "47-huge-catalogue-page.html"))) / 1e6).toFixed(2)} MB): extract ${r.hugePageExtractMs.toFixed(0)} ms, load ${r.hugePageLoadMs.toFixed(0)} ms`,
    ].join("\n"),
  );
}
