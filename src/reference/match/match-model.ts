/**
 * The match model: two parts over FEATURE_NAMES — "near" for jobs with coordinates
 * (candidates found around them) and "name" for jobs found by name and address alone, whose evidence
 * weighs differently (no distance; the address carries the location). Fitted by
 * bench/match/fit-match-model.ts (`npm run fit:match`) on the development data only and shipped as
 * resources/reference/match-model.json. The output is a calibrated probability that the candidate is
 * the same real place as the job; below the model's `threshold` there is no match (a valid answer).
 * A source may hold one place more than once (Foursquare and Yelp do: 59 of Singapore's OSM places in
 * Geo-ER osm_fsq train have two or more labeled matches there); other records of the matched record's
 * source reaching `duplicateThreshold` are reported as duplicates of it (the same place again).
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
  /** Probability from which another candidate of the match's source is a duplicate of it (absent: none). */
  duplicateThreshold?: number;
  /** As TreesPart.contactWeights. */
  contactWeights?: Record<string, number>;
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
  /** As LogisticPart.duplicateThreshold. */
  duplicateThreshold?: number;
  /**
   * Log-odds added per feature after the trees (feature name → weight; absent: none): agreements the
   * trees saw on too few examples to weigh (phones and websites on both sides: 1 % of the fitting
   * examples, Locu's and the Overture pairs'), fitted on those examples alone with the trees'
   * out-of-fold log-odds as an offset (bench/match/fitting.ts).
   */
  contactWeights?: Record<string, number>;
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
  /**
   * Probability from which a candidate of the match's source, other than the match, is a duplicate
   * of it: never below `threshold`; Infinity (none) for a model fitted without one.
   */
  duplicateThreshold(kind: MatchKind): number;
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
  const flat = { near: flatTrees(file.models.near), name: flatTrees(file.models.name) };
  const contact = { near: contactOf(file.models.near), name: contactOf(file.models.name) };
  return {
    file,
    threshold: (kind) => file.models[kind].threshold,
    duplicateThreshold: (kind) =>
      Math.max(file.models[kind].threshold, file.models[kind].duplicateThreshold ?? Number.POSITIVE_INFINITY),
    probability(x, kind) {
      const m = file.models[kind];
      let z = m.bias;
      const trees = flat[kind];
      if (trees) {
        const { roots, f, t, l, r, v } = trees;
        for (let i = 0; i < roots.length; i++) {
          let n = roots[i]!;
          while (f[n]! >= 0) n = x[f[n]!]! <= t[n]! ? l[n]! : r[n]!;
          z += v[n]!;
        }
      } else if (m.type !== "trees") {
        for (let i = 0; i < m.weights.length; i++) z += m.weights[i]! * ((x[i]! - m.mean[i]!) / m.scale[i]!);
      }
      for (const [i, w] of contact[kind]) z += w * x[i]!;
      return 1 / (1 + Math.exp(-z));
    },
  };
}

/** A part's contact weights as [feature index, weight] pairs; an unknown feature name is an error. */
function contactOf(part: MatchModelPart): Array<[number, number]> {
  return Object.entries(part.contactWeights ?? {}).map(([name, w]) => {
    const i = (FEATURE_NAMES as readonly string[]).indexOf(name);
    if (i < 0)
      throw new Error(
        `match model: contact weight of an unknown feature "${name}": refit it (npm run fit:match)`,
      );
    return [i, w];
  });
}

/** Every tree of a part in one set of typed arrays (node indices made global; `roots`: each tree's first). */
interface FlatTrees {
  roots: Int32Array;
  f: Int32Array;
  t: Float64Array;
  l: Int32Array;
  r: Int32Array;
  v: Float64Array;
}

/**
 * The part's trees flattened, or null for a logistic part. Walking typed arrays instead of each
 * tree's number[] fields: same comparisons on the same doubles, so the same probabilities.
 */
function flatTrees(part: MatchModelPart): FlatTrees | null {
  if (part.type !== "trees") return null;
  const size = part.trees.reduce((n, tree) => n + tree.f.length, 0);
  const out: FlatTrees = {
    roots: new Int32Array(part.trees.length),
    f: new Int32Array(size),
    t: new Float64Array(size),
    l: new Int32Array(size),
    r: new Int32Array(size),
    v: new Float64Array(size),
  };
  let base = 0;
  part.trees.forEach((tree, i) => {
    out.roots[i] = base;
    for (let n = 0; n < tree.f.length; n++) {
      out.f[base + n] = tree.f[n]!;
      out.t[base + n] = tree.t[n]!;
      out.l[base + n] = base + tree.l[n]!;
      out.r[base + n] = base + tree.r[n]!;
      out.v[base + n] = tree.v[n]!;
    }
    base += tree.f.length;
  });
  return out;
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
