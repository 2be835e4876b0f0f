/**
 * Fits the match model (resources/reference/match-model.json) on the development data only:
 * Geo-ER `train` splits (8 sets), and the fitting halves (A) of the Overture pairs and of Locu–
 * Foursquare (see datasets.ts). Every (job, candidate) among the matcher's top K is one example,
 * labeled 1 when the pair is a labeled match. Logistic regression (L2, IRLS) over FEATURE_NAMES; the
 * threshold is the probability maximizing the mean F1 over the fitting sets. Reported figures come
 * from `npm run eval:match` on the held-out data (Geo-ER valid, halves B).
 *
 *   npx tsx bench/match/fit-match-model.ts [--lambda 1]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resourcePath } from "../../src/enrich/resources.js";
import { FEATURE_NAMES } from "../../src/reference/match/features.js";
import {
  MATCH_MODEL_RESOURCE,
  type MatchModelFile,
  matchModelFrom,
} from "../../src/reference/match/match-model.js";
import { dataAvailable, geoErSets, locuSet, type MatchSet, overtureSet } from "./datasets.js";
import { loadReference, predictionsAt, type RankedJob, rankSet, scorePredictions } from "./harness.js";
import { fitLogistic } from "./logistic.js";

const lambdaArg = process.argv.indexOf("--lambda");
const LAMBDA = lambdaArg > 0 ? Number(process.argv[lambdaArg + 1]) : 1;

if (!dataAvailable()) {
  process.stderr.write("fit-match-model: ../shared/data is not there; nothing to fit on\n");
  process.exit(1);
}

const neutral = matchModelFrom({
  features: [...FEATURE_NAMES],
  mean: FEATURE_NAMES.map(() => 0),
  scale: FEATURE_NAMES.map(() => 1),
  weights: FEATURE_NAMES.map(() => 0),
  bias: 0,
  threshold: 0.5,
  training: {},
});

const sets: MatchSet[] = [...geoErSets("train"), overtureSet("A"), locuSet("A")];
const dir = mkdtempSync(join(tmpdir(), "fit-match-"));
const x: number[][] = [];
const y: number[] = [];
const rankedBySet: Array<{ set: MatchSet; ranked: RankedJob[] }> = [];
const coverage: Record<string, number> = {};
try {
  for (const set of sets) {
    const { store } = await loadReference(set, dir);
    const { ranked } = await rankSet(set, store, neutral);
    await store.close();
    const positives = new Set(set.pairs.filter((p) => p.label === 1).map((p) => `${p.jobId}\t${p.refId}`));
    let found = 0;
    for (const r of ranked) {
      for (const c of r.candidates) {
        const label = positives.has(`${r.jobId}\t${c.refId}`) ? 1 : 0;
        found += label;
        x.push(c.features);
        y.push(label);
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

const fit = fitLogistic(x, y, LAMBDA);
const file: MatchModelFile = {
  features: [...FEATURE_NAMES],
  mean: fit.mean,
  scale: fit.scale,
  weights: fit.weights,
  bias: fit.bias,
  threshold: 0.5,
  training: {},
};
const model = matchModelFrom(file);

// Re-rank each job's candidates with the fitted model, then pick the threshold of the best mean F1.
for (const { ranked } of rankedBySet) {
  for (const r of ranked) {
    for (const c of r.candidates) c.probability = model.probability(c.features);
    r.candidates.sort((a, b) => b.probability - a.probability);
  }
}
let best = { threshold: 0.5, meanF1: -1 };
for (let t = 0.2; t <= 0.9 + 1e-9; t += 0.025) {
  const f1s = rankedBySet.map(({ set, ranked }) => scorePredictions(set, predictionsAt(ranked, t)).f1);
  const meanF1 = f1s.reduce((a, b) => a + b, 0) / f1s.length;
  if (meanF1 > best.meanF1) best = { threshold: Math.round(t * 1000) / 1000, meanF1 };
}
file.threshold = best.threshold;
file.training = {
  script: "bench/match/fit-match-model.ts",
  data: "Geo-ER train (8 sets), overture-match-pairs-3k half A, locu-fsq-nyc train half A",
  examples: y.length,
  positives: y.reduce((a, b) => a + b, 0),
  lambda: LAMBDA,
  iterations: fit.iterations,
  logLoss: Math.round(fit.logLoss * 10000) / 10000,
  thresholdMeanF1: Math.round(best.meanF1 * 10000) / 10000,
  positivesAmongTopK: coverage,
};
writeFileSync(
  resourcePath(MATCH_MODEL_RESOURCE).replace(/match-model\.json$/, "match-model.json"),
  `${JSON.stringify(file, null, 2)}\n`,
);
process.stdout.write(
  `\nfitted on ${y.length} examples; threshold ${best.threshold} (mean F1 on fitting sets ${best.meanF1.toFixed(4)})\n`,
);
for (const [i, name] of FEATURE_NAMES.entries())
  process.stdout.write(`  ${name.padEnd(20)} ${fit.weights[i]!.toFixed(3)}\n`);
for (const { set, ranked } of rankedBySet) {
  const s = scorePredictions(set, predictionsAt(ranked, best.threshold));
  process.stdout.write(
    `  fit ${set.name.padEnd(26)} P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)}\n`,
  );
}
