/**
 * `npm run eval:match:cross`: held-out figures of the model fitted on all the development data
 * (`npm run fit:match`, `--data all`), by cross-fitting. Every Geo-ER `valid` split, the Overture pairs
 * and Locu–Foursquare are cut in two halves by job; for each half h, a model is fitted exactly as the
 * shipped one (fitting.ts, thresholds from its own out-of-fold probabilities) on Geo-ER train and the
 * other halves, and scores the jobs of half h. Summed over both halves, every valid job is scored by
 * a model that never saw its labels. Geo-ER valid jobs are ranked against the whole valid reference
 * (the same density as in `npm run eval:match`). Beside: the baseline rule, and the `--data train`
 * protocol (one model fitted on train and the halves A, scoring valid and the halves B: what
 * `npm run eval:match` printed for that model).
 *
 *   npm run eval:match:cross [-- --cache /tmp/ranked.json] [-- --denser 0.2,1] [-- --protocol train]
 *     [fitting options of fit-options.ts] [-- --json out.json]
 *
 * --protocol train: the train protocol's model alone (one fit instead of three; comparing variants).
 *
 * --denser F,…: Geo-ER valid jobs also scored when ranked against valid's reference plus a fraction F
 * of train's right-side records (datasets.ts geoErDenserValidSets; 0.2 ≈ a test split's density): the
 * models are fitted as without it. Ranking is read from and kept in the --cache file (ranked-cache.ts).
 */
import { writeFileSync } from "node:fs";
import { FEATURE_NAMES } from "../../src/reference/match/features.js";
import { matchModelFrom } from "../../src/reference/match/match-model.js";
import {
  dataAvailable,
  geoErDenserValidSets,
  geoErSets,
  geoErTrainParts,
  type Half,
  locuSet,
  type MatchSet,
  overtureSet,
} from "./datasets.js";
import { fitOptionsOf, textArg } from "./fit-options.js";
import { fitMatchModel, halfSet, type RankedSet, scoreWith } from "./fitting.js";
import { type Score, score, scoreBaseline } from "./harness.js";
import { RankedCache } from "./ranked-cache.js";

const argv = process.argv;
const options = fitOptionsOf(argv);
/** Reference densities to score valid at: 0 = valid's own (always); F > 0 = plus a fraction F of train's records. */
const densities = [0, ...textArg(argv, "denser", "").split(",").filter(Boolean).map(Number)].filter(
  (d, i) => i === 0 || d > 0,
);
/** `train`: only the train protocol's model (one fit instead of three: comparing variants quickly). */
const protocol = textArg(argv, "protocol", "both");
if (!dataAvailable()) {
  process.stdout.write(
    "eval:match:cross: ../shared/data is not present (set MATCH_DATA_DIR); nothing to evaluate\n",
  );
  process.exit(0);
}
const cache = new RankedCache(argv.includes("--cache") ? textArg(argv, "cache", "") : null);
const ranked = async (set: MatchSet): Promise<RankedSet> => ({ set, ranked: await cache.of(set) });

const trainParts: RankedSet[] = [];
for (const set of geoErTrainParts()) trainParts.push(await ranked(set));
/** Fitting sets of the cross-fit: valid in halves (at valid's own density), Overture and Locu halves. */
const validFit: RankedSet[] = [];
for (const set of geoErSets("valid")) validFit.push(await ranked(set));
const overture = { A: await ranked(overtureSet("A")), B: await ranked(overtureSet("B")) };
const locu = { A: await ranked(locuSet("A")), B: await ranked(locuSet("B")) };
/** Scored sets: valid (denser when asked), whole; Overture and Locu by half. */
const validScored: RankedSet[] = [];
for (const d of densities)
  for (const set of d > 0 ? geoErDenserValidSets(d) : geoErSets("valid")) validScored.push(await ranked(set));
cache.save();
const other = (h: Half): Half => (h === "A" ? "B" : "A");

const sum = (a: Score, b: Score) => score(a.tp + b.tp, a.fp + b.fp, a.fn + b.fn);
const rows = new Map<
  string,
  { jobs: number; reference: number; cross: Score[]; train: Score; baseline: Score }
>();
const row = (name: string, jobs: number, reference: number, baseline: Score) => {
  if (!rows.has(name)) rows.set(name, { jobs, reference, cross: [], train: score(0, 0, 0), baseline });
  return rows.get(name)!;
};
for (const rs of validScored)
  row(rs.set.name, rs.set.jobs.length, rs.set.reference.length, scoreBaseline(rs.set));
for (const [name, halves] of [
  ["overture-pairs", overture],
  ["locu-fsq", locu],
] as const) {
  const both = sum(scoreBaseline(halves.A.set), scoreBaseline(halves.B.set));
  row(name, halves.A.set.jobs.length + halves.B.set.jobs.length, halves.A.set.reference.length, both);
  row(`${name} half B`, halves.B.set.jobs.length, halves.B.set.reference.length, scoreBaseline(halves.B.set));
}

const modelOf = (fitted: ReturnType<typeof fitMatchModel>) =>
  matchModelFrom({ features: [...FEATURE_NAMES], models: fitted.parts, training: {} });
const log = (line: string) => process.stdout.write(`${line}\n`);

// The train protocol: one model, fitted on train parts and halves A.
const t0 = performance.now();
const trainFit = fitMatchModel([...trainParts, overture.A, locu.A], options);
const trainModel = modelOf(trainFit);
log(
  `train protocol: thresholds near ${trainFit.parts.near.threshold} (duplicates ${trainFit.parts.near.duplicateThreshold ?? "none"}), name ${trainFit.parts.name.threshold} (duplicates ${trainFit.parts.name.duplicateThreshold ?? "none"}); out-of-fold mean F1 near ${trainFit.thresholdF1.near} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
);
for (const rs of validScored) rows.get(rs.set.name)!.train = scoreWith(rs, trainModel);
rows.get("overture-pairs half B")!.train = scoreWith(overture.B, trainModel);
rows.get("locu-fsq half B")!.train = scoreWith(locu.B, trainModel);

// The cross-fit: for each half h, a model without h's labels scores h.
for (const h of protocol === "train" ? [] : (["A", "B"] as const)) {
  const t = performance.now();
  const fit = fitMatchModel(
    [...trainParts, ...validFit.map((rs) => halfSet(rs, other(h))), overture[other(h)], locu[other(h)]],
    options,
  );
  const model = modelOf(fit);
  log(
    `cross-fit scoring half ${h}: thresholds near ${fit.parts.near.threshold} (duplicates ${fit.parts.near.duplicateThreshold ?? "none"}), name ${fit.parts.name.threshold} (duplicates ${fit.parts.name.duplicateThreshold ?? "none"}); out-of-fold mean F1 near ${fit.thresholdF1.near} (${((performance.now() - t) / 1000).toFixed(0)} s)`,
  );
  for (const rs of validScored) rows.get(rs.set.name)!.cross.push(scoreWith(halfSet(rs, h), model));
  for (const [name, halves] of [
    ["overture-pairs", overture],
    ["locu-fsq", locu],
  ] as const) {
    const s = scoreWith(halves[h], model);
    rows.get(name)!.cross.push(s);
    if (h === "B") rows.get(`${name} half B`)!.cross.push(s);
  }
}

const f = (s: Score) => `${s.precision.toFixed(3)} / ${s.recall.toFixed(3)} / ${s.f1.toFixed(3)}`;
log(
  `\n${"set".padEnd(32)} ${"jobs".padStart(5)} ${"ref".padStart(5)}   cross-fitted P / R / F1   train-protocol P / R / F1   baseline P / R / F1      ΔF1 (cross − baseline)`,
);
const out: Record<string, unknown>[] = [];
for (const [name, r] of rows) {
  const cross = r.cross.reduce(sum, score(0, 0, 0));
  const hasTrain = r.train.tp + r.train.fp + r.train.fn > 0;
  const delta = cross.f1 - r.baseline.f1;
  log(
    `${name.padEnd(32)} ${String(r.jobs).padStart(5)} ${String(r.reference).padStart(5)}   ${f(cross)}     ${hasTrain ? f(r.train) : "      —              "}     ${f(r.baseline)}    ${delta >= 0 ? "+" : ""}${delta.toFixed(3)}`,
  );
  out.push({
    set: name,
    jobs: r.jobs,
    reference: r.reference,
    cross,
    train: hasTrain ? r.train : null,
    baseline: r.baseline,
  });
}
if (argv.includes("--json"))
  writeFileSync(textArg(argv, "json", ""), `${JSON.stringify({ densities, rows: out }, null, 2)}\n`);
