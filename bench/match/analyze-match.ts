/**
 * Error analysis of the matcher on the FITTING data (Geo-ER train, halves A): for each labeled match,
 * is the true record among the candidates, at which cheap-pass rank, among the top K, ranked first by
 * the model, above the threshold? And what the false positives are. Development tool, not part of
 * `npm test`; reads ../shared/data (research-only: prints examples to the terminal, writes nothing).
 *
 *   npx tsx bench/match/analyze-match.ts [--set "osm_fsq sin"] [--examples 20]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cheapScore } from "../../src/reference/match/features.js";
import { loadMatchModel } from "../../src/reference/match/match-model.js";
import { DEFAULT_MATCHER_SETTINGS, ReferenceMatcher } from "../../src/reference/match/matcher.js";
import { idfWeights } from "../../src/reference/match/token-weights.js";
import { geoErSets, locuSet, type MatchSet, overtureSet } from "./datasets.js";
import { CHUNK, loadReference, queriesOf } from "./harness.js";

const args = process.argv.slice(2);
const filter = args.includes("--set") ? args[args.indexOf("--set") + 1]! : "";
const examples = args.includes("--examples") ? Number(args[args.indexOf("--examples") + 1]) : 15;
const model = loadMatchModel();
const sets: MatchSet[] = [...geoErSets("train"), overtureSet("A"), locuSet("A")].filter((s) =>
  s.name.includes(filter),
);
const dir = mkdtempSync(join(tmpdir(), "analyze-match-"));
try {
  for (const set of sets) {
    const { store } = await loadReference(set, dir);
    const matcher = new ReferenceMatcher(store, model, DEFAULT_MATCHER_SETTINGS);
    const weight = idfWeights(await store.tokenFrequencies());
    const queries = queriesOf(set);
    const refName = new Map(set.reference.map((r) => [String(r.id), String(r.name)]));
    const jobName = new Map(set.jobs.map((j) => [j.id, j.inputs.name]));
    const positives = new Map<string, Set<string>>();
    const negatives = new Map<string, Set<string>>();
    for (const p of set.pairs) {
      const m = p.label === 1 ? positives : negatives;
      if (!m.has(p.jobId)) m.set(p.jobId, new Set());
      m.get(p.jobId)!.add(p.refId);
    }
    const tally: Record<string, number> = {};
    const inc = (k: string) => {
      tally[k] = (tally[k] ?? 0) + 1;
    };
    const fnExamples: string[] = [];
    const fpExamples: string[] = [];
    for (let i = 0; i < queries.length; i += CHUNK) {
      const chunk = queries.slice(i, i + CHUNK);
      const { lists } = await matcher.candidates(chunk);
      const { ranked } = await matcher.rank(chunk);
      const pks = [...new Set(lists.flat().map((c) => c.pk))];
      const records = await store.getRecords(pks);
      chunk.forEach((q, j) => {
        const jobId = set.jobs[i + j]!.id;
        const pos = positives.get(jobId) ?? new Set<string>();
        const neg = negatives.get(jobId) ?? new Set<string>();
        if (pos.size > 1) inc("jobs with >1 positive");
        if (!q) {
          if (pos.size > 0) inc("FN: no query");
          return;
        }
        const scored = lists[i + j - i]!.map((c) => cheapScore(q, c, weight)).sort(
          (a, b) => b.cheap - a.cheap,
        );
        const idOf = (pk: number) => records.get(pk)!.id;
        const top = ranked[j]!;
        const best = top[0];
        const thr = model.threshold(q.latitude !== null ? "near" : "name");
        const predicted = best && best.probability >= thr ? idOf(best.candidate.pk) : null;
        if (predicted && neg.has(predicted)) {
          inc("FP (labeled 0)");
          const trueId = [...pos][0];
          const trueRank = trueId ? top.findIndex((c) => idOf(c.candidate.pk) === trueId) : -2;
          if (trueId) inc("FP with a positive for the job");
          if (fpExamples.length < examples)
            fpExamples.push(
              `  ${jobName.get(jobId)} → ${refName.get(predicted)} p=${best!.probability.toFixed(2)} d=${best!.distanceM?.toFixed(0)}` +
                (trueId ? `  [true: ${refName.get(trueId)} rank ${trueRank}]` : ""),
            );
        } else if (predicted && !pos.has(predicted)) inc("predicted an unlabeled record");
        for (const refId of pos) {
          if (predicted === refId) {
            inc("TP");
            continue;
          }
          const cheapRank = scored.findIndex((s) => idOf(s.candidate.pk) === refId);
          const modelRank = top.findIndex((c) => idOf(c.candidate.pk) === refId);
          let why: string;
          if (cheapRank < 0) why = "FN: not a candidate";
          else if (cheapRank >= DEFAULT_MATCHER_SETTINGS.topK) why = "FN: candidate beyond top K";
          else if (modelRank > 0)
            why = pos.has(predicted ?? "") ? "FN: another positive chosen" : "FN: outranked in top K";
          else why = "FN: below threshold";
          inc(why);
          if (why.startsWith("FN: not") || why.startsWith("FN: candidate beyond")) {
            // Where is it? distance to job from the reference row.
            const ref = set.reference.find((r) => String(r.id) === refId)!;
            const d =
              q.latitude !== null && typeof ref.latitude === "number"
                ? Math.round(
                    Math.hypot(
                      (ref.latitude - q.latitude) * 111_320,
                      ((ref.longitude as number) - q.longitude!) *
                        111_320 *
                        Math.cos((q.latitude * Math.PI) / 180),
                    ),
                  )
                : null;
            inc(`${why} ${d === null ? "" : d <= 200 ? "≤200m" : d <= 500 ? "200-500m" : ">500m"}`);
          }
          if (fnExamples.length < examples)
            fnExamples.push(
              `  ${why.padEnd(28)} ${jobName.get(jobId)} ~ ${refName.get(refId)}  cheap#${cheapRank} model#${modelRank}` +
                (modelRank >= 0
                  ? ` p=${top[modelRank]!.probability.toFixed(2)} d=${top[modelRank]!.distanceM?.toFixed(0)}`
                  : "") +
                (predicted ? `  chose ${refName.get(predicted)} p=${best!.probability.toFixed(2)}` : ""),
            );
        }
      });
    }
    await store.close();
    process.stdout.write(`\n== ${set.name}\n`);
    for (const [k, v] of Object.entries(tally).sort()) process.stdout.write(`  ${k.padEnd(40)} ${v}\n`);
    process.stdout.write(
      ` false negatives:\n${fnExamples.join("\n")}\n false positives:\n${fpExamples.join("\n")}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
