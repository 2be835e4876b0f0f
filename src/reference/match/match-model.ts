/**
 * The match model: logistic regression over FEATURE_NAMES, fitted by bench/match/fit-match-model.ts on
 * the development data only and shipped as resources/reference/match-model.json. Its output is a
 * calibrated probability that the candidate is the same real place as the job; below `threshold`
 * there is no match (a valid answer).
 */
import { readFileSync } from "node:fs";
import { resourcePath } from "../../enrich/resources.js";
import { FEATURE_NAMES } from "./features.js";

export interface MatchModelFile {
  features: string[];
  /** Per-feature standardization: x' = (x − mean) / scale. */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** Probability from which a candidate is a match. */
  threshold: number;
  /** How it was fitted (data, sizes, regularization, held-out figures). */
  training: Record<string, unknown>;
}

export interface MatchModel {
  readonly threshold: number;
  probability(features: readonly number[]): number;
  readonly file: MatchModelFile;
}

export const MATCH_MODEL_RESOURCE = "reference/match-model.json";

export function matchModelFrom(file: MatchModelFile): MatchModel {
  if (file.features.join(",") !== FEATURE_NAMES.join(",")) {
    throw new Error(
      `match model features (${file.features.join(", ")}) differ from the matcher's (${FEATURE_NAMES.join(", ")}): refit it`,
    );
  }
  return {
    threshold: file.threshold,
    file,
    probability(x) {
      let z = file.bias;
      for (let i = 0; i < file.weights.length; i++)
        z += file.weights[i]! * ((x[i]! - file.mean[i]!) / file.scale[i]!);
      return 1 / (1 + Math.exp(-z));
    },
  };
}

let shipped: MatchModel | null = null;

/** The shipped model (loaded once). */
export function loadMatchModel(): MatchModel {
  shipped ??= matchModelFrom(
    JSON.parse(readFileSync(resourcePath(MATCH_MODEL_RESOURCE), "utf8")) as MatchModelFile,
  );
  return shipped;
}
