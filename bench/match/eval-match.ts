/**
 * `npm run eval:match`: precision, recall and F1 of the reference matcher per development set, beside
 * the baseline rule "name Jaro-Winkler ≥ 0.8 and distance ≤ 200 m", both computed here, through the real
 * import and the real matcher with the shipped model (resources/reference/match-model.json), on the
 * Geo-ER `valid` splits and the halves B of the Overture pairs and Locu–Foursquare. Those are held out
 * for a model fitted with `npm run fit:match -- --data train`; the shipped model is fitted on all the
 * development data (`--data all`), so for it these are fitting-data figures (the script says so) and
 * its held-out figures come from `npm run eval:match:cross` (cross-fit-match.ts). This script checks
 * the real import and matcher end to end. Not part of `npm test`; reads ../shared/data (or
 * MATCH_DATA_DIR) and exits 0 with a note when it is absent.
 *
 *   npm run eval:match [-- --store postgres] [-- --json out.json]
 *
 * --store postgres: the reference goes into a fresh schema of EVAL_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test) instead of a temp SQLite file; the figures must not change.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { loadMatchModel } from "../../src/reference/match/match-model.js";
import { dataAvailable, geoErSets, locuSet, type MatchSet, overtureSet } from "./datasets.js";
import {
  loadReference,
  predictionsAt,
  rankSet,
  referenceDuplicateKeys,
  type Score,
  scoreBaseline,
  scorePredictions,
} from "./harness.js";

const args = process.argv.slice(2);
const storeKind = args.includes("--store") ? args[args.indexOf("--store") + 1] : "sqlite";
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : null;
const PG_URL = process.env.EVAL_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

if (!dataAvailable()) {
  process.stdout.write(
    "eval:match: ../shared/data is not present (set MATCH_DATA_DIR); nothing to evaluate\n",
  );
  process.exit(0);
}

const model = loadMatchModel();
const sets: MatchSet[] = [...geoErSets("valid"), overtureSet("B"), locuSet("B")];
const dir = mkdtempSync(join(tmpdir(), "eval-match-"));
const rows: Array<{
  set: string;
  jobs: number;
  reference: number;
  ours: Score;
  baseline: Score;
  jobsPerSecond: number;
}> = [];

const pct = (x: number) => x.toFixed(3);
try {
  process.stdout.write(
    `model thresholds: near ${model.threshold("near")}, name ${model.threshold("name")}; duplicates from near ${model.duplicateThreshold("near")}, name ${model.duplicateThreshold("name")}; store ${storeKind}\n`,
  );
  if (String(model.file.training.data ?? "").includes("valid"))
    process.stdout.write(
      "the model was fitted on these sets too (fit:match --data all): not held-out figures; see npm run eval:match:cross\n",
    );
  process.stdout.write(
    `${"set".padEnd(24)} ${"jobs".padStart(5)} ${"ref".padStart(5)}   ours P / R / F1          baseline P / R / F1      ΔF1     jobs/s\n`,
  );
  for (const set of sets) {
    let url: string | undefined;
    let schema: string | null = null;
    if (storeKind === "postgres") {
      schema = `eval_${randomBytes(6).toString("hex")}`;
      url = `${PG_URL}${PG_URL.includes("?") ? "&" : "?"}schema=${schema}`;
    }
    const { store } = await loadReference(set, dir, url);
    try {
      const { ranked, seconds } = await rankSet(set, store, model);
      const ours = scorePredictions(
        set,
        predictionsAt(ranked, model.threshold, model.duplicateThreshold, referenceDuplicateKeys(set)),
      );
      const baseline = scoreBaseline(set);
      const jobsPerSecond = Math.round(set.jobs.length / seconds);
      rows.push({
        set: set.name,
        jobs: set.jobs.length,
        reference: set.reference.length,
        ours,
        baseline,
        jobsPerSecond,
      });
      process.stdout.write(
        `${set.name.padEnd(24)} ${String(set.jobs.length).padStart(5)} ${String(set.reference.length).padStart(5)}   ` +
          `${pct(ours.precision)} / ${pct(ours.recall)} / ${pct(ours.f1)}    ` +
          `${pct(baseline.precision)} / ${pct(baseline.recall)} / ${pct(baseline.f1)}    ` +
          `${(ours.f1 - baseline.f1 >= 0 ? "+" : "") + (ours.f1 - baseline.f1).toFixed(3)}   ${String(jobsPerSecond).padStart(6)}\n`,
      );
    } finally {
      await store.close();
      if (schema) {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (jsonOut)
  writeFileSync(
    jsonOut,
    `${JSON.stringify({ thresholds: { near: model.threshold("near"), name: model.threshold("name") }, store: storeKind, rows }, null, 2)}\n`,
  );
