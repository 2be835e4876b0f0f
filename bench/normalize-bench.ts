/**
 * CPU per place of an import's normalization (import-chunk.ts normalizeChunk), alone: no file
 * reading, no store. Times chunks of 2,000 rows of
 *
 *   - synthetic: 30,000 of the import bench's synthetic Overture-like places (reference-bench.ts),
 *   - overture:  the shipped Overture extract (resources/reference, 3,082 US places),
 *   - osm:       /work/shared/data/osm-poi-5cities (8,917 OSM POIs) when present,
 *
 * after a warm-up on 10,000 other synthetic places and on the first rows of each real file (what a
 * long import has behind it: code compiled, the country and category memos filled); the real
 * files' last 2,500 (overture) and 7,000 (osm) rows are then timed, each read once — a second pass
 * would find every memo filled. Prints µs of CPU (user + system) per place.
 *
 *   nice -n 19 npx tsx bench/normalize-bench.ts
 *   NORMALIZE_ROOT=/old/checkout,/new/checkout …  times several checkouts' normalizeChunk in one
 *     process, chunk by chunk in turn (a shared machine's load then weighs on each alike)
 *   NORMALIZE_PROFILE=synthetic|overture|osm …     times only that set, and writes a CPU profile of
 *     the timed part (not the warm-up) to normalize-<set>.cpuprofile
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { gunzipSync } from "node:zlib";
import type { ImportChunk, normalizeChunk as Normalize } from "../src/reference/import-chunk.js";
import { overtureRow, syntheticPlace } from "./reference-bench.js";

const here = new URL("..", import.meta.url).pathname;
const roots = (process.env.NORMALIZE_ROOT ?? here).split(",");
const variants: Array<typeof Normalize> = [];
for (const root of roots)
  variants.push(
    ((await import(`${root}/src/reference/import-chunk.ts`)) as { normalizeChunk: typeof Normalize })
      .normalizeChunk,
  );

type Format = ImportChunk["format"];

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}

/**
 * µs of CPU per row, for each variant, chunk by chunk in turn (order alternating). Chunks of 500
 * rows (an import's are 2,000): turns short enough that the load of the moment is the same for each.
 */
function time(format: Format, rows: string[]): number[] {
  const us = variants.map(() => 0);
  for (let from = 0, k = 0; from < rows.length; from += 500, k++) {
    const items = rows.slice(from, from + 500).map((text, i) => ({ text, line: from + i + 1 }));
    for (let j = 0; j < variants.length; j++) {
      const v = k % 2 === 0 ? j : variants.length - 1 - j;
      const start = process.cpuUsage();
      variants[v]!({ format, bbox: null, items });
      const d = process.cpuUsage(start);
      us[v]! += d.user + d.system;
    }
  }
  return us.map((u) => u / rows.length);
}

const synthetic = (from: number, n: number) =>
  Array.from({ length: n }, (_, k) => JSON.stringify(overtureRow(syntheticPlace(from + k), from + k)));

const sets: Array<{ name: string; format: Format; rows: string[] }> = [
  { name: "synthetic", format: "overture", rows: synthetic(1_000_000, 30_000) },
  {
    name: "overture",
    format: "overture",
    rows: lines(
      gunzipSync(readFileSync(`${here}/resources/reference/overture-us-sample.jsonl.gz`)).toString(),
    ),
  },
];
const osm = "/work/shared/data/osm-poi-5cities/osm_pois.jsonl";
if (existsSync(osm)) sets.push({ name: "osm", format: "osm", rows: lines(readFileSync(osm, "utf8")) });

const only = process.env.NORMALIZE_PROFILE;
const timed = sets.filter((s) => !only || s.name === only);
/** Rows of a real file timed: the last ones (the first ones warm up). */
const TIMED_ROWS: Record<string, number> = { overture: 2500, osm: 7000 };
time("overture", synthetic(2_000_000, 10_000));
for (const s of timed) if (s.name !== "synthetic") time(s.format, s.rows.slice(0, -TIMED_ROWS[s.name]!));
const session = only ? new Session() : null;
if (session) {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 50 });
  await session.post("Profiler.start");
}
const out: string[] = [];
for (const s of timed) {
  const rows = s.name === "synthetic" ? s.rows : s.rows.slice(-TIMED_ROWS[s.name]!);
  out.push(
    `${s.name} ${time(s.format, rows)
      .map((u) => u.toFixed(1))
      .join(" / ")}`,
  );
}
if (session) {
  const { profile } = await session.post("Profiler.stop");
  writeFileSync(`normalize-${only}.cpuprofile`, JSON.stringify(profile));
}
console.log(`${out.join("  ")} µs/place (CPU${roots.length > 1 ? `: ${roots.join(" / ")}` : ""})`);
