/**
 * ReferenceMatcher: finds, for each job of a batch, the reference record that is the same real place
 * (geospatial entity resolution), or decides there is none.
 *
 * 1. Candidates, one store query per kind per batch: jobs with coordinates take every record within
 *    `radiusM` (200 m holds 94.8 % of true Geo-ER pairs) plus those within `wideRadiusM` (500 m:
 *    99.1 %) that share the phone or website domain; a second query widens to `wideRadiusM` for the
 *    jobs whose nearby candidates have no name in common with them (`widen`); a third takes, for jobs
 *    with no candidate of their very name, the records within `namedRadiusM` (1 km: 99.4–100 % of the
 *    true Geo-ER train pairs) having one of their rare words (`candidatesNamedNear`). Jobs without coordinates
 *    but with an address search the name index (their rarest tokens) and rely on address agreement;
 *    when their name is on more records than the search returns (a chain), the search also returns
 *    those of their postcode or city (`nameAddressLimit`).
 *    Every job with a phone also takes the records sharing it, wherever they are; a number several
 *    of a job's candidates carry (a chain's line) brings none from beyond `radiusM`.
 * 2. A cheap score over all candidates (IDF token overlap, phone, domain, house number, distance;
 *    candidates that cannot share a word with the job skip the overlap), job by job into reused typed
 *    arrays (cheap-pass.ts): only the top K become objects. Candidates may arrive partial
 *    (no street, postcode, city, category: ~300 per job in a dense centre); the top K of the batch are
 *    completed in one store query.
 * 3. The costly features (Jaro-Winkler, trigram Jaccard, ...) and the calibrated model on the top K;
 *    the most probable candidate is the match when its probability reaches the model's threshold, and
 *    the best of each other source reaching it matches too (unless it is a copy of a record already
 *    matched: record.ts recordIdentity); other candidates of a matched record's
 *    source reaching the model's duplicate threshold, neither a part of its place nor disagreeing with
 *    its facts (duplicates.ts), are duplicates of it (the source holds the place more than once).
 * 4. The matched records' documents, one store query per batch.
 */
import { recordIdentity, type StoredReferenceRecord } from "../record.js";
import {
  MIN_STORED_DF,
  type ReferenceCandidate,
  type ReferenceStore,
  type TokenFrequencies,
} from "../store/port.js";
import { CheapPass } from "./cheap-pass.js";
import { mayBeSamePlace, partApart } from "./duplicates.js";
import {
  type CandidateContext,
  distanceOf,
  jobSide,
  jobStems,
  MAX_PHONE_SHARERS,
  type MatchQuery,
  mayShareWord,
  metres,
  pairFeatures,
  pairJob,
  type ScoredCandidate,
  shares,
  withMargins,
} from "./features.js";
import { locationVerdict, otherRegion, tied } from "./location-check.js";
import type { MatchKind, MatchModel } from "./match-model.js";
import type { TokenWeight } from "./similarity.js";
import { idfWeights, rarestTokens } from "./token-weights.js";

export interface MatcherSettings {
  radiusM: number;
  wideRadiusM: number;
  /** Candidates given the costly features and the model. */
  topK: number;
  /** Records a name search returns per job. */
  nameLimit: number;
  /**
   * …and, when the job gives a postcode or a city and its name's tokens are on more records than
   * `nameLimit` (a chain), up to this many more of them sharing its postcode or city: the best-ranked
   * 30 of a chain's 88 records are arbitrary branches, rarely the one at the job's address.
   */
  nameAddressLimit: number;
  /** Tokens a name search uses (the rarest). */
  nameTokens: number;
  /** Re-query at wideRadiusM when no nearby candidate shares a name token… */
  widen: boolean;
  /**
   * …and there are fewer than this many nearby candidates: in a dense centre the wider box holds
   * thousands of records (6× the area), and a match there without a shared word or phone is rare.
   */
  widenBelowCandidates: number;
  /**
   * Same-name neighbours: jobs with coordinates and no candidate of their very name take the records
   * within `namedRadiusM` sharing one of their `namedTokens` rarest words, when such a word is in at
   * most `namedMaxDf` records (a rare word's posting list is short; a common one's is not worth it).
   */
  namedRadiusM: number;
  namedTokens: number;
  namedMaxDf: number;
  /** How long token frequencies are reused before being read again (a new import changes them). */
  weightsTtlMs: number;
}

export const DEFAULT_MATCHER_SETTINGS: MatcherSettings = {
  radiusM: 200,
  wideRadiusM: 500,
  topK: 5,
  nameLimit: 30,
  nameAddressLimit: 30,
  nameTokens: 3,
  widen: true,
  widenBelowCandidates: 100,
  namedRadiusM: 1000,
  namedTokens: 2,
  namedMaxDf: 300,
  weightsTtlMs: 60_000,
};

export interface RankedCandidate extends ScoredCandidate {
  features: number[];
  probability: number;
}

export interface MatchOutcome {
  record: StoredReferenceRecord;
  probability: number;
  distanceM: number | null;
  /** How the candidates were found. */
  via: "near" | "name";
  /** Candidates considered. */
  candidates: number;
  /**
   * Other records of the same source that are the same place again (the source holds it more than
   * once): each reached the model's duplicate threshold and may be the same place as this record
   * (duplicates.ts); most probable first, usually none.
   */
  duplicates: DuplicateRecord[];
}

/** A record of a match's source that is the same place as the match (MatchOutcome.duplicates). */
export interface DuplicateRecord {
  record: StoredReferenceRecord;
  probability: number;
  distanceM: number | null;
}

export interface MatchAnswer {
  /** The match, or null (nothing reached the threshold, or no candidate). */
  match: MatchOutcome | null;
  /**
   * The best match of each source among the top K (every one at or above the threshold), most
   * probable first; `match` is the first. Several sources agreeing raise the evidence's confidence.
   */
  matches: MatchOutcome[];
  /** The best candidate's probability, also when below the threshold (null: no candidate). */
  bestProbability: number | null;
  candidates: number;
  /** Why there was no search: no coordinates and no address. */
  skipped: string | null;
  /**
   * The most probable candidate reaching the threshold that the job's address placed elsewhere (a
   * job without coordinates: location-check.ts): its probability and why, or null.
   */
  refused: { probability: number; why: string } | null;
}

/** Which model scores a job: with coordinates ("near") or found by name and address ("name"). */
export function kindOf(q: MatchQuery): MatchKind {
  return q.latitude !== null && q.longitude !== null ? "near" : "name";
}

interface SourceRange {
  name: string;
  pkMin: number;
  pkMax: number;
}

/** Appends to `list` the candidates of `more` it does not hold yet. */
function addNew(list: ReferenceCandidate[], more: readonly ReferenceCandidate[]): void {
  if (more.length === 0) return;
  const have = new Set(list.map((c) => c.pk));
  for (const c of more) if (!have.has(c.pk)) list.push(c);
}

/** Records of one place listed twice lie this close (metres); a chain's branches, farther apart. */
const SAME_SITE_M = 100;

/**
 * How many places the records carrying a job's number are: records within SAME_SITE_M of one
 * another count once (a place listed twice in one source keeps its number as its own).
 */
function phoneSites(sharing: readonly ReferenceCandidate[]): number {
  const sites: ReferenceCandidate[] = [];
  for (const c of sharing) {
    const seen = sites.some(
      (o) =>
        c.latitude !== null &&
        c.longitude !== null &&
        o.latitude !== null &&
        o.longitude !== null &&
        metres(c.latitude, c.longitude, o.latitude, o.longitude) <= SAME_SITE_M,
    );
    if (!seen) sites.push(c);
  }
  return sites.length;
}

export class ReferenceMatcher {
  private weights: { weight: TokenWeight; tf: TokenFrequencies; ranges: SourceRange[]; at: number } | null =
    null;
  /** The cheap pass's arrays, reused from job to job (rank is not reentrant: no await inside a job's pass). */
  private readonly pass = new CheapPass();

  constructor(
    private readonly store: ReferenceStore,
    private readonly model: MatchModel,
    readonly settings: MatcherSettings = DEFAULT_MATCHER_SETTINGS,
    private readonly now: () => number = Date.now,
  ) {}

  private async refresh(): Promise<{ weight: TokenWeight; tf: TokenFrequencies; ranges: SourceRange[] }> {
    const t = this.now();
    if (!this.weights || t - this.weights.at > this.settings.weightsTtlMs) {
      const [tf, sources] = await Promise.all([this.store.tokenFrequencies(), this.store.listSources()]);
      const ranges = sources.flatMap((s) =>
        s.pkMin !== null && s.pkMax !== null ? [{ name: s.name, pkMin: s.pkMin, pkMax: s.pkMax }] : [],
      );
      this.weights = { weight: idfWeights(tf), tf, ranges, at: t };
    }
    return this.weights;
  }

  /** Records in every source (cached like the token weights): 0 means there is nothing to match. */
  async hasRecords(): Promise<boolean> {
    return (await this.refresh()).ranges.length > 0;
  }

  private sourceOf(pk: number): string {
    for (const r of this.weights?.ranges ?? []) if (pk >= r.pkMin && pk <= r.pkMax) return r.name;
    return "";
  }

  /**
   * Candidates of every query (null queries get none), two to four store queries in all;
   * `phoneSharers`: for a job with coordinates, how many places (phoneSites) its candidates carrying
   * its phone were before those from beyond the radius were dropped (0 for the other jobs).
   */
  async candidates(queries: readonly (MatchQuery | null)[]): Promise<{
    lists: ReferenceCandidate[][];
    via: Array<"near" | "name" | null>;
    phoneSharers: number[];
  }> {
    const s = this.settings;
    const { weight, tf } = await this.refresh();
    const lists: ReferenceCandidate[][] = queries.map(() => []);
    const via: Array<"near" | "name" | null> = queries.map(() => null);
    const nearIdx: number[] = [];
    const nameIdx: number[] = [];
    queries.forEach((q, i) => {
      if (!q) return;
      if (q.latitude !== null && q.longitude !== null) nearIdx.push(i);
      else if (q.keys.house || q.keys.streetKey || q.keys.postcode || q.keys.cityKey) nameIdx.push(i);
    });
    if (nearIdx.length > 0) {
      const found = await this.store.candidatesNear(
        nearIdx.map((i) => {
          const q = queries[i]!;
          return {
            latitude: q.latitude!,
            longitude: q.longitude!,
            radiusM: s.radiusM,
            wideRadiusM: s.wideRadiusM,
            phone: q.keys.phones[0] ?? null,
            domain: q.keys.domain,
          };
        }),
      );
      nearIdx.forEach((i, j) => {
        lists[i] = found[j]!;
        via[i] = "near";
      });
      if (s.widen && s.wideRadiusM > s.radiusM) {
        const weak = nearIdx.filter((i) => {
          const list = lists[i]!;
          if (list.length >= s.widenBelowCandidates) return false;
          const stems = jobStems(queries[i]!);
          return !list.some((c) => mayShareWord(c.nameKey, stems));
        });
        if (weak.length > 0) {
          const wider = await this.store.candidatesNear(
            weak.map((i) => {
              const q = queries[i]!;
              return {
                latitude: q.latitude!,
                longitude: q.longitude!,
                radiusM: s.wideRadiusM,
                wideRadiusM: s.wideRadiusM,
                phone: null,
                domain: null,
              };
            }),
          );
          weak.forEach((i, j) => {
            lists[i] = wider[j]!;
          });
        }
      }
    }
    // Candidates sharing a phone number, wherever they are (a record's coordinates may be off, a job
    // may have none): the model weighs the distance. Jobs without coordinates get them after their
    // name search (below), which replaces their list.
    const phoneIdx = queries.flatMap((q, i) => (q && q.keys.phones.length > 0 ? [i] : []));
    const byPhone: Array<readonly ReferenceCandidate[]> = queries.map(() => []);
    if (phoneIdx.length > 0) {
      const found = await this.store.candidatesByPhone(phoneIdx.map((i) => queries[i]!.keys.phones));
      phoneIdx.forEach((i, j) => {
        byPhone[i] = found[j]!;
      });
    }
    // A number on several places (phoneSites) names none of them: for a job with coordinates it
    // brings none from beyond the radius (a twin branch 330 m off outranked the one at 170 m: the
    // trees weigh distance weakly past 150 m). Before the search by name below, which brings back
    // those that bear the job's name.
    const phoneSharers = queries.map(() => 0);
    for (const i of nearIdx) {
      const q = queries[i]!;
      addNew(lists[i]!, byPhone[i]!);
      if (q.keys.phones.length === 0) continue;
      const sharing = lists[i]!.filter((c) => c.phones.length > 0 && shares(q.keys.phones, c.phones));
      phoneSharers[i] = phoneSites(sharing);
      if (phoneSharers[i]! <= MAX_PHONE_SHARERS) continue;
      lists[i] = lists[i]!.filter((c) => !sharing.includes(c) || (distanceOf(q, c) ?? 0) <= s.radiusM);
    }
    if (nearIdx.length > 0 && s.namedRadiusM > 0) {
      const named = nearIdx.flatMap((i) => {
        const q = queries[i]!;
        if (lists[i]!.some((c) => c.nameKey === q.keys.nameKey)) return [];
        const tokens = rarestTokens(q.tokens, weight, s.namedTokens).filter(
          (t) => (tf.df.get(t) ?? 1) <= s.namedMaxDf,
        );
        return tokens.length > 0 ? [{ i, tokens }] : [];
      });
      if (named.length > 0) {
        const found = await this.store.candidatesNamedNear(
          named.map(({ i, tokens }) => ({
            latitude: queries[i]!.latitude!,
            longitude: queries[i]!.longitude!,
            radiusM: s.namedRadiusM,
            tokens,
          })),
        );
        named.forEach(({ i }, j) => {
          addNew(lists[i]!, found[j]!);
        });
      }
    }
    if (nameIdx.length > 0) {
      const found = await this.store.candidatesByName(
        nameIdx.map((i) => {
          const q = queries[i]!;
          const tokens = rarestTokens(q.tokens, weight, s.nameTokens);
          // Records having any of the tokens (an absent token is in fewer than MIN_STORED_DF): at
          // most nameLimit, the name ranking returns them all and the address adds none.
          const having = tokens.reduce((n, t) => n + (tf.df.get(t) ?? MIN_STORED_DF - 1), 0);
          if (s.nameAddressLimit <= 0 || having <= s.nameLimit || !(q.keys.postcode || q.keys.cityKey))
            return { tokens, limit: s.nameLimit };
          return {
            tokens,
            limit: s.nameLimit,
            postcode: q.keys.postcode,
            cityKey: q.keys.cityKey,
            house: q.keys.house,
            streetKey: q.keys.streetKey,
            addressLimit: s.nameAddressLimit,
          };
        }),
      );
      nameIdx.forEach((i, j) => {
        // A record at the job's address that is a part of its place, or it of the record's (a bank
        // and its ATM, a Walmart and its fuel station: partApart), is the address search's typical
        // false friend: the model, fitted on name-ranked candidates, trusts the address agreement
        // (p 0.31-0.39 for the only two predictions the search changed on Overture half B, both
        // labelled other places). Name-ranked candidates are kept as they were.
        const nameKey = queries[i]!.keys.nameKey;
        lists[i] = found[j]!.filter((c) => !c.byAddress || !partApart(nameKey, c.nameKey));
        via[i] = "name";
      });
    }
    for (const i of phoneIdx) {
      if (kindOf(queries[i]!) === "name") addNew(lists[i]!, byPhone[i]!);
      if (byPhone[i]!.length > 0) via[i] ??= kindOf(queries[i]!);
    }
    return { lists, via, phoneSharers };
  }

  /** The top K candidates of each query with their features and probabilities, most probable first. */
  async rank(
    queries: readonly (MatchQuery | null)[],
  ): Promise<{ ranked: RankedCandidate[][]; via: Array<"near" | "name" | null>; counts: number[] }> {
    const { weight, tf } = await this.refresh();
    const rare = Math.log(1 + Math.max(tf.total, 1));
    const { lists, via, phoneSharers } = await this.candidates(queries);
    const k = this.settings.topK;
    const counts = lists.map((l) => l.length);
    // Job by job: the cheap pass, its top K and their contexts; then the job's candidates can go.
    const tops: ScoredCandidate[][] = [];
    const contextLists: CandidateContext[][] = [];
    queries.forEach((q, i) => {
      if (!q) {
        tops.push([]);
        contextLists.push([]);
        return;
      }
      this.pass.score(q, lists[i]!, weight, jobSide(q, weight));
      const top = this.pass.top(k);
      tops.push(top.map((j) => this.pass.scored(j)));
      const contexts = this.pass.contexts(q, top, weight, rare);
      // A job with coordinates: the places its number is on, counted before the cut (candidates).
      if (kindOf(q) === "near") for (const c of contexts) c.phoneSharers = phoneSharers[i]!;
      contextLists.push(contexts);
      lists[i] = [];
    });
    this.pass.release();
    // The costly features need every key column: read for the top K of the whole batch at once.
    await this.store.completeCandidates(tops.flatMap((top) => top.map((s) => s.candidate)));
    const ranked = queries.map((q, i) => {
      if (!q) return [];
      const top = tops[i]!;
      const contexts = contextLists[i]!;
      const job = pairJob(q);
      const vectors = top.map((sc, j) => pairFeatures(q, sc, contexts[j]!, job));
      withMargins(vectors);
      const kind = kindOf(q);
      return top
        .map((sc, j) => ({
          ...sc,
          features: vectors[j]!,
          probability: this.model.probability(vectors[j]!, kind),
        }))
        .sort((a, b) => b.probability - a.probability);
    });
    return { ranked, via, counts };
  }

  /** One answer per query, in order. */
  async match(queries: readonly (MatchQuery | null)[]): Promise<MatchAnswer[]> {
    const { ranked, via, counts } = await this.rank(queries);
    const refused: Array<MatchAnswer["refused"]> = queries.map(() => null);
    const refuse = (i: number, probability: number, why: string) => {
      refused[i] ??= { probability, why };
    };
    // Candidates reaching the threshold; for a job found by name over the whole reference (no
    // coordinates), none its address places elsewhere: by the postcode's region first (the keys),
    // then by the state or country its record names (location-check.ts), read for those jobs only.
    const eligible = ranked.map((list, i) => {
      const q = queries[i];
      const kind = q ? kindOf(q) : "near";
      const threshold = this.model.threshold(kind);
      return list.filter((c) => {
        if (c.probability < threshold) return false;
        if (kind !== "name" || !q || locationVerdict(q.keys, c.candidate) !== "elsewhere") return true;
        refuse(i, c.probability, "has a postcode of another region than the place's address");
        return false;
      });
    });
    const byName = queries.flatMap((q, i) => (q && kindOf(q) === "name" ? [i] : []));
    const early =
      byName.length > 0
        ? await this.store.getRecords(byName.flatMap((i) => eligible[i]!.map((c) => c.candidate.pk)))
        : new Map<number, StoredReferenceRecord>();
    for (const i of byName) {
      const q = queries[i]!;
      eligible[i] = eligible[i]!.filter((c) => {
        const record = early.get(c.candidate.pk);
        if (!record || tied(q.keys, c.candidate)) return true;
        const other = otherRegion(
          q.region,
          record.address && { country: record.address.country, state: record.address.state },
        );
        if (other === null) return true;
        refuse(i, c.probability, `is in ${other} as the place's address says`);
        return false;
      });
    }
    const chosen = eligible.map((list, i) => {
      const kind = queries[i] ? kindOf(queries[i]!) : "near";
      const duplicateThreshold = this.model.duplicateThreshold(kind);
      const perSource = new Map<string, { best: RankedCandidate; duplicates: RankedCandidate[] }>();
      for (const c of list) {
        const source = this.sourceOf(c.candidate.pk);
        const chosenOfSource = perSource.get(source);
        if (!chosenOfSource) perSource.set(source, { best: c, duplicates: [] });
        else if (
          c.probability >= duplicateThreshold &&
          mayBeSamePlace(chosenOfSource.best.candidate, c.candidate)
        )
          chosenOfSource.duplicates.push(c);
      }
      return [...perSource.values()];
    });
    const wanted = chosen.flatMap((list) =>
      list.flatMap((c) => [c.best, ...c.duplicates].map((d) => d.candidate.pk)),
    );
    const records =
      early.size > 0
        ? new Map([...early, ...(await this.store.getRecords(wanted.filter((pk) => !early.has(pk))))])
        : await this.store.getRecords(wanted);
    return queries.map((q, i) => {
      const best = ranked[i]![0] ?? null;
      // A record also imported under another source name is one match (the more probable copy).
      const seen = new Set<string>();
      const matches = chosen[i]!.flatMap(({ best: c, duplicates }) => {
        const record = records.get(c.candidate.pk);
        if (record) {
          const identity = recordIdentity(record);
          if (seen.has(identity)) return [];
          seen.add(identity);
        }
        return record
          ? [
              {
                record,
                probability: c.probability,
                distanceM: c.distanceM,
                via: via[i] ?? "near",
                candidates: counts[i]!,
                duplicates: duplicates.flatMap((d) => {
                  const dup = records.get(d.candidate.pk);
                  return dup ? [{ record: dup, probability: d.probability, distanceM: d.distanceM }] : [];
                }),
              },
            ]
          : [];
      });
      return {
        match: matches[0] ?? null,
        matches,
        bestProbability: best ? best.probability : null,
        candidates: counts[i]!,
        skipped: q && via[i] !== null ? null : "no coordinates and no address to search by",
        refused: matches.length === 0 ? refused[i]! : null,
      };
    });
  }
}
