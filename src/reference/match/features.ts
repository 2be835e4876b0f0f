/**
 * The matcher's features for one (job, candidate) pair: what the calibrated model weighs. Two passes:
 * `cheapScore` ranks every candidate from stored keys only (IDF token overlap, phone, domain, distance);
 * `pairFeatures` adds the costly string similarities and is computed for the top K only.
 *
 * Missing values are neither agreement nor disagreement: each comparison has an "equal" and a
 * "different" indicator, both 0 when either side lacks the value (Fellegi–Sunter style).
 */

import { lookupTable } from "../../lookup-table.js";
import type { ReferenceCandidate } from "../store/port.js";
import type { Region } from "./location-check.js";
import type { MatchKeys } from "./match-keys.js";
import {
  acronymMatch,
  jw,
  type TokenWeight,
  trigramSetsJaccard,
  trigrams,
  type WeightedTokens,
  weighedOverlap,
  weighTokens,
} from "./similarity.js";
import { extraSubPlaceWords } from "./sub-places.js";

export interface MatchQuery {
  latitude: number | null;
  longitude: number | null;
  keys: MatchKeys;
  tokens: string[];
  /** The country and state the job's address names (location-check.ts otherRegion), when known. */
  region?: Region;
}

export const FEATURE_NAMES = [
  "name_jw",
  "name_dice",
  "name_contained",
  "name_trigram",
  "name_exact",
  "name_best_margin",
  "log_distance",
  "has_distance",
  "phone_equal",
  "phone_different",
  "domain_equal",
  "domain_different",
  "house_equal",
  "house_different",
  "street_jw",
  "postcode_equal",
  "postcode_different",
  "city_equal",
  "category_equal",
  "log_candidates",
  "name_max",
  "number_conflict",
  "number_agree",
  "within_25m",
  "within_75m",
  "beyond_150m",
  "dice_x_closeness",
  "jw_x_closeness",
  "dice_x_address",
  "top_cheap",
  "name_missing_job",
  "name_missing_candidate",
  "jw_margin",
  "trigram_margin",
  "farther_than_nearest",
  "cheap_rank",
  "job_name_rarity",
  "subplace_extra_candidate",
  "subplace_extra_job",
  "acronym",
  "same_name_as_job",
  "same_name_nearer",
  "phone_unique",
] as const;

/** Features comparing a candidate with the other top-K candidates (appended by `withMargins`). */
const MARGIN_OF: ReadonlyArray<[FeatureName, FeatureName]> = [
  ["jw_margin", "name_jw"],
  ["trigram_margin", "name_trigram"],
];

export type FeatureName = (typeof FEATURE_NAMES)[number];

export interface ScoredCandidate {
  candidate: ReferenceCandidate;
  distanceM: number | null;
  dice: number;
  containment: number;
  missingJob: number;
  missingCandidate: number;
  cheap: number;
}

const RAD = Math.PI / 180;

/** Great-circle distance in metres (the haversine of enrich/normalize/coordinates.ts, without objects). */
export function metres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function distanceOf(q: MatchQuery, c: ReferenceCandidate): number | null {
  if (q.latitude === null || q.longitude === null || c.latitude === null || c.longitude === null) return null;
  return metres(q.latitude, q.longitude, c.latitude, c.longitude);
}

/** Whether the two lists have an element in common (phone numbers: a few each). */
export function shares(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/**
 * What a name word must share with another to count as equal in `tokenOverlap`: the word itself
 * below 4 letters, else its first 4 (equal words and 4+-letter prefixes of each other agree on them).
 */
function wordStem(t: string): string {
  return t.length >= 4 ? t.slice(0, 4) : t;
}

/**
 * Whether `nameKey` may share a word with the job (a word starting with one of `stems`, whole when
 * the stem is under 4 letters). False means it surely shares none: its overlap is 0, and the pass
 * skips splitting and weighing its words (most of a dense centre's candidates).
 */
export function mayShareWord(nameKey: string, stems: readonly string[]): boolean {
  for (const stem of stems) {
    let at = nameKey.indexOf(stem);
    while (at >= 0) {
      const starts = at === 0 || nameKey.charCodeAt(at - 1) === 32;
      const end = at + stem.length;
      const whole = stem.length >= 4 || end === nameKey.length || nameKey.charCodeAt(end) === 32;
      if (starts && whole) return true;
      at = nameKey.indexOf(stem, at + 1);
    }
  }
  return false;
}

/** The job's word stems (see mayShareWord), computed once per job. */
export function jobStems(q: MatchQuery): string[] {
  return [...new Set(q.tokens.map(wordStem))];
}

/** What cheapScore needs of the job, computed once for all its candidates (`jobSide`). */
export interface JobSide {
  stems: string[];
  tokens: WeightedTokens;
  /** cos(latitude) of the job (null without coordinates): the same factor for every candidate's distance. */
  cosLat: number | null;
}

export function jobSide(q: MatchQuery, weight: TokenWeight): JobSide {
  return {
    stems: jobStems(q),
    tokens: weighTokens(q.tokens, weight),
    cosLat: q.latitude === null ? null : Math.cos(q.latitude * RAD),
  };
}

const NO_OVERLAP = { dice: 0, containment: 0, missingA: 1, missingB: 1 };

/**
 * First pass over every candidate: stored keys only, no costly string comparison. `job`: the job's
 * side (jobSide), passed by callers scoring many candidates of one job.
 */
export function cheapScore(
  q: MatchQuery,
  c: ReferenceCandidate,
  weight: TokenWeight,
  job: JobSide = jobSide(q, weight),
): ScoredCandidate {
  let distanceM: number | null = null;
  if (job.cosLat !== null && q.longitude !== null && c.latitude !== null && c.longitude !== null) {
    // metres() with the job's cosine computed once: the same operations on the same values.
    const lat1 = q.latitude!;
    const dLat = (c.latitude - lat1) * RAD;
    const dLon = (c.longitude - q.longitude) * RAD;
    const h = Math.sin(dLat / 2) ** 2 + job.cosLat * Math.cos(c.latitude * RAD) * Math.sin(dLon / 2) ** 2;
    distanceM = 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  const { dice, containment, missingA, missingB } = mayShareWord(c.nameKey, job.stems)
    ? weighedOverlap(job.tokens, c.nameKey.split(" "), weight)
    : NO_OVERLAP;
  let cheap = dice + 0.5 * containment;
  if (q.keys.phones.length > 0 && c.phones.length > 0 && shares(q.keys.phones, c.phones)) cheap += 1;
  if (q.keys.domain && q.keys.domain === c.domain) cheap += 0.5;
  if (q.keys.house && q.keys.house === c.house) cheap += 0.3;
  if (distanceM !== null) cheap -= Math.min(1, distanceM / 500) * 0.5;
  return {
    candidate: c,
    distanceM,
    dice,
    containment,
    missingJob: missingA,
    missingCandidate: missingB,
    cheap,
  };
}

function both<T>(a: T | null, b: T | null): boolean {
  return a !== null && b !== null;
}

const ROMAN: Readonly<Record<string, string>> = lookupTable({
  ii: "2",
  iii: "3",
  iv: "4",
  vi: "6",
  vii: "7",
  viii: "8",
  ix: "9",
  xi: "11",
  xii: "12",
});

/**
 * Numbers in a name ("blk 136", "hall 8", "camp 2"): different numbers mean different places. Roman
 * numerals count as their value ("Kranji Camp II" ~ "Kranji Camp 2"); "i", "v" and "x" only as the
 * last word ("Lim Chu Kang Camp I"), where they are seldom a word.
 */
export function nameNumbers(tokens: readonly string[]): string[] {
  const out: string[] = [];
  tokens.forEach((t, i) => {
    if (/\d/.test(t)) out.push(t);
    else if (ROMAN[t]) out.push(ROMAN[t]);
    else if (i === tokens.length - 1 && i > 0 && (t === "i" || t === "v" || t === "x"))
      out.push(t === "i" ? "1" : t === "v" ? "5" : "10");
  });
  return out;
}

/** What a candidate's features need to know of the job's other candidates (see `candidateContexts`). */
export interface CandidateContext {
  /** The highest name overlap (dice) among the other candidates: a rival as good is a warning. */
  bestOtherDice: number;
  candidateCount: number;
  /** 0 for the best cheap score. */
  cheapRank: number;
  /** The job's rarest name word's weight over the weight of a word in one record (0..1]: 1 = unique. */
  jobRarity: number;
  /** Candidates (all, not only the top K) whose name key is the job's. */
  sameNameAsJob: number;
  /** Candidates with this candidate's name key that are nearer to the job than it (0: the nearest). */
  sameNameNearer: number;
  /**
   * Candidates (all, not only the top K) carrying one of the job's phone numbers; for a job with
   * coordinates the matcher sets the places they are instead (matcher.ts phoneSites, before its cut).
   */
  phoneSharers: number;
}

/**
 * A phone number on more of a job's candidates than this does not tell them apart (a chain's line,
 * a mall's or a hotel's switchboard, two branches sharing a number). For a job with coordinates the
 * matcher counts places (matcher.ts phoneSites: records within 100 m of one another, a place listed
 * twice, count once). Such a number gets no `phone_unique`, whose contact weight (match-model.ts) is
 * for a number that names one place. For a job with coordinates it is no evidence at all (phone
 * features 0): distance tells the branches apart. With it as `phone_equal`, a job 170 m from one
 * "Joe's Pizza" was matched to its twin 330 m away (0.954 against 0.931: the trees weigh distance
 * weakly past 150 m). For a job without coordinates it stays `phone_equal`: it narrows the
 * candidates to the chain (Overture pairs, all without coordinates: 44 of the 67 labeled pairs
 * sharing a number on 3+ base records are matches; without it F1 0.872 → 0.867).
 */
export const MAX_PHONE_SHARERS = 1;

/**
 * Beyond this distance (metres) a shared number is no evidence: a New York job took a London record
 * carrying its number at 0.995 (break-it trial). Far enough for records whose coordinates are off by
 * a geocoding error: Locu's gold pair "Sally's West Indian Cuisine Restaurant" ~ "Chen Jin Diao
 * Restaurant" (same number and door) lies 17.9 km apart by its coordinates.
 */
export const PHONE_EVIDENCE_MAX_M = 25_000;

/**
 * Contexts of `top` (the best of `scored` by cheap score, best first: `topByCheap`), one pass over
 * all of `scored` (in any order). `rare`: the weight of a token in a single record (ln(1 + N)).
 */
export function candidateContexts(
  q: MatchQuery,
  top: readonly ScoredCandidate[],
  scored: readonly ScoredCandidate[],
  weight: TokenWeight,
  rare: number,
): CandidateContext[] {
  let jobMax = 0;
  for (const t of q.tokens) jobMax = Math.max(jobMax, weight(t));
  // The highest dice, its first holder, and the highest among all the others: a candidate's best
  // rival is the second when it is the first holder, else the first.
  let sameNameAsJob = 0;
  let phoneSharers = 0;
  let best = 0;
  let bestAt: ScoredCandidate | null = null;
  let second = 0;
  const jobName = q.keys.nameKey;
  const jobPhones = q.keys.phones;
  for (const s of scored) {
    if (s.candidate.nameKey === jobName) sameNameAsJob++;
    if (jobPhones.length > 0 && s.candidate.phones.length > 0 && shares(jobPhones, s.candidate.phones))
      phoneSharers++;
    if (bestAt === null || s.dice > best) {
      if (bestAt !== null) second = Math.max(second, best);
      best = s.dice;
      bestAt = s;
    } else if (s.dice > second) second = s.dice;
  }
  return top.map((sc, rank) => {
    let nearer = 0;
    const d = sc.distanceM;
    if (d !== null) {
      const name = sc.candidate.nameKey;
      // Distance first: a number comparison rules out most candidates before the string one.
      for (const o of scored)
        if (o.distanceM !== null && o.distanceM < d && o.candidate.nameKey === name) nearer++;
    }
    return {
      bestOtherDice: Math.max(0, sc === bestAt ? second : best),
      candidateCount: scored.length,
      cheapRank: rank,
      jobRarity: rare > 0 ? Math.min(1, jobMax / rare) : 0,
      sameNameAsJob,
      sameNameNearer: nearer,
      phoneSharers,
    };
  });
}

/** What pairFeatures needs of the job for each of its top K, computed once (`pairJob`). */
export interface PairJob {
  /** trigrams(nameKey), null for an empty name. */
  trigrams: Set<string> | null;
  numbers: string[];
}

export function pairJob(q: MatchQuery): PairJob {
  return {
    trigrams: q.keys.nameKey.length > 0 ? trigrams(q.keys.nameKey) : null,
    numbers: nameNumbers(q.tokens),
  };
}

/** The feature vector (FEATURE_NAMES order) of one scored candidate; margins are filled by withMargins. */
export function pairFeatures(
  q: MatchQuery,
  s: ScoredCandidate,
  ctx: CandidateContext,
  job: PairJob = pairJob(q),
): number[] {
  const { bestOtherDice, candidateCount } = ctx;
  const topCheap = ctx.cheapRank === 0;
  const c = s.candidate;
  const k = q.keys;
  const a = k.nameKey;
  const b = c.nameKey;
  const sharedLine = ctx.phoneSharers > MAX_PHONE_SHARERS;
  // A shared line is no phone evidence for a job with coordinates (MAX_PHONE_SHARERS), nor a number
  // on a record too far away to be the same place (PHONE_EVIDENCE_MAX_M).
  const phoneBoth =
    k.phones.length > 0 &&
    c.phones.length > 0 &&
    !(sharedLine && q.latitude !== null && q.longitude !== null) &&
    !(s.distanceM !== null && s.distanceM > PHONE_EVIDENCE_MAX_M);
  const phoneEq = phoneBoth && shares(k.phones, c.phones);
  const domainBoth = both(k.domain, c.domain);
  const houseBoth = both(k.house, c.house);
  const postBoth = both(k.postcode, c.postcode);
  const nameJw = jw(a, b);
  const trigram = job.trigrams !== null && b.length > 0 ? trigramSetsJaccard(job.trigrams, trigrams(b)) : 0;
  const tokensB = b.length > 0 ? b.split(" ") : [];
  const numsA = job.numbers;
  const numsB = nameNumbers(tokensB);
  const numbersBoth = numsA.length > 0 && numsB.length > 0;
  const numbersShared = numbersBoth && shares(numsA, numsB);
  const d = s.distanceM;
  const closeness = d === null ? 0 : Math.exp(-d / 75);
  const houseEq = houseBoth && k.house === c.house ? 1 : 0;
  const postEq = postBoth && k.postcode === c.postcode ? 1 : 0;
  const cityEq = both(k.cityKey, c.cityKey) && k.cityKey === c.cityKey ? 1 : 0;
  return [
    nameJw,
    s.dice,
    s.containment,
    trigram,
    a === b ? 1 : 0,
    Math.max(-1, Math.min(1, s.dice - bestOtherDice)),
    s.distanceM === null ? 0 : Math.log1p(s.distanceM / 10),
    s.distanceM === null ? 0 : 1,
    phoneEq ? 1 : 0,
    phoneBoth && !phoneEq ? 1 : 0,
    domainBoth && k.domain === c.domain ? 1 : 0,
    domainBoth && k.domain !== c.domain ? 1 : 0,
    houseEq,
    houseBoth && k.house !== c.house ? 1 : 0,
    both(k.streetKey, c.streetKey) ? jw(k.streetKey!, c.streetKey!) : 0,
    postEq,
    postBoth && k.postcode !== c.postcode ? 1 : 0,
    cityEq,
    both(k.category, c.category) && k.category === c.category ? 1 : 0,
    Math.log1p(candidateCount),
    Math.max(nameJw, trigram, s.dice),
    numbersBoth && !numbersShared ? 1 : 0,
    numbersShared ? 1 : 0,
    d !== null && d <= 25 ? 1 : 0,
    d !== null && d > 25 && d <= 75 ? 1 : 0,
    d !== null && d > 150 ? 1 : 0,
    s.dice * closeness,
    nameJw * closeness,
    (s.dice * (houseEq + postEq + cityEq)) / 3,
    topCheap ? 1 : 0,
    s.missingJob,
    s.missingCandidate,
    // Margins: filled by withMargins once every top-K candidate has its features.
    0,
    0,
    0,
    ctx.cheapRank,
    ctx.jobRarity,
    extraSubPlaceWords(tokensB, q.tokens),
    extraSubPlaceWords(q.tokens, tokensB),
    acronymMatch(q.tokens, tokensB) ? 1 : 0,
    Math.log1p(ctx.sameNameAsJob),
    Math.log1p(ctx.sameNameNearer),
    phoneEq && !sharedLine ? 1 : 0,
  ];
}

/**
 * Fills the margin features of the top-K candidates' vectors in place: how much better this candidate's
 * name similarity is than the best other candidate's (a rival as good is a warning; alone, the margin
 * is the similarity itself).
 */
export function withMargins(vectors: number[][]): void {
  for (const [margin, of] of MARGIN_OF) {
    const m = FEATURE_NAMES.indexOf(margin);
    const f = FEATURE_NAMES.indexOf(of);
    vectors.forEach((v, i) => {
      let bestOther = 0;
      vectors.forEach((o, j) => {
        if (j !== i && o[f]! > bestOther) bestOther = o[f]!;
      });
      v[m] = v[f]! - bestOther;
    });
  }
  // How much farther than the nearest top-K candidate (log scale; 0 for the nearest or without distance).
  const d = FEATURE_NAMES.indexOf("log_distance");
  const has = FEATURE_NAMES.indexOf("has_distance");
  const far = FEATURE_NAMES.indexOf("farther_than_nearest");
  let nearest = Number.POSITIVE_INFINITY;
  for (const v of vectors) if (v[has] === 1 && v[d]! < nearest) nearest = v[d]!;
  for (const v of vectors) v[far] = v[has] === 1 ? v[d]! - nearest : 0;
}
