/**
 * A 1,000-job page of completed results, read the way the service reads it (`Store.jobsPageJson` on
 * SQLite), from stored views (what a job completed since migration 11 keeps) beside the same page
 * rendered from stored results (rows completed before it: parsed, rendered and serialized on every
 * read), same database, same run, alternating. BENCH_PAGE_JOBS completed realistic jobs (default
 * 3,000; core attributes, enriched by the real enricher offline).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { CORE_ATTRIBUTES } from "../src/domain/attributes.js";
import { assembleResult } from "../src/enrich/assemble.js";
import { createPlaceEnricher } from "../src/enrich/enricher.js";
import { SqliteStore } from "../src/store/sqlite/sqlite-store.js";
import { median, ms, ratio } from "./common.js";
import { realisticJobs } from "./realistic-jobs.js";

const JOBS = Number(process.env.BENCH_PAGE_JOBS ?? 3000);
const PAGE = 1000;
const ROUNDS = 15;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "place-enrich-page-"));
  try {
    const views = join(dir, "views.db");
    const store = new SqliteStore(views);
    await store.migrate();
    const org = await store.createOrg("bench", 1);
    const jobs = realisticJobs(JOBS);
    const { batch } = await store.createOrAppendBatch({
      orgId: org.id,
      batchId: "page",
      batchName: "page",
      kickOff: true,
      now: 1,
      jobs: jobs.map((j) => ({
        placeId: j.place_id,
        inputs: j.inputs as never,
        attributes: [...CORE_ATTRIBUTES],
        refresh: false,
      })),
    });
    const enricher = createPlaceEnricher();
    enricher.warmUp();
    const results = new Map<number, ReturnType<typeof assembleResult>>();
    for (;;) {
      const claimed = await store.claimJobs({ workerId: "w", limit: 500, leaseMs: 600_000, now: 2 });
      if (claimed.length === 0) break;
      for (const c of claimed) {
        const place = enricher.prepare(c.placeId, c.inputs);
        const computed = await enricher.enrich(place, CORE_ATTRIBUTES, { now: 3 });
        results.set(c.pk, assembleResult(place, CORE_ATTRIBUTES, computed, new Set(), 3));
      }
      await store.completeJobs({
        workerId: "w",
        now: 4,
        jobs: claimed.map((c) => ({ pk: c.pk, ...results.get(c.pk)! })),
      });
    }
    await store.close();

    // The same jobs as rows completed before migration 11: the result stored, no view.
    const before = join(dir, "results.db");
    const copy = new Database(views);
    await copy.backup(before);
    copy.close();
    const db = new Database(before);
    const update = db.prepare("UPDATE jobs SET result = ?, result_view = NULL WHERE pk = ?");
    db.transaction(() => {
      for (const [pk, r] of results) update.run(JSON.stringify(r.result), pk);
    })();
    db.close();

    const stores = { views: new SqliteStore(views), results: new SqliteStore(before) };
    const times = { views: [] as number[], results: [] as number[] };
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const offset = (round * PAGE) % Math.max(PAGE, JOBS - PAGE + 1);
      for (const kind of ["views", "results"] as const) {
        const start = performance.now();
        const page = await stores[kind].jobsPageJson({
          orgId: org.id,
          batchPk: batch.pk,
          limit: PAGE,
          offset,
        });
        times[kind].push(performance.now() - start);
        bytes = page.length;
      }
    }
    await Promise.all([stores.views.close(), stores.results.close()]);
    const v = median(times.views);
    const r = median(times.results);
    process.stdout.write(
      `\n## A 1,000-job page of completed results (${(bytes / 1e6).toFixed(1)} MB), SQLite jobsPageJson, median of ${ROUNDS}\n` +
        `from stored views: ${ms(v)}; rendered from stored results (rows completed before migration 11): ${ms(r)}; ratio ${ratio(v, r)}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
