/**
 * Fits the match model (resources/reference/match-model.json) on the development data only:
 * Geo-ER `train` splits (8 sets), and the fitting halves (A) of the Overture pairs and of Locu–
 * Foursquare (see datasets.ts). Every (job, candidate) among the matcher's top K is one example,
 * labeled 1 when the pair is a labeled match. Two logistic regressions (L2, IRLS) over FEATURE_NAMES:
 * "near" from the jobs with coordinates (Geo-ER, Locu), "name" from those without (Overture pairs).
 * Each threshold is the probability maximizing the mean F1 over the fitting sets of its kind. Reported
 * figures come from `npm run eval:match`, on held-out data (Geo-ER valid, halves B).
 *
 *   npm run fit:match [-- --lambda 1]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resourcePath } from "../../src/enrich/resources.js";
import { FEATURE_NAMES } from "../../src/reference/match/features.js";
import {
  type LogisticPart,
  MATCH_MODEL_RESOURCE,
  type MatchKind,
  type MatchModelFile,
  matchModelFrom,
  neutralMatchModel,
} from "../../src/reference/match/match-model.js";
import { dataAvailable, geoErSets, locuSet, type MatchSet, overtureSet } from "./datasets.js";
import { loadReference, predictionsAt, type RankedJob, rankSet, scorePredictions } from "./harness.js";
import { fitLogistic } from "./logistic.js";

const lambdaArg = process.argv.indexOf("--lambda");
const LAMBDA = lambdaArg > 0 ? Number(process.argv[lambdaArg + 1]) : 1;
const KINDS: readonly MatchKind[] = ["near", "name"];

if (!dataAvailable()) {
  process.stderr.write("fit-match-model: ../shared/data is not there; nothing to fit on\n");
  process.exit(1);
}

const sets: MatchSet[] = [...geoErSets("train"), overtureSet("A"), locuSet("A")];
const dir = mkdtempSync(join(tmpdir(), "fit-match-"));
const examples: Record<MatchKind, { x: number[][]; y: number[] }> = {
  near: { x: [], y: [] },
  name: { x: [], y: [] },
};
const rankedBySet: Array<{ set: MatchSet; ranked: RankedJob[] }> = [];
const coverage: Record<string, number> = {};
try {
  for (const set of sets) {
    const { store } = await loadReference(set, dir);
    const { ranked } = await rankSet(set, store, neutralMatchModel());
    await store.close();
    const positives = new Set(set.pairs.filter((p) => p.label === 1).map((p) => `${p.jobId}\t${p.refId}`));
    let found = 0;
    for (const r of ranked) {
      for (const c of r.candidates) {
        const label = positives.has(`${r.jobId}\t${c.refId}`) ? 1 : 0;
        found += label;
        examples[r.kind].x.push(c.features);
        examples[r.kind].y.push(label);
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

const parts = {} as Record<MatchKind, LogisticPart>;
const fits: Record<string, unknown> = {};
for (const kind of KINDS) {
  const { x, y } = examples[kind];
  const fit = fitLogistic(x, y, LAMBDA);
  parts[kind] = { mean: fit.mean, scale: fit.scale, weights: fit.weights, bias: fit.bias, threshold: 0.5 };
  fits[kind] = {
    examples: y.length,
    positives: y.reduce((a, b) => a + b, 0),
    iterations: fit.iterations,
    logLoss: Math.round(fit.logLoss * 10000) / 10000,
  };
}
const file: MatchModelFile = { features: [...FEATURE_NAMES], models: parts, training: {} };
const model = matchModelFrom(file);

// Re-rank each job's candidates with the fitted model, then pick each kind's threshold of best mean F1.
for (const { ranked } of rankedBySet) {
  for (const r of ranked) {
    for (const c of r.candidates) c.probability = model.probability(c.features, r.kind);
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
    if (meanF1 > best.meanF1) best = { threshold: Math.round(t * 1000) / 1000, meanF1 };
  }
  parts[kind].threshold = best.threshold;
  thresholdF1[kind] = Math.round(best.meanF1 * 10000) / 10000;
}
file.training = {
  script: "bench/match/fit-match-model.ts",
  data: "Geo-ER train (8 sets), overture-match-pairs-3k half A, locu-fsq-nyc train half A",
  lambda: LAMBDA,
  fits,
  meanF1AtThreshold: thresholdF1,
  positivesAmongTopK: coverage,
};
writeFileSync(resourcePath(MATCH_MODEL_RESOURCE), `${JSON.stringify(file, null, 2)}\n`);
process.stdout.write(
  `\nthresholds: near ${parts.near.threshold} (mean F1 ${thresholdF1.near}), name ${parts.name.threshold} (mean F1 ${thresholdF1.name})\n`,
);
for (const [i, name] of FEATURE_NAMES.entries()) {
  process.stdout.write(
    `  ${name.padEnd(24)} near ${parts.near.weights[i]!.toFixed(3).padStart(7)}   name ${parts.name.weights[i]!.toFixed(3).padStart(7)}\n`,
  );
}
for (const { set, ranked } of rankedBySet) {
  const s = scorePredictions(set, predictionsAt(ranked, model.threshold));
  process.stdout.write(
    `  fit ${set.name.padEnd(26)} P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)}\n`,
  );
}
