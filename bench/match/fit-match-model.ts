/**
 * Fits the match model (resources/reference/match-model.json) on the development data only:
 * Geo-ER `train` splits (8 sets, each cut in two parts of a `valid` split's density: datasets.ts
 * geoErTrainParts), and the fitting halves (A) of the Overture pairs and of Locu–Foursquare. Every
 * (job, candidate) among the matcher's top K is one example, labeled 1 when the pair is a labeled
 * match. Two parts over FEATURE_NAMES: "near" from the jobs with coordinates (Geo-ER, Locu), "name"
 * from those without (Overture pairs); each a gradient-boosted tree ensemble (boosting.ts; `--logistic`:
 * an L2 logistic regression instead), examples weighted so that sets count more alike (`--balance`).
 *
 * Thresholds: the examples are cut in two folds by job; each fold is scored by the model fitted on
 * the other (out-of-fold probabilities), and each kind's threshold is the one maximizing the mean F1
 * over its fitting sets on those. The shipped model is then fitted on all the examples. Nothing is
 * random: the same data gives the same file. Reported figures come from `npm run eval:match`, on
 * held-out data (Geo-ER valid, halves B).
 *
 *   npm run fit:match [-- --trees 150 --depth 4 --rate 0.1 --balance 0.5 | --logistic --lambda 1]
 *     [--cache /tmp/ranked.json] [--out model.json]
 *
 * --cache: the ranked candidates and their features are read from that file when it holds this
 * feature list, else ranked and written there (ranking is most of a fit's time; model-only changes
 * then refit in seconds). Stale after any change of the matcher's candidates or features' code.
 * --out: write the model there instead of the shipped resource (comparing variants).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resourcePath } from "../../src/enrich/resources.js";
import { FEATURE_NAMES } from "../../src/reference/match/features.js";
import {
  MATCH_MODEL_RESOURCE,
  type MatchKind,
  type MatchModel,
  type MatchModelFile,
  type MatchModelPart,
  matchModelFrom,
  neutralMatchModel,
} from "../../src/reference/match/match-model.js";
import { type BoostingOptions, DEFAULT_BOOSTING, fitBoosting } from "./boosting.js";
import {
  dataAvailable,
  geoErSets,
  geoErTrainParts,
  type Half,
  halfOf,
  locuSet,
  type MatchSet,
  overtureSet,
} from "./datasets.js";
import { loadReference, predictionsAt, type RankedJob, rankSet, scorePredictions } from "./harness.js";
import { fitLogistic } from "./logistic.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MODEL = process.argv.includes("--logistic") ? "logistic" : "trees";
const LAMBDA = arg("lambda", 1);
const BALANCE = arg("balance", 0.5);
const BOOSTING: BoostingOptions = {
  trees: arg("trees", DEFAULT_BOOSTING.trees),
  depth: arg("depth", DEFAULT_BOOSTING.depth),
  rate: arg("rate", DEFAULT_BOOSTING.rate),
  lambda: arg("leaf-lambda", DEFAULT_BOOSTING.lambda),
  minChildWeight: arg("min-child", DEFAULT_BOOSTING.minChildWeight),
};
const KINDS: readonly MatchKind[] = ["near", "name"];

if (!dataAvailable()) {
  process.stderr.write("fit-match-model: ../shared/data is not there; nothing to fit on\n");
  process.exit(1);
}

const sets: MatchSet[] = [
  ...(process.argv.includes("--whole-train") ? geoErSets("train") : geoErTrainParts()),
  overtureSet("A"),
  locuSet("A"),
];
const dir = mkdtempSync(join(tmpdir(), "fit-match-"));
/** Every top-K (job, candidate) of the fitting data, with its job's fold (a hash of the job id). */
interface Example {
  x: number[];
  y: number;
  fold: Half;
  set: string;
}
const examples: Record<MatchKind, Example[]> = { near: [], name: [] };
const rankedBySet: Array<{ set: MatchSet; ranked: RankedJob[] }> = [];
const coverage: Record<string, number> = {};
const started = performance.now();
const cacheArg = process.argv.indexOf("--cache");
const cachePath = cacheArg > 0 ? process.argv[cacheArg + 1]! : null;
const cached: { features: string[]; ranked: Record<string, RankedJob[]> } | null =
  cachePath && existsSync(cachePath) ? JSON.parse(readFileSync(cachePath, "utf8")) : null;
const useCache = cached !== null && cached.features.join(",") === FEATURE_NAMES.join(",");
try {
  for (const set of sets) {
    let ranked: RankedJob[];
    if (useCache && cached.ranked[set.name]) ranked = cached.ranked[set.name]!;
    else {
      const { store } = await loadReference(set, dir);
      ranked = (await rankSet(set, store, neutralMatchModel())).ranked;
      await store.close();
    }
    const positives = new Set(set.pairs.filter((p) => p.label === 1).map((p) => `${p.jobId}\t${p.refId}`));
    let found = 0;
    for (const r of ranked) {
      const fold = halfOf(`fold:${r.jobId}`);
      for (const c of r.candidates) {
        const y = positives.has(`${r.jobId}\t${c.refId}`) ? 1 : 0;
        found += y;
        examples[r.kind].push({ x: c.features, y, fold, set: set.name });
      }
    }
    coverage[set.name] = Math.round((found / Math.max(1, positives.size)) * 1000) / 1000;
    rankedBySet.push({ set, ranked });
    process.stdout.write(
      `${set.name}: ${set.jobs.length} jobs, ${set.reference.length} reference, positives among top K ${coverage[set.name]}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`ranked in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
if (cachePath && !useCache)
  writeFileSync(
    cachePath,
    JSON.stringify({
      features: FEATURE_NAMES,
      ranked: Object.fromEntries(rankedBySet.map(({ set, ranked }) => [set.name, ranked])),
    }),
  );

/**
 * Example weights giving each fitting set a share of the fit closer to equal: weight ∝ (mean set
 * size / set size)^BALANCE (0: every example 1; 1: every set the same total). The thresholds are chosen
 * for the mean F1 over sets, and Locu's 314 jobs — the only ones with phones and websites near each
 * other — are otherwise 1 % of the examples.
 */
function balanced(list: readonly Example[]): number[] {
  const sizes = new Map<string, number>();
  for (const e of list) sizes.set(e.set, (sizes.get(e.set) ?? 0) + 1);
  const mean = list.length / sizes.size;
  return list.map((e) => (mean / sizes.get(e.set)!) ** BALANCE);
}

function fitPart(list: readonly Example[]): MatchModelPart {
  const x = list.map((e) => e.x);
  const y = list.map((e) => e.y);
  if (MODEL === "logistic") {
    const fit = fitLogistic(x, y, LAMBDA);
    return { mean: fit.mean, scale: fit.scale, weights: fit.weights, bias: fit.bias, threshold: 0.5 };
  }
  return {
    type: "trees",
    threshold: 0.5,
    ...fitBoosting(x, y, BOOSTING, BALANCE > 0 ? balanced(list) : undefined),
  };
}

/** Each kind's parts fitted on one fold (for the other fold's out-of-fold probabilities), then on all. */
const parts = {} as Record<MatchKind, MatchModelPart>;
const foldModels: Record<Half, MatchModel> = { A: neutralMatchModel(), B: neutralMatchModel() };
const foldParts: Record<Half, Record<MatchKind, MatchModelPart>> = { A: {} as never, B: {} as never };
for (const kind of KINDS) {
  const t = performance.now();
  for (const held of ["A", "B"] as const)
    foldParts[held][kind] = fitPart(examples[kind].filter((e) => e.fold !== held));
  parts[kind] = fitPart(examples[kind]);
  process.stdout.write(
    `${kind}: ${examples[kind].length} examples, ${examples[kind].filter((e) => e.y === 1).length} positives; ` +
      `3 fits in ${((performance.now() - t) / 1000).toFixed(0)} s\n`,
  );
}
for (const held of ["A", "B"] as const)
  foldModels[held] = matchModelFrom({ features: [...FEATURE_NAMES], models: foldParts[held], training: {} });

/**
 * Out-of-fold probabilities: each job's candidates scored by the model fitted without its fold, so
 * the threshold is chosen, and the fitting-data figures printed, on probabilities the model did not
 * see the labels of (a boosted ensemble is over-confident on its own training examples).
 */
for (const { ranked } of rankedBySet) {
  for (const r of ranked) {
    const m = foldModels[halfOf(`fold:${r.jobId}`)];
    for (const c of r.candidates) c.probability = m.probability(c.features, r.kind);
    r.candidates.sort((a, b) => b.probability - a.probability);
  }
}
const thresholdF1: Record<string, number> = {};
for (const kind of KINDS) {
  // Each set restricted to its jobs of this kind (Locu has a few jobs without coordinates).
  const ofKind = rankedBySet
    .map(({ set, ranked }) => {
      const mine = ranked.filter((r) => r.kind === kind);
      const ids = new Set(mine.map((r) => r.jobId));
      return { set: { ...set, pairs: set.pairs.filter((p) => ids.has(p.jobId)) }, ranked: mine };
    })
    .filter(({ ranked }) => ranked.length >= 50);
  let best = { threshold: 0.5, meanF1: -1 };
  for (let t = 0.1; t <= 0.9 + 1e-9; t += 0.025) {
    const f1s = ofKind.map(
      ({ set, ranked }) =>
        scorePredictions(
          set,
          predictionsAt(ranked, () => t),
        ).f1,
    );
    const meanF1 = f1s.reduce((a, b) => a + b, 0) / f1s.length;
    if (meanF1 > best.meanF1 + 1e-12) best = { threshold: Math.round(t * 1000) / 1000, meanF1 };
  }
  parts[kind].threshold = best.threshold;
  thresholdF1[kind] = Math.round(best.meanF1 * 10000) / 10000;
}
const outOfFold: Record<string, number> = {};
for (const { set, ranked } of rankedBySet) {
  const s = scorePredictions(
    set,
    predictionsAt(ranked, (k) => parts[k].threshold),
  );
  outOfFold[set.name] = Math.round(s.f1 * 1000) / 1000;
  process.stdout.write(
    `  out-of-fold ${set.name.padEnd(26)} P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)}\n`,
  );
}
const file: MatchModelFile = {
  features: [...FEATURE_NAMES],
  models: parts,
  training: {
    script: "bench/match/fit-match-model.ts",
    data: "Geo-ER train (8 sets, each cut in two parts by job), overture-match-pairs-3k half A, locu-fsq-nyc train half A",
    model:
      MODEL === "logistic"
        ? { type: "logistic", lambda: LAMBDA }
        : { type: "trees", ...BOOSTING, balance: BALANCE },
    examples: Object.fromEntries(KINDS.map((k) => [k, examples[k].length])),
    thresholds:
      "best mean F1 over the fitting sets of each kind, on out-of-fold probabilities (2 folds by job)",
    meanF1AtThreshold: thresholdF1,
    outOfFoldF1: outOfFold,
    positivesAmongTopK: coverage,
  },
};
const outArg = process.argv.indexOf("--out");
writeFileSync(
  outArg > 0 ? process.argv[outArg + 1]! : resourcePath(MATCH_MODEL_RESOURCE),
  `${JSON.stringify(file)}\n`,
);
process.stdout.write(
  `\nthresholds: near ${parts.near.threshold} (mean F1 ${thresholdF1.near}), name ${parts.name.threshold} (mean F1 ${thresholdF1.name})\n`,
);
