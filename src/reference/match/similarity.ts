/**
 * String similarities of the matcher, on match keys (ASCII, lower case, words separated by spaces).
 * Jaro-Winkler from `@skyra/jaro-winkler`; `fastest-levenshtein` for the normalized edit similarity;
 * trigram Jaccard and the IDF-weighted token overlap are small enough to keep here. These were the
 * best measured in the issue; `string-similarity` (deprecated), `natural` and `talisman` are avoided.
 */
import { jaroWinkler } from "@skyra/jaro-winkler";
import { distance } from "fastest-levenshtein";

export function jw(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a === b) return 1;
  return jaroWinkler(a, b);
}

/** 1 − Levenshtein distance / longer length. */
export function editSimilarity(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 0 : 1 - distance(a, b) / n;
}

/** The character trigrams of a name key (spaces removed, padded); see trigramJaccard. */
export function trigrams(s: string): Set<string> {
  const padded = `  ${s.replace(/ /g, "")} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

/** Jaccard similarity of the character trigrams (spaces removed, so "mc donalds" ≈ "mcdonalds"). */
export function trigramJaccard(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  return trigramSetsJaccard(trigrams(a), trigrams(b));
}

/**
 * trigramJaccard of two names' trigram sets (`trigrams`), for a side computed once (the job's, for
 * its top K). Both names must be non-empty.
 */
export function trigramSetsJaccard(ta: ReadonlySet<string>, tb: ReadonlySet<string>): number {
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return common / (ta.size + tb.size - common);
}

/** Weight of a token: its inverse document frequency in the reference (rare words say more). */
export type TokenWeight = (token: string) => number;

export interface TokenOverlap {
  /** Weighted Dice: 2·w(common) / (w(a) + w(b)), 0..1. */
  dice: number;
  /** Weighted share of the lighter side's tokens found in the other: 1 when one name contains the other. */
  containment: number;
  /** Weighted share of `a`'s tokens not found in `b`, and of `b`'s not found in `a`. */
  missingA: number;
  missingB: number;
}

/** A name's tokens with their weights and the weights' sum (in token order), computed once per job. */
export interface WeightedTokens {
  tokens: readonly string[];
  weights: readonly number[];
  total: number;
}

export function weighTokens(tokens: readonly string[], weight: TokenWeight): WeightedTokens {
  const weights = tokens.map((t) => weight(t));
  let total = 0;
  for (const w of weights) total += w;
  return { tokens, weights, total };
}

/**
 * Token overlap with fuzzy token equality: equal, or one a prefix of the other with at least 4
 * letters ("intl" / "international" no, "pharm" / "pharmacy" yes), or numbers equal.
 */
export function tokenOverlap(a: readonly string[], b: readonly string[], weight: TokenWeight): TokenOverlap {
  return weighedOverlap(weighTokens(a, weight), b, weight);
}

/**
 * tokenOverlap with `a` already weighed (the job's side, the same for each of its ~287 candidates):
 * the same figures, without weighing the job's words again per candidate.
 */
export function weighedOverlap(a: WeightedTokens, b: readonly string[], weight: TokenWeight): TokenOverlap {
  const at = a.tokens;
  if (at.length === 0 || b.length === 0) return { dice: 0, containment: 0, missingA: 1, missingB: 1 };
  const wa = a.total;
  let wb = 0;
  let commonA = 0;
  let commonB = 0;
  // Which of b's tokens are taken: a bit each (names have far fewer than 32 words), a Set beyond.
  let usedMask = 0;
  const usedSet = b.length > 31 ? new Set<number>() : null;
  for (const t of b) wb += weight(t);
  for (let i = 0; i < at.length; i++) {
    const t = at[i]!;
    let hit = -1;
    for (let j = 0; j < b.length; j++) {
      if (usedSet ? usedSet.has(j) : (usedMask & (1 << j)) !== 0) continue;
      const u = b[j]!;
      if (u === t || (t.length >= 4 && u.length >= 4 && (u.startsWith(t) || t.startsWith(u)))) {
        hit = j;
        break;
      }
    }
    if (hit >= 0) {
      if (usedSet) usedSet.add(hit);
      else usedMask |= 1 << hit;
      commonA += a.weights[i]!;
      commonB += weight(b[hit]!);
    }
  }
  const dice = wa + wb > 0 ? (commonA + commonB) / (wa + wb) : 0;
  const containment = Math.min(wa, wb) > 0 ? Math.min(1, Math.max(commonA / wa, commonB / wb)) : 0;
  return {
    dice,
    containment,
    missingA: wa > 0 ? 1 - commonA / wa : 1,
    missingB: wb > 0 ? 1 - commonB / wb : 1,
  };
}

/**
 * An acronym of one name spelled out in the other: a token of 2–6 letters equal to the initials of
 * consecutive words of the other name ("agh" ~ "allegheny general hospital", "ntu hall" ~ "nanyang
 * technological university hall"). Symmetric.
 */
export function acronymMatch(a: readonly string[], b: readonly string[]): boolean {
  return spellsOut(a, b) || spellsOut(b, a);
}

function spellsOut(short: readonly string[], long: readonly string[]): boolean {
  for (const t of short) {
    if (t.length < 2 || t.length > 6 || !/^[a-z]+$/.test(t)) continue;
    for (let i = 0; i + t.length <= long.length; i++) {
      let ok = true;
      for (let j = 0; j < t.length && ok; j++) ok = long[i + j]![0] === t[j];
      if (ok) return true;
    }
  }
  return false;
}
