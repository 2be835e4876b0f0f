/**
 * The client commands (submit, watch, results, batches, reprocess, run) as real processes over real
 * files against a real `place-enrich serve`: quotes, BOM, semicolons, Latin-1, bad rows, JSON
 * Lines, Parquet in and out, 100,001 rows in three requests, exit codes, Ctrl-C.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { parquetWriteFile } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlaceEnrichmentClient } from "../../src/client/index.js";
import { type RunningServer, startServer } from "../client/running-server.js";
import { runCli, startCli, waitFor } from "../support/processes.js";

const dir = mkdtempSync(join(tmpdir(), "place-enrich-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function envOf(server: RunningServer): Record<string, string> {
  return { PLACE_ENRICH_URL: server.url, PLACE_ENRICH_ORG: server.org, PLACE_ENRICH_API_KEY: server.apiKey };
}

function clientOf(server: RunningServer): PlaceEnrichmentClient {
  return new PlaceEnrichmentClient({ baseUrl: server.url, org: server.org, apiKey: server.apiKey });
}

async function batchIdsNamed(server: RunningServer, name: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const b of clientOf(server).listBatches({ query: name }))
    if (b.batch_name === name) ids.push(b.id);
  return ids;
}

/** The batch id a command printed on stdout (its last line of 36 hex characters and dashes). */
function printedId(stdout: string): string {
  const id = stdout.match(/^[0-9a-f-]{36}$/gm)?.at(-1);
  if (!id) throw new Error(`no batch id in:\n${stdout}`);
  return id;
}

describe("with a server that enriches", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => server?.stop());

  it("runs a CSV with a BOM, `;` separators, quotes and a multi-line cell into out.csv", async () => {
    const csv = file(
      "stores.csv",
      "\uFEFFStore ID;Name;Address;Lat;Lng;Phone;Country Code\r\n" +
        's1;"Joe\'s ""Best"" Pizza";"12 Main St\r\nNew York, NY 10001";40,7128;-74,006;(212) 555-0100;us\r\n' +
        "s2;Corner Deli;;40.72;-73.99;;\r\n",
    );
    const out = join(dir, "stores-out.csv");
    const run = await runCli(
      [
        "run",
        csv,
        "--name",
        "BOM semicolons",
        "--map",
        "Store ID=place_id",
        "--attributes",
        "names,phoneNumbers",
        "-o",
        out,
      ],
      envOf(server),
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/completed: 2 completed, 0 failed/);
    const rows = parse(readFileSync(out), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.place_id)).toEqual(["s1", "s2"]);
    expect(rows[0]).toMatchObject({
      status: "completed",
      name: 'Joe\'s "Best" Pizza',
      phone: "+12125550100",
      phoneNumbers_status: "RUN",
      names_status: "RUN",
    });
    expect(rows[0]!.phone_confidence).toMatch(/^(VERY_HIGH|HIGH|MEDIUM|LOW)$/);
    expect(rows[0]!.phone_reasoning).not.toBe("");
    expect(rows[1]!.phone).toBe("");
    expect(rows[1]!.phone_confidence).toBe("NONE");
    // The inputs arrived typed: numbers from decimal commas, the country code upper-cased.
    const [s1] = await (async () => {
      const page = await clientOf(server).getResultsPage(printedId(run.stdout), 0, 1);
      return page.jobs;
    })();
    expect(s1!.inputs).toMatchObject({
      latitude: 40.7128,
      longitude: -74.006,
      country_code: "US",
      full_address: "12 Main St\r\nNew York, NY 10001",
    });
  }, 90_000);

  it("reads Latin-1 with --encoding latin1, and refuses it as UTF-8 (exit 3, nothing sent)", async () => {
    const latin1 = file(
      "latin1.csv",
      Buffer.from("place_id,name,city,country_code\nm1,Café Müller,Zürich,ch\n", "latin1"),
    );
    const refused = await runCli(["submit", latin1, "--name", "latin1 refused"], envOf(server));
    expect(refused.code).toBe(3);
    expect(refused.stdout).toMatch(/not valid UTF-8.*--encoding latin1/s);
    expect(await batchIdsNamed(server, "latin1 refused")).toEqual([]);

    const out = join(dir, "latin1.jsonl");
    const run = await runCli(
      ["run", latin1, "--name", "latin1 ok", "--encoding", "latin1", "--attributes", "names", "-o", out],
      envOf(server),
    );
    expect(run.code, run.stdout).toBe(0);
    const [row] = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(row).toMatchObject({ place_id: "m1", name: "Café Müller", status: "completed" });
  }, 90_000);

  it("reports bad rows with their line and field and sends nothing; --skip-invalid sends the rest", async () => {
    const csv = file(
      "bad.csv",
      [
        "id,name,latitude,longitude,full_address",
        "a,Good One,40.7,-74.0,",
        "b,,40.7,-74.0,",
        "c,Too North,95,-74.0,",
        'd,"Two\nLines",abc,-74.0,',
        "a,Duplicate,40.7,-74.0,",
        "f,No Locator,,,",
        "g,Good Two,,,1 Main St",
      ].join("\n"),
    );
    const bad = await runCli(["submit", csv, "--name", "bad rows"], envOf(server));
    expect(bad.code).toBe(3);
    expect(bad.stdout).toContain("line 3 (row 2): name:");
    expect(bad.stdout).toContain("line 4 (row 3): latitude: must be <= 90");
    expect(bad.stdout).toContain('line 5 (row 4): latitude: "abc" is not a number');
    expect(bad.stdout).toContain('line 7 (row 5): place_id: duplicate "a" (first at row 1)');
    expect(bad.stdout).toContain("line 8 (row 6): locator:");
    expect(bad.stdout).toMatch(/5 bad row\(s\): nothing sent/);
    expect(await batchIdsNamed(server, "bad rows")).toEqual([]);

    const skipped = await runCli(
      ["submit", csv, "--name", "bad rows skipped", "--skip-invalid"],
      envOf(server),
    );
    expect(skipped.code, skipped.stdout).toBe(0);
    const batch = await clientOf(server).getBatch(printedId(skipped.stdout));
    const ids = Object.values(batch.jobs).flat().sort();
    expect(ids).toEqual(["a", "g"]);
  }, 60_000);

  it("takes Parquet in and writes Parquet out, typed", async () => {
    const input = join(dir, "in.parquet");
    parquetWriteFile({
      filename: input,
      columnData: [
        { name: "place_id", data: ["p1", "p2"], type: "STRING" },
        { name: "name", data: ["Sandwich Bar", "Downtown Store"], type: "STRING" },
        { name: "latitude", data: [40.72697, 40.7128], type: "DOUBLE" },
        { name: "longitude", data: [-73.82219, -74.006], type: "DOUBLE" },
        { name: "phone", data: ["(718) 544-1014", null], type: "STRING" },
      ],
    });
    const out = join(dir, "out.parquet");
    const run = await runCli(
      ["run", input, "--name", "parquet", "--attributes", "phoneNumbers,coordinates", "-o", out],
      envOf(server),
    );
    expect(run.code, run.stdout).toBe(0);
    const file = await asyncBufferFromFile(out);
    const metadata = await parquetMetadataAsync(file);
    const types = Object.fromEntries(metadata.schema.slice(1).map((s) => [s.name, s.type]));
    expect(types).toMatchObject({
      place_id: "BYTE_ARRAY",
      phone: "BYTE_ARRAY",
      coordinates_distance: "DOUBLE",
    });
    const rows = (await parquetReadObjects({ file })) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.place_id)).toEqual(["p1", "p2"]);
    expect(rows[0]).toMatchObject({ status: "completed", phone: "+17185441014", phoneNumbers_status: "RUN" });
    expect(rows[1]!.phone).toBeNull();
    expect(typeof rows[0]!.coordinates).toBe("string"); // a [lat, lng] list, as JSON text
  }, 90_000);

  it("takes JSON Lines of flat rows and of jobs; watch, results --failed-only, batches, reprocess", async () => {
    const jsonl = file(
      "places.jsonl",
      [
        JSON.stringify({ place_id: "j1", name: "Flat Row", lat: "40.7", lng: -74, country_code: "us" }),
        "",
        JSON.stringify({
          place_id: "j2",
          inputs: { name: "Job Row", full_address: "1 Main St, Boston, MA" },
        }),
      ].join("\n"),
    );
    const submitted = await runCli(
      ["submit", jsonl, "--name", "jsonl rows", "--attribute-set", "core"],
      envOf(server),
    );
    expect(submitted.code, submitted.stdout).toBe(0);
    const id = printedId(submitted.stdout);
    const watched = await runCli(["watch", id], envOf(server));
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(new RegExp(`batch ${id} completed: 2 completed, 0 failed`));

    const failedOnly = join(dir, "failed.csv");
    const results = await runCli(["results", id, "-o", failedOnly, "--failed-only"], envOf(server));
    expect(results.code).toBe(0);
    expect(results.stdout).toContain("wrote 0 jobs");

    const raw = join(dir, "raw.jsonl");
    expect((await runCli(["results", id, "-o", raw, "--raw", "--page-size", "1"], envOf(server))).code).toBe(
      0,
    );
    const jobs = readFileSync(raw, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(jobs.map((j) => j.place_id)).toEqual(["j1", "j2"]);
    expect(jobs[0].inputs).toMatchObject({ latitude: 40.7, longitude: -74, country_code: "US" });

    const listed = await runCli(["batches", "--query", "JSONL ROWS"], envOf(server));
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(`^${id}  completed +2/2 completed, 0 failed .* jsonl rows$`, "m"),
    );

    const none = await runCli(["reprocess", id], envOf(server));
    expect(none.code).toBe(2);
    expect(none.stdout).toContain("No jobs found in batch");
    const all = await runCli(["reprocess", id, "--all", "--refresh"], envOf(server));
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split("\n").at(-1)).toBe("2");
  }, 90_000);

  it("exits 2 on an API error, 3 on bad configuration or input", async () => {
    const unknown = await runCli(["watch", "no-such-batch"], envOf(server));
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toMatch(/404/);
    const wrongKey = await runCli(["batches"], { ...envOf(server), PLACE_ENRICH_API_KEY: "pe_wrong" });
    expect(wrongKey.code).toBe(2);
    const noKey = await runCli(["batches"], { ...envOf(server), PLACE_ENRICH_API_KEY: "" });
    expect(noKey.code).toBe(3);
    expect(noKey.stdout).toContain("PLACE_ENRICH_API_KEY");
    const missing = await runCli(["submit", join(dir, "nope.csv"), "--name", "x"], envOf(server));
    expect(missing.code).toBe(3);
    const noName = await runCli(["submit", join(dir, "stores.csv")], envOf(server));
    expect(noName.code).toBe(3);
    const badAttr = await runCli(
      ["submit", join(dir, "stores.csv"), "--name", "x", "--attributes", "webs"],
      envOf(server),
    );
    expect(badAttr.code).toBe(3);
    expect(badAttr.stdout).toContain("unknown attribute(s) webs");
  }, 60_000);
});

describe("with an API-only server (jobs stay queued)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ workers: false });
  }, 120_000);
  afterAll(async () => server?.stop());

  it("sends 100,001 rows in three requests to one batch", async () => {
    const lines = ["name,full_address"];
    for (let i = 1; i <= 100_001; i++) lines.push(`Shop ${i},"${i} High St, Boston"`);
    const csv = file("big.csv", `${lines.join("\n")}\n`);
    const submitted = await runCli(["submit", csv, "--name", "big one"], envOf(server));
    expect(submitted.code, submitted.stdout).toBe(0);
    const id = printedId(submitted.stdout);
    expect(submitted.stdout).toContain("request 3: 100,001/100,001 jobs accepted");
    const accepted = await server.logLinesWhen((l) => l.msg === "batch accepted" && l.batch_id === id, 3);
    expect(accepted.map((l) => [l.jobs, l.action])).toEqual([
      [50_000, "created"],
      [50_000, "appended"],
      [1, "appended"],
    ]);
    const batch = await clientOf(server).getBatch(id, { include: "metadata" });
    expect(batch.metadata?.total_jobs).toBe(100_001);
    // Row numbers as place ids, in file order.
    const last = await clientOf(server).getResultsPage(id, 100_000, 1);
    expect(last.jobs[0]).toMatchObject({ place_id: "100001", inputs: { name: "Shop 100001" } });
  }, 180_000);

  it("Ctrl-C stops watching with exit 130 and leaves the batch queued", async () => {
    const csv = file("wait.csv", "place_id,name,full_address\nw1,Waiting,1 Main St\n");
    const submitted = await runCli(["submit", csv, "--name", "never done"], envOf(server));
    const id = printedId(submitted.stdout);
    const watching = startCli(["watch", id], envOf(server));
    await waitFor(
      async () => (/queued: 0\/1/.test(watching.output()) ? true : undefined),
      30_000,
      "the first poll",
    );
    watching.child.kill("SIGINT");
    expect(await watching.exited).toBe(130);
    expect(watching.output()).toContain(`batch ${id} keeps running`);
    expect((await clientOf(server).getBatch(id)).status).toBe("queued");
  }, 60_000);
});
