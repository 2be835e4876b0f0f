/** `place-enrich import` and `sources list|remove` as real processes against a real database file. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, startCli } from "../support/processes.js";
import { tempDatabasePath } from "../support/temp-db.js";

const db = tempDatabasePath();
afterAll(() => db.cleanup());
const env = { DATABASE_URL: db.path };
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/reference/${name}`, import.meta.url));

describe("place-enrich import / sources", () => {
  it("imports files, reports skipped rows by reason, lists, re-imports and removes sources", async () => {
    const csv = await runCli(["import", fixture("places.csv"), "--source", "chicago"], env);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toMatch(/source chicago \(csv\): 4 imported, 2 skipped/);
    expect(csv.stdout).toMatch(/1 no name/);
    expect(csv.stdout).toMatch(/1 no coordinates and no address/);

    const parquet = await runCli(
      [
        "import",
        fixture("overture-sample.parquet"),
        "--source",
        "overture",
        "--format",
        "overture",
        "--json",
      ],
      env,
    );
    expect(parquet.code).toBe(0);
    expect(JSON.parse(parquet.stdout.trim().split("\n").pop()!)).toMatchObject({
      source: "overture",
      imported: 12,
    });

    const bbox = await runCli(
      ["import", fixture("places.csv"), "--source", "chicago", "--bbox", "-88,41,-87,42"],
      env,
    );
    expect(bbox.stdout).toMatch(/2 imported/);

    const listed = await runCli(["sources", "list", "--json"], env);
    expect(
      JSON.parse(listed.stdout.trim().split("\n").pop()!).map((s: { name: string; records: number }) => [
        s.name,
        s.records,
      ]),
    ).toEqual([
      ["chicago", 2],
      ["overture", 12],
    ]);

    expect((await runCli(["sources", "remove", "chicago"], env)).code).toBe(0);
    const gone = await runCli(["sources", "remove", "chicago"], env);
    expect(gone.code).toBe(1);
    expect(gone.stdout).toMatch(/no reference source "chicago"/);
    expect((await runCli(["sources", "list"], env)).stdout).toMatch(/^overture {2}overture {2}12 places/m);
  }, 120_000);

  it("Ctrl-C mid-import exits 130 and leaves the source as it was", async () => {
    const ctrlC = tempDatabasePath();
    try {
      const env2 = { DATABASE_URL: ctrlC.path };
      expect((await runCli(["import", fixture("places.csv"), "--source", "big"], env2)).code).toBe(0);
      const file = join(ctrlC.dir, "big.jsonl");
      const rows: string[] = [];
      for (let i = 0; i < 300_000; i++)
        rows.push(
          JSON.stringify({
            id: `b${i}`,
            name: `Place ${i}`,
            latitude: 41 + (i % 1000) / 1e4,
            longitude: -87,
          }),
        );
      writeFileSync(file, `${rows.join("\n")}\n`);
      const proc = startCli(["import", file, "--source", "big"], env2);
      await new Promise((r) => setTimeout(r, 3000));
      proc.child.kill("SIGINT");
      expect(await proc.exited).toBe(130);
      expect(proc.output()).toMatch(
        /SIGINT(: the import of source "big" is abandoned; the source is left as it was| while loading)/,
      );
      const listed = await runCli(["sources", "list", "--json"], env2);
      expect(JSON.parse(listed.stdout.trim().split("\n").pop()!)).toEqual([
        expect.objectContaining({ name: "big", records: 4, format: "csv" }),
      ]);
    } finally {
      ctrlC.cleanup();
    }
  }, 120_000);

  it("rejects bad arguments with a clear message", async () => {
    const format = await runCli(
      ["import", fixture("places.csv"), "--source", "x", "--format", "shapefile"],
      env,
    );
    expect(format.code).toBe(1);
    expect(format.stdout).toMatch(/--format must be one of overture, fsq, osm, jsonl, csv, geojson/);
    const bbox = await runCli(["import", fixture("places.csv"), "--source", "x", "--bbox", "1,2,3"], env);
    expect(bbox.stdout).toMatch(/--bbox must be west,south,east,north/);
    const name = await runCli(["import", fixture("places.csv"), "--source", "Not Valid"], env);
    expect(name.stdout).toMatch(/invalid source name "Not Valid"/);
    // A --format the rows do not look like: imported as asked, with a warning.
    const dir = tempDatabasePath();
    try {
      const file = join(dir.dir, "overture.jsonl");
      writeFileSync(
        file,
        `${JSON.stringify({ id: "08f1", names: { primary: "Cafe One" }, categories: { primary: "cafe" }, latitude: 41.88, longitude: -87.63 })}\n`,
      );
      // Columns the import does not read are named, with the documented one meant.
      const csv = join(dir.dir, "mine.csv");
      writeFileSync(
        csv,
        "id,name,latitude,longitude,phone,Website,notes\nm1,Cafe One,41.88,-87.63,312 555 0100,cafe.example,x\n",
      );
      const own = await runCli(["import", csv, "--source", "mine"], env);
      expect(own.code).toBe(0);
      expect(own.stdout).toMatch(
        /warning: columns not read: phone \(did you mean phones\?\), Website \(did you mean websites\?\), notes\n/,
      );
      const osm = await runCli(["import", file, "--source", "looks", "--format", "osm"], env);
      expect(osm.stdout).toMatch(
        /warning: the first row of .*overture\.jsonl looks like --format overture; it is read as --format osm/,
      );
    } finally {
      dir.cleanup();
    }
    const missing = await runCli(["import", fixture("missing.jsonl"), "--source", "x"], env);
    expect(missing.stdout).toMatch(/cannot read .*missing\.jsonl: no such file/);
  }, 120_000);
});
