/**
 * Fits the match model (resources/reference/match-model.json) on the development data (fitting.ts says
 * how: examples, the two parts, thresholds from out-of-fold probabilities). Which data, `--data`:
 *
 * - `all` (default, the shipped model): everything ../shared/data gives — the Geo-ER `train` splits
 *   (8 sets, each cut in two parts of a `valid` split's density: datasets.ts geoErTrainParts), the
 *   Geo-ER `valid` splits (each in two halves by job, ranked against the whole valid reference), and
 *   both halves of the Overture pairs and of Locu–Foursquare. Its held-out figures come from
 *   `npm run eval:match:cross` (cross-fit-match.ts: each half scored by a model fitted without it).
 * - `train`: Geo-ER train parts and the halves A only, so that `npm run eval:match` on Geo-ER valid and
 *   the halves B is held out (the protocol before the cross-fitted one; `--whole-train`: train uncut).
 *
 *   npm run fit:match [-- --data all|train] [-- --trees 150 --depth 4 --rate 0.1 --balance 0.5 |
 *     --logistic --lambda 1] [--cache /tmp/ranked.json] [--out model.json]
 *
 * --cache: ranked candidates kept between runs (ranked-cache.ts; model-only changes then refit without
 * ranking). --out: write the model there instead of the shipped resource (comparing variants).
 */
import { writeFileSync } from "node:fs";
import { resourcePath } from "../../src/enrich/resources.js";
import { FEATURE_NAMES } from "../../src/reference/match/features.js";
import { MATCH_MODEL_RESOURCE, type MatchModelFile } from "../../src/reference/match/match-model.js";
import {
  dataAvailable,
  geoErSets,
  geoErTrainParts,
  locuSet,
  type MatchSet,
  overtureSet,
} from "./datasets.js";
import { fitOptionsOf, textArg } from "./fit-options.js";
import { fitMatchModel, halfSet, type RankedSet } from "./fitting.js";
import { RankedCache } from "./ranked-cache.js";

const argv = process.argv;
const options = fitOptionsOf(argv);
const data = textArg(argv, "data", "all");
if (data !== "all" && data !== "train") {
  process.stderr.write(`fit-match-model: --data ${data}: expected all or train\n`);
  process.exit(1);
}

if (!dataAvailable()) {
  process.stderr.write("fit-match-model: ../shared/data is not there; nothing to fit on\n");
  process.exit(1);
}

const cache = new RankedCache(process.argv.includes("--cache") ? textArg(argv, "cache", "") : null);
const started = performance.now();
const ranked = async (set: MatchSet): Promise<RankedSet> => ({ set, ranked: await cache.of(set) });
const sets: RankedSet[] = [];
for (const set of process.argv.includes("--whole-train") ? geoErSets("train") : geoErTrainParts())
  sets.push(await ranked(set));
sets.push(await ranked(overtureSet("A")), await ranked(locuSet("A")));
if (data === "all") {
  for (const set of geoErSets("valid")) {
    const whole = await ranked(set);
    sets.push(halfSet(whole, "A"), halfSet(whole, "B"));
  }
  sets.push(await ranked(overtureSet("B")), await ranked(locuSet("B")));
}
cache.save();
const coverage: Record<string, number> = {};
for (const { set, ranked } of sets) {
  const positives = new Set(set.pairs.filter((p) => p.label === 1).map((p) => `${p.jobId}\t${p.refId}`));
  const found = ranked.reduce(
    (n, r) => n + r.candidates.filter((c) => positives.has(`${r.jobId}\t${c.refId}`)).length,
    0,
  );
  coverage[set.name] = Math.round((found / Math.max(1, positives.size)) * 1000) / 1000;
  process.stdout.write(
    `${set.name}: ${set.jobs.length} jobs, ${set.reference.length} reference, positives among top K ${coverage[set.name]}\n`,
  );
}
process.stdout.write(`ranked in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);

const fitStarted = performance.now();
const fit = fitMatchModel(sets, options);
process.stdout.write(
  `near: ${fit.examples.near} examples, name: ${fit.examples.name}; 6 fits in ${((performance.now() - fitStarted) / 1000).toFixed(0)} s\n`,
);
const outOfFold: Record<string, number> = {};
for (const [name, s] of Object.entries(fit.outOfFold)) {
  outOfFold[name] = Math.round(s.f1 * 1000) / 1000;
  process.stdout.write(
    `  out-of-fold ${name.padEnd(30)} P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)} F1 ${s.f1.toFixed(3)}\n`,
  );
}
const file: MatchModelFile = {
  features: [...FEATURE_NAMES],
  models: fit.parts,
  training: {
    script: "bench/match/fit-match-model.ts",
    data:
      data === "all"
        ? "Geo-ER train (8 sets, each cut in two parts by job) and valid (8 sets, two halves by job), overture-match-pairs-3k, locu-fsq-nyc train"
        : "Geo-ER train (8 sets, each cut in two parts by job), overture-match-pairs-3k half A, locu-fsq-nyc train half A",
    model:
      options.model === "logistic"
        ? { type: "logistic", lambda: options.lambda }
        : {
            type: "trees",
            ...options.boosting,
            balance: options.balance,
            unlabeledWeight: options.unlabeledWeight,
            contact: { features: options.contact, lambda: options.contactLambda },
          },
    examples: fit.examples,
    thresholds:
      "best mean F1 over the fitting sets of each kind, on out-of-fold probabilities (2 folds by job); then the duplicate threshold at it, likewise",
    meanF1AtThreshold: fit.thresholdF1,
    outOfFoldF1: outOfFold,
    positivesAmongTopK: coverage,
  },
};
writeFileSync(
  process.argv.includes("--out") ? textArg(argv, "out", "") : resourcePath(MATCH_MODEL_RESOURCE),
  `${JSON.stringify(file)}\n`,
);
process.stdout.write(
  `\nthresholds: near ${fit.parts.near.threshold}, duplicates from ${fit.parts.near.duplicateThreshold ?? "none"} (mean F1 ${fit.thresholdF1.near}); name ${fit.parts.name.threshold}, duplicates from ${fit.parts.name.duplicateThreshold ?? "none"} (mean F1 ${fit.thresholdF1.name})\n`,
);
