/**
 * Fitting the match model from ranked development sets (what `npm run fit:match` ships and what the
 * cross-fitted evaluation refits per fold). Every (job, candidate) among the matcher's top K is one
 * example, labeled 1 when the pair is a labeled match. Two parts over FEATURE_NAMES: "near" from the
 * jobs with coordinates, "name" from those without; each a gradient-boosted tree ensemble
 * (boosting.ts) or an L2 logistic regression, examples weighted so that sets count more alike and a
 * candidate no pair labels with its job (a pair set's easy rivals, never scored) weighs less
 * (fit-options.ts UNLABELED_WEIGHT).
 *
 * Thresholds: the examples are cut in two folds by job; each fold is scored by the model fitted on the
 * other (out-of-fold probabilities), and each kind's threshold is the one maximizing the mean F1 over
 * its fitting sets on those; then, at that threshold, its duplicate threshold (match-model.ts) likewise. The returned model is then fitted on all the examples. Nothing is random.
 *
 * Contact weights (match-model.ts TreesPart.contactWeights; `--contact`, default phone_unique and
 * phone_different): phones on both sides are in ~1 % of the examples (Locu's, the Overture pairs'), too
 * few for the trees to weigh a shared number (Locu: a shared phone and address at p = 0.01). Each kind
 * gets one L2 logistic weight per contact feature, fitted on the examples where one of them is set
 * with the trees' out-of-fold log-odds as the offset, before the thresholds are chosen. Cross-fitted
 * Locu F1 0.977 → 0.983; Geo-ER has no phones (docs/quality.md).
 */
import { FEATURE_NAMES } from "../../src/reference/match/features.js";
import {
  type MatchKind,
  type MatchModel,
  type MatchModelPart,
  matchModelFrom,
} from "../../src/reference/match/match-model.js";
import { type BoostingOptions, fitBoosting } from "./boosting.js";
import { type Half, halfOf, type MatchSet } from "./datasets.js";
import {
  predictionsAt,
  type RankedJob,
  referenceDuplicateKeys,
  type Score,
  scorePredictions,
} from "./harness.js";
import { fitLogistic, fitOffsetLogistic } from "./logistic.js";

/** A development set with its ranked jobs (the set's pairs and jobs may be a subset: see `halfSet`). */
export interface RankedSet {
  set: MatchSet;
  ranked: RankedJob[];
}

export interface FitOptions {
  model: "trees" | "logistic";
  /** Logistic L2 penalty. */
  lambda: number;
  /** Example weight ∝ (mean set size / set size)^balance (0: every example 1; 1: every set alike). */
  balance: number;
  boosting: BoostingOptions;
  /** Weight of a candidate whose pair with the job is not labeled in a pair set (counted as 0). */
  unlabeledWeight: number;
  /** Features held at 0 in the fit (no split uses them): trying the model without them. */
  drop: readonly string[];
  /** Features given contact weights after the trees (match-model.ts TreesPart.contactWeights). */
  contact: readonly string[];
  /** L2 penalty of the contact weights. */
  contactLambda: number;
}

export interface FitResult {
  parts: Record<MatchKind, MatchModelPart>;
  /** Mean F1 over each kind's fitting sets at its threshold (out-of-fold). */
  thresholdF1: Record<MatchKind, number>;
  /** Each fitting set's out-of-fold figures at the chosen thresholds. */
  outOfFold: Record<string, Score>;
  examples: Record<MatchKind, number>;
}

const KINDS: readonly MatchKind[] = ["near", "name"];

interface Example {
  x: number[];
  y: number;
  fold: Half;
  set: string;
  /** The pair is labeled (always, for a gold set: every pair not listed is a non-match). */
  labeled: boolean;
}

/** The jobs of one half of a set (by a hash of set name and job id), with their pairs; same reference. */
export function halfSet(rs: RankedSet, half: Half): RankedSet {
  const inHalf = (jobId: string) => halfOf(`half:${rs.set.name}:${jobId}`) === half;
  const name = `${rs.set.name} half ${half}`;
  return {
    set: {
      ...rs.set,
      name,
      jobs: rs.set.jobs.filter((j) => inHalf(j.id)),
      pairs: rs.set.pairs.filter((p) => inHalf(p.jobId)),
    },
    ranked: rs.ranked.filter((r) => inHalf(r.jobId)),
  };
}

/** The ranked jobs re-scored by `model`, each job's candidates most probable first (copies). */
export function rescored(ranked: readonly RankedJob[], model: MatchModel): RankedJob[] {
  return ranked.map((r) => ({
    ...r,
    candidates: r.candidates
      .map((c) => ({ ...c, probability: model.probability(c.features, r.kind) }))
      .sort((a, b) => b.probability - a.probability),
  }));
}

/** The set's figures with `model` at its thresholds. */
export function scoreWith(rs: RankedSet, model: MatchModel): Score {
  return scorePredictions(
    rs.set,
    predictionsAt(
      rescored(rs.ranked, model),
      model.threshold,
      model.duplicateThreshold,
      referenceDuplicateKeys(rs.set),
    ),
  );
}

function modelOf(parts: Record<MatchKind, MatchModelPart>): MatchModel {
  return matchModelFrom({ features: [...FEATURE_NAMES], models: parts, training: {} });
}

export function fitMatchModel(sets: readonly RankedSet[], options: FitOptions): FitResult {
  const examples: Record<MatchKind, Example[]> = { near: [], name: [] };
  const dropped = options.drop.map((name) => {
    const i = (FEATURE_NAMES as readonly string[]).indexOf(name);
    if (i < 0) throw new Error(`--drop ${name}: no such feature`);
    return i;
  });
  const vector = (x: number[]) => {
    if (dropped.length === 0) return x;
    const copy = x.slice();
    for (const i of dropped) copy[i] = 0;
    return copy;
  };
  for (const { set, ranked } of sets) {
    const positives = new Set(set.pairs.filter((p) => p.label === 1).map((p) => `${p.jobId}\t${p.refId}`));
    const labeled = new Set(set.pairs.map((p) => `${p.jobId}\t${p.refId}`));
    for (const r of ranked) {
      const fold = halfOf(`fold:${r.jobId}`);
      for (const c of r.candidates)
        examples[r.kind].push({
          x: vector(c.features),
          y: positives.has(`${r.jobId}\t${c.refId}`) ? 1 : 0,
          fold,
          set: set.name,
          labeled: set.scoring === "gold" || labeled.has(`${r.jobId}\t${c.refId}`),
        });
    }
  }
  const balanced = (list: readonly Example[]): number[] => {
    const sizes = new Map<string, number>();
    for (const e of list) sizes.set(e.set, (sizes.get(e.set) ?? 0) + 1);
    const mean = list.length / sizes.size;
    return list.map(
      (e) => (mean / sizes.get(e.set)!) ** options.balance * (e.labeled ? 1 : options.unlabeledWeight),
    );
  };
  const fitPart = (list: readonly Example[]): MatchModelPart => {
    const x = list.map((e) => e.x);
    const y = list.map((e) => e.y);
    if (options.model === "logistic") {
      const fit = fitLogistic(x, y, options.lambda);
      return { mean: fit.mean, scale: fit.scale, weights: fit.weights, bias: fit.bias, threshold: 0.5 };
    }
    return {
      type: "trees",
      threshold: 0.5,
      ...fitBoosting(
        x,
        y,
        options.boosting,
        options.balance > 0 || options.unlabeledWeight !== 1 ? balanced(list) : undefined,
      ),
    };
  };

  // Each kind fitted on one fold (for the other fold's out-of-fold probabilities), then on all.
  const parts = {} as Record<MatchKind, MatchModelPart>;
  const foldParts: Record<Half, Record<MatchKind, MatchModelPart>> = { A: {} as never, B: {} as never };
  for (const kind of KINDS) {
    for (const held of ["A", "B"] as const)
      foldParts[held][kind] = fitPart(examples[kind].filter((e) => e.fold !== held));
    parts[kind] = fitPart(examples[kind]);
  }
  if (options.contact.length > 0) {
    // Contact weights (match-model.ts): fitted per kind on the examples where one of the contact
    // features is set, with the trees' out-of-fold log-odds as the offset; every part gets them.
    const treeFolds: Record<Half, MatchModel> = { A: modelOf(foldParts.A), B: modelOf(foldParts.B) };
    const columns = options.contact.map((name) => {
      const i = (FEATURE_NAMES as readonly string[]).indexOf(name);
      if (i < 0) throw new Error(`--contact ${name}: no such feature`);
      return i;
    });
    for (const kind of KINDS) {
      const all = examples[kind];
      const weights = balanced(all);
      const chosen = all.flatMap((e, i) => (columns.some((c) => e.x[c] !== 0) ? [i] : []));
      if (chosen.length < 50) continue;
      const logit = (e: Example) => {
        const p = Math.min(Math.max(treeFolds[e.fold].probability(e.x, kind), 1e-9), 1 - 1e-9);
        return Math.log(p / (1 - p));
      };
      const w = fitOffsetLogistic(
        chosen.map((i) => logit(all[i]!)),
        chosen.map((i) => columns.map((c) => all[i]!.x[c]!)),
        chosen.map((i) => all[i]!.y),
        chosen.map((i) => weights[i]!),
        options.contactLambda,
      );
      const contactWeights = Object.fromEntries(
        options.contact.map((name, j) => [name, Math.round(w[j]! * 1e4) / 1e4]),
      );
      for (const target of [parts, foldParts.A, foldParts.B]) target[kind].contactWeights = contactWeights;
    }
  }
  const foldModels: Record<Half, MatchModel> = { A: modelOf(foldParts.A), B: modelOf(foldParts.B) };

  // Out-of-fold probabilities: each job scored by the model fitted without its fold (a boosted
  // ensemble is over-confident on its own training examples).
  const oof: RankedSet[] = sets.map(({ set, ranked }) => ({
    set,
    ranked: ranked.map((r) => rescored([r], foldModels[halfOf(`fold:${r.jobId}`)])[0]!),
  }));
  const thresholdF1 = {} as Record<MatchKind, number>;
  for (const kind of KINDS) {
    // Each set restricted to its jobs of this kind (Locu has a few jobs without coordinates).
    const ofKind = oof
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
            predictionsAt(ranked, () => t, undefined, referenceDuplicateKeys(set)),
          ).f1,
      );
      const meanF1 = f1s.reduce((a, b) => a + b, 0) / f1s.length;
      if (meanF1 > best.meanF1 + 1e-12) best = { threshold: Math.round(t * 1000) / 1000, meanF1 };
    }
    parts[kind].threshold = best.threshold;
    // Then the duplicate threshold, at that threshold: from none down to the threshold itself, a lower
    // one only when it raises the mean F1 (ties keep the higher, i.e. fewer duplicates reported).
    const t = best.threshold;
    let duplicates = { threshold: Number.POSITIVE_INFINITY, meanF1: best.meanF1 };
    for (let d = 0.95; d >= t - 1e-9; d -= 0.025) {
      const f1s = ofKind.map(
        ({ set, ranked }) =>
          scorePredictions(
            set,
            predictionsAt(
              ranked,
              () => t,
              () => d,
              referenceDuplicateKeys(set),
            ),
          ).f1,
      );
      const meanF1 = f1s.reduce((a, b) => a + b, 0) / f1s.length;
      if (meanF1 > duplicates.meanF1 + 1e-12) duplicates = { threshold: Math.round(d * 1000) / 1000, meanF1 };
    }
    if (Number.isFinite(duplicates.threshold)) parts[kind].duplicateThreshold = duplicates.threshold;
    else delete parts[kind].duplicateThreshold;
    thresholdF1[kind] = Math.round(duplicates.meanF1 * 10000) / 10000;
  }
  const outOfFold: Record<string, Score> = {};
  for (const { set, ranked } of oof)
    outOfFold[set.name] = scorePredictions(
      set,
      predictionsAt(
        ranked,
        (k) => parts[k].threshold,
        (k) => parts[k].duplicateThreshold ?? Number.POSITIVE_INFINITY,
        referenceDuplicateKeys(set),
      ),
    );
  return {
    parts,
    thresholdF1,
    outOfFold,
    examples: { near: examples.near.length, name: examples.name.length },
  };
}
