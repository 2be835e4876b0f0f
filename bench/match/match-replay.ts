/**
 * The matcher's own CPU, without the store: every store answer of one pass over the match-speed jobs
 * is recorded, then replayed (copies of the candidate lists) for 8 more passes, timed each; prints the
 * least CPU per job and a signature (matches, sum of best probabilities) that must not change when
 * only speed is meant to. Needs the index of match-speed.ts (`--dir`, default /tmp/match-speed).
 *
 *   npx tsx bench/match/match-replay.ts [--jobs 2000] [--places 1000000] [--dir /tmp/match-speed]
 */
import { join } from "node:path";
import { preparePlace } from "../../src/enrich/prepare.js";
import { loadMatchModel } from "../../src/reference/match/match-model.js";
import { matchQueryOf } from "../../src/reference/match/match-query.js";
import { ReferenceMatcher } from "../../src/reference/match/matcher.js";
import { openReferenceStore } from "../../src/reference/store/open-reference-store.js";
import type { ReferenceStore } from "../../src/reference/store/port.js";
import { matchJobs } from "../reference-bench.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const places = Number(arg("places", "1000000"));
const jobs = Number(arg("jobs", "2000"));
const store = openReferenceStore(join(arg("dir", "/tmp/match-speed"), `ref-${places}.db`));
const prepared = matchJobs(jobs, places).map((j) => preparePlace(j.placeId, j.inputs));

const log = new Map<string, unknown[]>();
const at = new Map<string, number>();
let recording = true;
const copy = (r: unknown) => (Array.isArray(r) ? r.map((l) => (Array.isArray(l) ? l.slice() : l)) : r);
const replaying = new Proxy(store, {
  get(target, key) {
    const v = (target as unknown as Record<string | symbol, unknown>)[key];
    if (typeof v !== "function") return v;
    return async (...args: unknown[]) => {
      const name = String(key);
      if (recording) {
        const r = await v.apply(target, args);
        if (!log.has(name)) log.set(name, []);
        log.get(name)!.push(r);
        return copy(r);
      }
      const n = at.get(name) ?? 0;
      at.set(name, n + 1);
      return copy(log.get(name)![n]);
    };
  },
}) as ReferenceStore;
const matcher = new ReferenceMatcher(replaying, loadMatchModel());

const run = async () => {
  let matched = 0;
  let sum = 0;
  for (let i = 0; i < prepared.length; i += 100) {
    for (const a of await matcher.match(prepared.slice(i, i + 100).map((p) => matchQueryOf(p)))) {
      if (a.match) matched++;
      sum += a.bestProbability ?? 0;
    }
  }
  return { matched, sum };
};
await run();
recording = false;
let best = Number.POSITIVE_INFINITY;
let signature = "";
for (let pass = 0; pass < 8; pass++) {
  at.clear();
  const cpu = process.cpuUsage();
  const r = await run();
  const d = process.cpuUsage(cpu);
  best = Math.min(best, (d.user + d.system) / 1000);
  signature = `${r.matched}/${jobs} matched, Σ best probability ${r.sum.toFixed(9)}`;
}
process.stdout.write(
  `matcher alone: ${((best / jobs) * 1000).toFixed(0)} µs CPU a job (least of 8); ${signature}\n`,
);
await store.close();
