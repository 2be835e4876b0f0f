/**
 * A SQLite file whose text encoding is UTF-16 (created by another tool with `PRAGMA encoding =
 * 'UTF-16le'` before the service first opened it) is served as any other: pages and status lists are
 * UTF-8 JSON. Pages and lists copy a UTF-8 file's text as its bytes (CAST AS BLOB); on a UTF-16 file
 * those bytes would be UTF-16 (found by a break-it trial: POST /batches answered `"queued":[\0"\0…`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.js";

const T0 = 1_700_000_000_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it("answers pages and status lists as UTF-8 JSON on a UTF-16 database file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "break-utf16-"));
  dirs.push(dir);
  const path = join(dir, "s.db");
  const pre = new Database(path);
  pre.pragma("encoding = 'UTF-16le'");
  pre.exec("CREATE TABLE x(a); DROP TABLE x;");
  pre.close();
  const store = new SqliteStore(path);
  await store.migrate();
  const org = await store.createOrg("acme", T0);
  const { batch } = await store.createOrAppendBatch({
    orgId: org.id,
    batchId: "b",
    batchName: "b",
    jobs: [
      {
        placeId: "a-東京",
        inputs: { name: "a", full_address: "1 Main St" },
        attributes: ["websites"],
        refresh: false,
      },
    ],
    kickOff: true,
    now: T0,
  });
  const lists = await store.listBatchPlaceIdsByStatus(batch.pk);
  expect(JSON.parse(Buffer.from(lists.queued.json).toString("utf8"))).toEqual(["a-東京"]);
  const [claimed] = await store.claimJobs({ workerId: "w1", limit: 10, leaseMs: 60_000, now: T0 });
  await store.completeJobs({
    workerId: "w1",
    now: T0,
    jobs: [
      {
        pk: claimed!.pk,
        result: {
          country_code: "US",
          inputs: { name: "a" },
          outputs: { website: null },
          reasoning: { website: null },
          confidence_scores: { website: "NONE" },
          enrichment_metadata: {},
          last_enriched: "2023-11-14T22:13:20Z",
        },
        attributeStatus: { websites: "RUN" },
        filledMask: 0,
      },
    ],
  });
  const page = Buffer.from(
    await store.jobsPageJson({ orgId: org.id, batchPk: batch.pk, limit: 10, offset: 0 }),
  ).toString("utf8");
  expect((JSON.parse(page) as { jobs: Array<{ place_id: string }> }).jobs[0]!.place_id).toBe("a-東京");
});
