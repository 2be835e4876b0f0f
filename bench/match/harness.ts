/**
 * What the fit and eval scripts share: load a set's reference through the real import (a JSONL file,
 * `importReference`, a real store), turn its jobs into match queries the way the service does
 * (preparePlace → matchQueryOf), rank candidates with the real matcher in chunks of 100 jobs (one
 * claimed batch), and score predictions against the labels, beside the baseline rule.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { haversineMetres } from "../../src/enrich/normalize/coordinates.js";
import { preparePlace } from "../../src/enrich/prepare.js";
import { buildRecord } from "../../src/reference/build-record.js";
import { flatDraft } from "../../src/reference/formats/flat.js";
import { importReference } from "../../src/reference/importer.js";
import { mayBeSamePlace } from "../../src/reference/match/duplicates.js";
import type { MatchQuery } from "../../src/reference/match/features.js";
import { locationVerdict, otherRegion, type Region, tied } from "../../src/reference/match/location-check.js";
import { type MatchKeys, nameKey, recordKeys } from "../../src/reference/match/match-keys.js";
import type { MatchKind, MatchModel } from "../../src/reference/match/match-model.js";
import { matchQueryOf } from "../../src/reference/match/match-query.js";
import {
  DEFAULT_MATCHER_SETTINGS,
  kindOf,
  type MatcherSettings,
  ReferenceMatcher,
} from "../../src/reference/match/matcher.js";
import { jw } from "../../src/reference/match/similarity.js";
import { openReferenceStore } from "../../src/reference/store/open-reference-store.js";
import type { ReferenceStore } from "../../src/reference/store/port.js";
import type { MatchSet } from "./datasets.js";

export const CHUNK = 100;

export async function loadReference(
  set: MatchSet,
  dir: string,
  databaseUrl?: string,
): Promise<{ store: ReferenceStore; seconds: number }> {
  const file = join(dir, `${set.name.replace(/\W+/g, "-")}.jsonl`);
  writeFileSync(file, `${set.reference.map((r) => JSON.stringify(r)).join("\n")}\n`);
  const store = openReferenceStore(databaseUrl ?? join(dir, `${set.name.replace(/\W+/g, "-")}.db`));
  await store.migrate();
  const report = await importReference(store, { file, source: "eval", format: "jsonl", now: Date.now() });
  return { store, seconds: report.seconds };
}

export function queriesOf(set: MatchSet): Array<MatchQuery | null> {
  return set.jobs.map((j) => matchQueryOf(preparePlace(j.id, j.inputs)));
}

export interface RankedJob {
  jobId: string;
  kind: MatchKind;
  /** The job's match keys, country and state (the location check of jobs without coordinates); absent in old caches. */
  keys?: MatchKeys | null;
  region?: Region | null;
  candidates: Array<{ refId: string; probability: number; features: number[] }>;
}

export async function rankSet(
  set: MatchSet,
  store: ReferenceStore,
  model: MatchModel,
  settings: MatcherSettings = DEFAULT_MATCHER_SETTINGS,
): Promise<{ ranked: RankedJob[]; seconds: number }> {
  const matcher = new ReferenceMatcher(store, model, settings);
  const queries = queriesOf(set);
  const out: RankedJob[] = [];
  const start = performance.now();
  for (let i = 0; i < queries.length; i += CHUNK) {
    const chunk = queries.slice(i, i + CHUNK);
    const { ranked } = await matcher.rank(chunk);
    const records = await store.getRecords(ranked.flatMap((l) => l.map((c) => c.candidate.pk)));
    ranked.forEach((list, j) => {
      const q = chunk[j];
      out.push({
        jobId: set.jobs[i + j]!.id,
        kind: q ? kindOf(q) : "name",
        keys: q ? q.keys : null,
        region: q?.region ?? null,
        candidates: list.map((c) => ({
          refId: records.get(c.candidate.pk)!.id,
          probability: c.probability,
          features: c.features,
        })),
      });
    });
  }
  return { ranked: out, seconds: (performance.now() - start) / 1000 };
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 of counts (0 where undefined). */
export function score(tp: number, fp: number, fn: number): Score {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

/**
 * `predicted`: job id → the reference ids the service matched it with: the match, then the records of
 * the same source it reported as duplicates of it (absent / empty: no match).
 */
export function scorePredictions(set: MatchSet, predicted: ReadonlyMap<string, readonly string[]>): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  if (set.scoring === "pairs") {
    for (const p of set.pairs) {
      const hit = predicted.get(p.jobId)?.includes(p.refId) ?? false;
      if (hit && p.label === 1) tp++;
      else if (hit) fp++;
      else if (p.label === 1) fn++;
    }
    return score(tp, fp, fn);
  }
  const gold = new Set(set.pairs.map((p) => `${p.jobId}\t${p.refId}`));
  for (const [jobId, refIds] of predicted) {
    for (const refId of refIds) {
      if (gold.has(`${jobId}\t${refId}`)) tp++;
      else fp++;
    }
  }
  fn = gold.size - tp;
  return score(tp, fp, fn);
}

/**
 * What ReferenceMatcher.match answers for one source: each job's most probable candidate when it
 * reaches the threshold of the job's kind (for a job without coordinates: the most probable its address
 * does not place elsewhere, location-check.ts), then the other candidates reaching the duplicate threshold
 * (none when the model has none).
 */
export function predictionsAt(
  ranked: readonly RankedJob[],
  threshold: (kind: MatchKind) => number,
  duplicateThreshold: (kind: MatchKind) => number = () => Number.POSITIVE_INFINITY,
  keys: ReadonlyMap<string, RecordKeys> = new Map(),
): Map<string, string[]> {
  const sameParts = (a: string, b: string) => {
    const ka = keys.get(a);
    const kb = keys.get(b);
    return ka === undefined || kb === undefined || mayBeSamePlace(ka, kb);
  };
  // A job without coordinates takes no record its address places elsewhere (ReferenceMatcher.match).
  const placed = (r: RankedJob, refId: string) => {
    const k = keys.get(refId);
    if (r.kind !== "name" || !r.keys || k === undefined || tied(r.keys, k)) return true;
    return locationVerdict(r.keys, k) === "unsure" && otherRegion(r.region ?? undefined, k.region) === null;
  };
  return new Map(
    ranked.map((r) => {
      const [best, ...rest] = r.candidates.filter(
        (c) => c.probability >= threshold(r.kind) && placed(r, c.refId),
      );
      if (!best) return [r.jobId, []];
      const duplicate = Math.max(threshold(r.kind), duplicateThreshold(r.kind));
      const duplicates = rest.filter((c) => c.probability >= duplicate && sameParts(best.refId, c.refId));
      return [r.jobId, [best.refId, ...duplicates.map((c) => c.refId)]];
    }),
  );
}

/** A reference record's keys and the country and state its address names. */
export type RecordKeys = MatchKeys & { region: Region | null };

const duplicateKeys = new WeakMap<MatchSet["reference"], Map<string, RecordKeys>>();

/**
 * Each reference record's keys, by id, as the import stores them (the JSONL rows through the
 * importer's own record building): what ReferenceMatcher compares a match and its duplicates by.
 * Built once per reference list (halves and thresholds share it).
 */
export function referenceDuplicateKeys(set: MatchSet): ReadonlyMap<string, RecordKeys> {
  const known = duplicateKeys.get(set.reference);
  if (known) return known;
  const out = new Map<string, RecordKeys>();
  for (const row of set.reference) {
    const built = buildRecord(flatDraft(row as Record<string, unknown>, true));
    if ("record" in built) {
      const a = built.record.address;
      out.set(String(row.id), {
        ...recordKeys(built.record),
        region: a ? { country: a.country, state: a.state } : null,
      });
    }
  }
  duplicateKeys.set(set.reference, out);
  return out;
}

/**
 * The baseline rule of the issue: name Jaro-Winkler ≥ 0.8 and distance ≤ 200 m (distance not checked
 * when a side has no coordinates: the Overture pairs). Pair sets: applied to each labeled pair. Gold
 * sets: each job takes the reference record with the best name Jaro-Winkler among those passing.
 */
export function baselinePredictions(set: MatchSet): Map<string, string | null> {
  const refs = new Map(set.reference.map((r) => [String(r.id), r]));
  const passes = (job: MatchSet["jobs"][number], ref: Record<string, unknown>): number => {
    const sim = jw(nameKey(job.inputs.name), nameKey(String(ref.name ?? "")));
    if (sim < 0.8) return -1;
    const lat = job.inputs.latitude;
    const lng = job.inputs.longitude;
    if (
      typeof lat === "number" &&
      typeof lng === "number" &&
      typeof ref.latitude === "number" &&
      typeof ref.longitude === "number"
    ) {
      if (haversineMetres({ lat, lng }, { lat: ref.latitude, lng: ref.longitude as number }) > 200) return -1;
    }
    return sim;
  };
  const jobs = new Map(set.jobs.map((j) => [j.id, j]));
  const predicted = new Map<string, string | null>();
  if (set.scoring === "pairs") {
    // Pairwise: a labeled pair is predicted when the rule holds; several pairs of a job may hold.
    for (const p of set.pairs) {
      const job = jobs.get(p.jobId)!;
      if (passes(job, refs.get(p.refId)!) >= 0) predicted.set(`${p.jobId}\t${p.refId}`, p.refId);
    }
    return predicted;
  }
  for (const job of set.jobs) {
    let best: string | null = null;
    let bestSim = -1;
    for (const [id, ref] of refs) {
      const s = passes(job, ref);
      if (s > bestSim) {
        bestSim = s;
        best = id;
      }
    }
    predicted.set(job.id, bestSim >= 0 ? best : null);
  }
  return predicted;
}

/** Scores baseline predictions (pair sets key them by "job\tref"). */
export function scoreBaseline(set: MatchSet): Score {
  const predicted = baselinePredictions(set);
  if (set.scoring === "gold")
    return scorePredictions(
      set,
      new Map([...predicted].map(([jobId, refId]) => [jobId, refId === null ? [] : [refId]])),
    );
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of set.pairs) {
    const hit = predicted.has(`${p.jobId}\t${p.refId}`);
    if (hit && p.label === 1) tp++;
    else if (hit) fp++;
    else if (p.label === 1) fn++;
  }
  return score(tp, fp, fn);
}
