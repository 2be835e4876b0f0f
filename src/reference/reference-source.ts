/**
 * The "reference" evidence source: matches each job against the imported reference places and turns
 * the matched records into evidence (reference-evidence.ts). It lives in the enrichment thread and
 * opens its own read connection there (SQLite: a connection to the DATABASE_URL file; PostgreSQL: a
 * small pool). Batch-first: `prefetch` matches a whole chunk of places with one candidate query (two
 * when some need a wider radius) and one record query; `collect` reads the answer. A place collected
 * without a prefetch (a direct call) is matched alone.
 *
 * When matching fails (database unreachable), the error is kept for the chunk and `collect` throws it:
 * the attributes this source serves become ERROR (not cached, retried), the others still resolve.
 */
import type { AttributeKey } from "../domain/attributes.js";
import type { EnrichContext, Evidence, EvidenceSource, PreparedPlace } from "../enrich/types.js";
import type { MatchQuery } from "./match/features.js";
import { loadMatchModel } from "./match/match-model.js";
import { matchQueryOf } from "./match/match-query.js";
import {
  DEFAULT_MATCHER_SETTINGS,
  type MatchAnswer,
  type MatcherSettings,
  ReferenceMatcher,
} from "./match/matcher.js";
import { REFERENCE_ATTRIBUTES } from "./reference-attributes.js";
import { recordEvidence, referenceMatchEvidence } from "./reference-evidence.js";
import { openReferenceStore } from "./store/open-reference-store.js";
import type { ReferenceStore } from "./store/port.js";

export interface ReferenceSourceOptions {
  /** DATABASE_URL: where the reference tables are. */
  databaseUrl: string;
  settings?: Partial<MatcherSettings>;
}

export { REFERENCE_ATTRIBUTES };

type Outcome =
  | { answer: MatchAnswer; none?: undefined }
  | { none: string; answer?: undefined }
  | { error: unknown };

const NO_DATA = "no reference places imported (place-enrich import <file> --source <name>)";

function why(answer: MatchAnswer, threshold: number, radiusM: number, kind: "near" | "name"): string {
  if (answer.skipped) return `no reference match: ${answer.skipped}`;
  if (answer.candidates === 0) {
    return kind === "near"
      ? `no reference record within ${radiusM} m of the place or sharing its phone`
      : "no reference record with a name like the place's or sharing its phone";
  }
  if (answer.refused !== null)
    return `no reference match: the most probable of ${answer.candidates} candidates (match probability ${answer.refused.probability.toFixed(2)}) ${answer.refused.why}`;
  const p = answer.bestProbability ?? 0;
  return `no reference match: the best of ${answer.candidates} candidates has match probability ${p.toFixed(2)}, below the threshold ${threshold}`;
}

export function createReferenceSource(
  options: ReferenceSourceOptions,
): EvidenceSource & { matcher(): ReferenceMatcher } {
  const settings: MatcherSettings = { ...DEFAULT_MATCHER_SETTINGS, ...options.settings };
  const model = loadMatchModel();
  let store: ReferenceStore | null = null;
  let matcher: ReferenceMatcher | null = null;
  const outcomes = new WeakMap<PreparedPlace, Outcome>();

  const getMatcher = (): ReferenceMatcher => {
    if (!matcher) {
      store = openReferenceStore(options.databaseUrl, { poolSize: 2 });
      matcher = new ReferenceMatcher(store, model, settings);
    }
    return matcher;
  };

  async function prefetch(places: readonly PreparedPlace[]): Promise<void> {
    try {
      const m = getMatcher();
      if (!(await m.hasRecords())) {
        for (const p of places) outcomes.set(p, { none: NO_DATA });
        return;
      }
      const queries: Array<MatchQuery | null> = places.map((p) => {
        try {
          return matchQueryOf(p);
        } catch {
          return null;
        }
      });
      const answers = await m.match(queries);
      places.forEach((p, i) => {
        outcomes.set(p, { answer: answers[i]! });
      });
    } catch (error) {
      for (const p of places) outcomes.set(p, { error });
    }
  }

  return {
    name: "reference",
    attributes: REFERENCE_ATTRIBUTES,
    matcher: getMatcher,
    prefetch: (places) => prefetch(places),
    async collect(
      place: PreparedPlace,
      attributes: readonly AttributeKey[],
      ctx: EnrichContext,
    ): Promise<Evidence[]> {
      if (!attributes.some((a) => REFERENCE_ATTRIBUTES.includes(a))) return [];
      let outcome = outcomes.get(place);
      if (!outcome) {
        await prefetch([place]);
        outcome = outcomes.get(place)!;
      }
      if ("error" in outcome)
        throw outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
      const out: Evidence[] = [];
      const explain = (field: string, note: string) =>
        out.push({ field, value: null, source: "reference", strength: "weak", note });
      const kind = place.latitude !== null && place.longitude !== null ? "near" : "name";
      const reason = outcome.answer
        ? why(outcome.answer, model.threshold(kind), settings.radiusM, kind)
        : outcome.none;
      const matches = outcome.answer?.matches ?? [];
      for (const m of matches) out.push(...recordEvidence(m, attributes, ctx.now));
      const best = matches[0];
      if (attributes.includes("reference_match")) {
        if (best) out.push(...referenceMatchEvidence(best, ctx.now));
        else explain("reference_id", reason);
      }
      if (attributes.includes("overture_place") && !matches.some((m) => m.record.format === "overture"))
        explain("overture_place_id", best ? "no Overture-format reference record matched the place" : reason);
      if (attributes.includes("foursquare_place") && !matches.some((m) => m.record.format === "fsq"))
        explain(
          "foursquare_place_id",
          best ? "no Foursquare-format reference record matched the place" : reason,
        );
      return out;
    },
    async close() {
      await store?.close();
      store = null;
      matcher = null;
    },
  };
}
