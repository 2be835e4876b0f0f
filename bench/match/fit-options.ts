/**
 * The fitting options of the command line, shared by fit-match-model.ts and cross-fit-match.ts:
 * `--trees 150 --depth 4 --rate 0.1 --leaf-lambda 1 --min-child 5 --balance 0.5` (stochastic and bagged:
 * `--subsample 1 --colsample 1 --bags 1 --seed 1`), or `--logistic
 * --lambda 1` (an L2 logistic regression instead of boosted trees); `--drop f1,f2`: features left
 * out of the fit (held at 0, so no tree splits on them; the model file keeps every feature);
 * `--unlabeled-weight 0.3`: the weight of a candidate no pair labels with its job; `--contact f1,f2`
 * (`--contact-lambda 1`): the features given contact weights after the trees (fitting.ts).
 */
import { DEFAULT_BOOSTING } from "./boosting.js";
import type { FitOptions } from "./fitting.js";

/**
 * A labeled pair's examples weigh 1, a candidate no pair labels with the job this much (a non-match
 * either way). Mean out-of-fold F1 of the "near" fitting sets 0.9299 → 0.9320 (train protocol),
 * 0.9292 → 0.9327 (all the data); cross-fitted mean F1 over the 8 Geo-ER valid sets 0.9289 → 0.9306
 * (docs/quality.md). Out of fold on the fitting data (train protocol) 0.5 / 0.3 / 0.1: 0.9310 / 0.9320 /
 * 0.9327, past 0.3 within the noise.
 */
export const UNLABELED_WEIGHT = 0.3;

/**
 * Features given contact weights (`--contact a,b`; `--contact ""`: none). Cross-fitted Locu F1 with
 * phones 0.983, with websites' domains too 0.982 (chains share a domain), without 0.977.
 */
export const CONTACT_FEATURES = ["phone_unique", "phone_different"];

export function numberArg(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  return i > 0 ? Number(argv[i + 1]) : fallback;
}

export function textArg(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i > 0 ? argv[i + 1]! : fallback;
}

export function fitOptionsOf(argv: readonly string[]): FitOptions {
  return {
    model: argv.includes("--logistic") ? "logistic" : "trees",
    lambda: numberArg(argv, "lambda", 1),
    balance: numberArg(argv, "balance", 0.5),
    unlabeledWeight: numberArg(argv, "unlabeled-weight", UNLABELED_WEIGHT),
    drop: textArg(argv, "drop", "").split(",").filter(Boolean),
    contact: textArg(argv, "contact", CONTACT_FEATURES.join(",")).split(",").filter(Boolean),
    contactLambda: numberArg(argv, "contact-lambda", 1),
    boosting: {
      trees: numberArg(argv, "trees", DEFAULT_BOOSTING.trees),
      depth: numberArg(argv, "depth", DEFAULT_BOOSTING.depth),
      rate: numberArg(argv, "rate", DEFAULT_BOOSTING.rate),
      lambda: numberArg(argv, "leaf-lambda", DEFAULT_BOOSTING.lambda),
      minChildWeight: numberArg(argv, "min-child", DEFAULT_BOOSTING.minChildWeight),
      subsample: numberArg(argv, "subsample", DEFAULT_BOOSTING.subsample ?? 1),
      colsample: numberArg(argv, "colsample", DEFAULT_BOOSTING.colsample ?? 1),
      bags: numberArg(argv, "bags", DEFAULT_BOOSTING.bags ?? 1),
      seed: numberArg(argv, "seed", DEFAULT_BOOSTING.seed ?? 1),
    },
  };
}
