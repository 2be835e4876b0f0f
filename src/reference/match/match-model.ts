/**
 * The match model: two parts over FEATURE_NAMES — "near" for jobs with coordinates
 * (candidates found around them) and "name" for jobs found by name and address alone, whose evidence
 * weighs differently (no distance; the address carries the location). Fitted by
 * bench/match/fit-match-model.ts (`npm run fit:match`) on the development data only and shipped as
 * resources/reference/match-model.json. The output is a calibrated probability that the candidate is
 * the same real place as the job; below the model's `threshold` there is no match (a valid answer).
 */
import { readFileSync } from "node:fs";
import { resourcePath } from "../../enrich/resources.js";
import { FEATURE_NAMES } from "./features.js";

export type MatchKind = "near" | "name";

export interface LogisticPart {
  type?: "logistic";
  /** Per-feature standardization: x' = (x − mean) / scale. */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** Probability from which the best candidate is a match. */
  threshold: number;
}

/**
 * One regression tree, flat: node n splits on feature f[n] (−1: a leaf worth v[n]), going to l[n]
 * when x[f[n]] ≤ t[n], else to r[n]. The root is node 0.
 */
export interface Tree {
  f: number[];
  t: number[];
  l: number[];
  r: number[];
  v: number[];
}

/** Gradient-boosted trees for the logistic loss: probability = σ(bias + Σ tree values). */
export interface BoostedTrees {
  bias: number;
  trees: Tree[];
}

export interface TreesPart extends BoostedTrees {
  type: "trees";
  threshold: number;
}

export type MatchModelPart = LogisticPart | TreesPart;

export interface MatchModelFile {
  features: string[];
  models: Record<MatchKind, MatchModelPart>;
  /** How it was fitted (data, sizes, regularization, fitting-set figures). */
  training: Record<string, unknown>;
}

export interface MatchModel {
  threshold(kind: MatchKind): number;
  probability(features: readonly number[], kind: MatchKind): number;
  readonly file: MatchModelFile;
}

export const MATCH_MODEL_RESOURCE = "reference/match-model.json";

export function matchModelFrom(file: MatchModelFile): MatchModel {
  if (file.features.join(",") !== FEATURE_NAMES.join(",")) {
    throw new Error(
      `match model features (${file.features.join(", ")}) differ from the matcher's (${FEATURE_NAMES.join(", ")}): refit it (npm run fit:match)`,
    );
  }
  return {
    file,
    threshold: (kind) => file.models[kind].threshold,
    probability(x, kind) {
      const m = file.models[kind];
      let z = m.bias;
      if (m.type === "trees") {
        for (const t of m.trees) {
          let n = 0;
          while (t.f[n]! >= 0) n = x[t.f[n]!]! <= t.t[n]! ? t.l[n]! : t.r[n]!;
          z += t.v[n]!;
        }
      } else {
        for (let i = 0; i < m.weights.length; i++) z += m.weights[i]! * ((x[i]! - m.mean[i]!) / m.scale[i]!);
      }
      return 1 / (1 + Math.exp(-z));
    },
  };
}

/** A model giving every candidate 0.5 (what the fitting script ranks with before it has weights). */
export function neutralMatchModel(): MatchModel {
  const part = (): LogisticPart => ({
    mean: FEATURE_NAMES.map(() => 0),
    scale: FEATURE_NAMES.map(() => 1),
    weights: FEATURE_NAMES.map(() => 0),
    bias: 0,
    threshold: 0.5,
  });
  return matchModelFrom({
    features: [...FEATURE_NAMES],
    models: { near: part(), name: part() },
    training: {},
  });
}

let shipped: MatchModel | null = null;

/** The shipped model (loaded once). */
export function loadMatchModel(): MatchModel {
  shipped ??= matchModelFrom(
    JSON.parse(readFileSync(resourcePath(MATCH_MODEL_RESOURCE), "utf8")) as MatchModelFile,
  );
  return shipped;
}
