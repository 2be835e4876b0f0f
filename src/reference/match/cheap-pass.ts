/**
 * The cheap pass over one job's candidates without an object per candidate: the scores go to typed
 * arrays reused from job to job, and only the top K become ScoredCandidates. A dense centre gives a
 * job ~287 candidates; a ScoredCandidate each (~30,000 live per chunk of 100 jobs) made the young
 * generation's scavenges copy them, and garbage collection was ~15 % of matching's CPU.
 *
 * Same figures as `cheapScore`, `topByCheap` and `candidateContexts` (features.ts, top-cheap.ts), in
 * the same order: the same operations on the same values (doubles stored unrounded in Float64Array).
 */
import type { ReferenceCandidate } from "../store/port.js";
import {
  type CandidateContext,
  type JobSide,
  type MatchQuery,
  mayShareWord,
  type ScoredCandidate,
} from "./features.js";
import { type TokenWeight, weighedOverlap } from "./similarity.js";

const RAD = Math.PI / 180;

function shares(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/** Reusable per matcher (not per job): one job's scores at a time. */
export class CheapPass {
  private size = 0;
  private n = 0;
  private list: readonly ReferenceCandidate[] = [];
  private cheap = new Float64Array(0);
  private dice = new Float64Array(0);
  private containment = new Float64Array(0);
  private missingJob = new Float64Array(0);
  private missingCandidate = new Float64Array(0);
  /** Distance in metres; NaN when either side has no coordinates (null in ScoredCandidate). */
  private distance = new Float64Array(0);

  private grow(n: number): void {
    if (n <= this.size) return;
    const size = Math.max(n, this.size * 2, 512);
    this.cheap = new Float64Array(size);
    this.dice = new Float64Array(size);
    this.containment = new Float64Array(size);
    this.missingJob = new Float64Array(size);
    this.missingCandidate = new Float64Array(size);
    this.distance = new Float64Array(size);
    this.size = size;
  }

  /** Scores every candidate of `list` for `q` (cheapScore's figures); replaces the previous job's. */
  score(q: MatchQuery, list: readonly ReferenceCandidate[], weight: TokenWeight, job: JobSide): void {
    const n = list.length;
    this.grow(n);
    this.n = n;
    this.list = list;
    const { cheap, dice, containment, missingJob, missingCandidate, distance } = this;
    const phones = q.keys.phones;
    const domain = q.keys.domain;
    const house = q.keys.house;
    const located = job.cosLat !== null && q.longitude !== null;
    for (let j = 0; j < n; j++) {
      const c = list[j]!;
      let d = Number.NaN;
      if (located && c.latitude !== null && c.longitude !== null) {
        const lat1 = q.latitude!;
        const dLat = (c.latitude - lat1) * RAD;
        const dLon = (c.longitude - q.longitude!) * RAD;
        const h =
          Math.sin(dLat / 2) ** 2 + job.cosLat! * Math.cos(c.latitude * RAD) * Math.sin(dLon / 2) ** 2;
        d = 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
      }
      let s: number;
      if (mayShareWord(c.nameKey, job.stems)) {
        const o = weighedOverlap(job.tokens, c.nameKey.split(" "), weight);
        dice[j] = o.dice;
        containment[j] = o.containment;
        missingJob[j] = o.missingA;
        missingCandidate[j] = o.missingB;
        s = o.dice + 0.5 * o.containment;
      } else {
        dice[j] = 0;
        containment[j] = 0;
        missingJob[j] = 1;
        missingCandidate[j] = 1;
        s = 0;
      }
      if (phones.length > 0 && c.phones.length > 0 && shares(phones, c.phones)) s += 1;
      if (domain && domain === c.domain) s += 0.5;
      if (house && house === c.house) s += 0.3;
      if (!Number.isNaN(d)) s -= Math.min(1, d / 500) * 0.5;
      cheap[j] = s;
      distance[j] = d;
    }
  }

  /** Drops the reference to the last job's candidates (so they can be collected). */
  release(): void {
    this.list = [];
    this.n = 0;
  }

  /**
   * The indices of the `k` highest cheap scores, best first, in the order a stable descending sort
   * gives them (topByCheap's order).
   */
  top(k: number): number[] {
    const top: number[] = [];
    if (k <= 0) return top;
    const cheap = this.cheap;
    for (let j = 0; j < this.n; j++) {
      const x = cheap[j]!;
      if (top.length === k && !(x > cheap[top[k - 1]!]!)) continue;
      let at = top.length;
      while (at > 0 && cheap[top[at - 1]!]! < x) at--;
      if (top.length === k) top.pop();
      top.splice(at, 0, j);
    }
    return top;
  }

  /** Candidate `j` of the scored job as a ScoredCandidate (what cheapScore returns for it). */
  scored(j: number): ScoredCandidate {
    const d = this.distance[j]!;
    return {
      candidate: this.list[j]!,
      distanceM: Number.isNaN(d) ? null : d,
      dice: this.dice[j]!,
      containment: this.containment[j]!,
      missingJob: this.missingJob[j]!,
      missingCandidate: this.missingCandidate[j]!,
      cheap: this.cheap[j]!,
    };
  }

  /**
   * candidateContexts of the candidates at indices `top` (this.top's order) among all the scored job's
   * candidates. `rare`: the weight of a token in a single record (ln(1 + N)).
   */
  contexts(q: MatchQuery, top: readonly number[], weight: TokenWeight, rare: number): CandidateContext[] {
    const { n, list, dice, distance } = this;
    let jobMax = 0;
    for (const t of q.tokens) jobMax = Math.max(jobMax, weight(t));
    let sameNameAsJob = 0;
    let phoneSharers = 0;
    let best = 0;
    let bestAt = -1;
    let second = 0;
    const jobName = q.keys.nameKey;
    const jobPhones = q.keys.phones;
    for (let j = 0; j < n; j++) {
      if (list[j]!.nameKey === jobName) sameNameAsJob++;
      if (jobPhones.length > 0 && list[j]!.phones.length > 0 && shares(jobPhones, list[j]!.phones))
        phoneSharers++;
      const x = dice[j]!;
      if (bestAt < 0 || x > best) {
        if (bestAt >= 0) second = Math.max(second, best);
        best = x;
        bestAt = j;
      } else if (x > second) second = x;
    }
    return top.map((t, rank) => {
      let nearer = 0;
      const d = distance[t]!;
      if (!Number.isNaN(d)) {
        const name = list[t]!.nameKey;
        // Distance first: a number comparison rules out most candidates before the string one
        // (NaN, no distance, compares false).
        for (let j = 0; j < n; j++) if (distance[j]! < d && list[j]!.nameKey === name) nearer++;
      }
      return {
        bestOtherDice: Math.max(0, t === bestAt ? second : best),
        candidateCount: n,
        cheapRank: rank,
        jobRarity: rare > 0 ? Math.min(1, jobMax / rare) : 0,
        sameNameAsJob,
        sameNameNearer: nearer,
        phoneSharers,
      };
    });
  }
}
