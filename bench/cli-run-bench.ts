/**
 * `place-enrich run` on a generated CSV of BENCH_CLI_ROWS places (default 300,000) against a real
 * `place-enrich serve` on a temp SQLite file: the CLI's peak RSS (by /usr/bin/time, and after a
 * --dry-run that only reads and checks the file), its rows/s reading and checking, the total time
 * of the run beside the server's own processing time (the batch's created_at → updated_at), and the
 * results file written. Baseline in the same run: csv-parse alone over the same file (rows/s).
 *
 *   npx tsx bench/cli-run-bench.ts                  # 300,000 rows
 *   BENCH_CLI_ROWS=30000 npx tsx bench/cli-run-bench.ts
 *   BENCH_CLI_TRANSFER_ONLY=1 npx tsx bench/cli-run-bench.ts   # API-only server: `submit` then
 *     `results` of the queued jobs, for the CLI's memory and transfer on a machine too busy to enrich
 *
 * Part of `npm run bench` (bench/run.ts runs it as a child process; BENCH_SKIP_CLI=1 skips it).
 */
import { spawn } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse";

const ROWS = Number(process.env.BENCH_CLI_ROWS ?? 300_000);
const TRANSFER_ONLY = process.env.BENCH_CLI_TRANSFER_ONLY === "1";
const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "bin", "place-enrich.js");
const dir = mkdtempSync(join(tmpdir(), "place-enrich-cli-bench-"));
const say = (line: string) => process.stdout.write(`${line}\n`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function generateCsv(path: string): void {
  const streets = ["Main St", "High St", "Broadway", "Market St", "Elm Ave", "Park Rd"];
  const kinds = ["Pizza", "Deli", "Pharmacy", "Hardware", "Books", "Coffee"];
  const lines = ["store_id,name,address,city,state,zip,lat,lng,phone,category"];
  for (let i = 1; i <= ROWS; i++) {
    const lat = (40.5 + (i % 1000) / 2000).toFixed(5);
    const lng = (-74.2 + (i % 997) / 2000).toFixed(5);
    lines.push(
      `S${i},"${kinds[i % 6]} ${i}","${(i % 900) + 1} ${streets[i % 6]}",New York,NY,${10001 + (i % 90)},${lat},${lng},(212) 555-${String(i % 10000).padStart(4, "0")},${kinds[i % 6]!.toLowerCase()}`,
    );
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

async function baselineRowsPerSecond(path: string): Promise<number> {
  const started = performance.now();
  let rows = 0;
  for await (const _ of createReadStream(path).pipe(parse({ bom: true }))) rows++;
  return Math.round(((rows - 1) / (performance.now() - started)) * 1000);
}

interface Run {
  code: number | null;
  output: string;
  seconds: number;
  peakMb: number;
}

/** The CLI under /usr/bin/time -v: its exit code, output, wall time and peak RSS. */
function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn("/usr/bin/time", ["-v", process.execPath, CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => {
      output += c;
    });
    child.stderr.on("data", (c) => {
      output += c;
    });
    child.on("exit", (code) => {
      const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(output)?.[1] ?? Number.NaN);
      resolve({ code, output, seconds: (performance.now() - started) / 1000, peakMb: Math.round(kb / 1024) });
    });
  });
}

async function main(): Promise<void> {
  say(
    `cli-run-bench: ${ROWS.toLocaleString("en-US")} rows; ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const csv = join(dir, "places.csv");
  generateCsv(csv);
  say(`  generated ${csv}: ${(statSync(csv).size / 1e6).toFixed(1)} MB`);
  say(
    `  baseline: csv-parse alone reads ${(await baselineRowsPerSecond(csv)).toLocaleString("en-US")} rows/s`,
  );

  // The CLI's own footprint (tsx, commander, the client, Ajv and the schemas): the same check of 10 rows.
  const tiny = join(dir, "tiny.csv");
  writeFileSync(
    tiny,
    "place_id,name,full_address\n" +
      Array.from({ length: 10 }, (_, i) => `t${i},Shop ${i},${i} Main St`).join("\n"),
  );
  const small = await runCli(["submit", tiny, "--name", "tiny", "--dry-run"], {});
  say(`  baseline: submit --dry-run of 10 rows, peak RSS ${small.peakMb} MB`);
  const dry = await runCli(["submit", csv, "--name", "dry", "--dry-run"], {});
  const dryRate = /\(([\d,]+) rows\/s\)/.exec(dry.output)?.[1];
  say(
    `  submit --dry-run (read + map + check every row): ${dryRate} rows/s, peak RSS ${dry.peakMb} MB, ${dry.seconds.toFixed(1)} s`,
  );

  const port = await freePort();
  const server = spawn(process.execPath, [CLI, "serve", ...(TRANSFER_ONLY ? ["--no-workers"] : [])], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: join(dir, "bench.db"),
      REFERENCE_DEFAULT: process.env.BENCH_CLI_REFERENCE ?? "none",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let serverOutput = "";
  server.stdout.on("data", (c) => {
    serverOutput += c;
  });
  server.stderr.on("data", (c) => {
    serverOutput += c;
  });
  try {
    const deadline = Date.now() + 180_000;
    let key = /DEMO_API_KEY=(\S+)/.exec(serverOutput)?.[1];
    while (!key) {
      if (Date.now() > deadline) throw new Error(`server did not start:\n${serverOutput}`);
      await new Promise((r) => setTimeout(r, 200));
      key = /DEMO_API_KEY=(\S+)/.exec(serverOutput)?.[1];
    }
    const url = `http://127.0.0.1:${port}`;
    for (;;) {
      const ok = await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const env = { PLACE_ENRICH_URL: url, PLACE_ENRICH_ORG: "demo", PLACE_ENRICH_API_KEY: key };
    const out = join(dir, "out.csv");
    if (TRANSFER_ONLY) {
      const sent = await runCli(["submit", csv, "--name", "cli bench", "--map", "store_id=place_id"], env);
      if (sent.code !== 0) throw new Error(`submit exited ${sent.code}:\n${sent.output.slice(-3000)}`);
      const batchId = sent.output.match(/^[0-9a-f-]{36}$/m)?.[0] ?? "";
      const requests = sent.output.match(/^request \d+:/gm)?.length ?? 0;
      const readRate = /\(([\d,]+) rows\/s\)/.exec(sent.output)?.[1];
      say(
        `  submit: ${sent.seconds.toFixed(1)} s, read + check ${readRate} rows/s, ${requests} requests, peak RSS ${sent.peakMb} MB`,
      );
      const got = await runCli(["results", batchId, "-o", out], env);
      if (got.code !== 0) throw new Error(`results exited ${got.code}:\n${got.output.slice(-3000)}`);
      say(
        `  results (queued jobs): ${got.seconds.toFixed(1)} s, peak RSS ${got.peakMb} MB, ${out}: ${(statSync(out).size / 1e6).toFixed(1)} MB`,
      );
      return;
    }
    const run = await runCli(
      ["run", csv, "--name", "cli bench", "--map", "store_id=place_id", "-o", out],
      env,
    );
    if (run.code !== 0) throw new Error(`run exited ${run.code}:\n${run.output.slice(-3000)}`);
    const id = run.output.match(/^[0-9a-f-]{36}$/m)?.[0];
    const batch = (await (
      await fetch(`${url}/v1/demo/place_enrichment/batches/${id}?include=metadata`, {
        headers: { authorization: `Bearer ${key}` },
      })
    ).json()) as {
      created_at: string;
      updated_at: string;
      status: string;
      metadata: { status_counts: Record<string, number> };
    };
    const serverSeconds = (Date.parse(batch.updated_at) - Date.parse(batch.created_at)) / 1000;
    const readRate = /\(([\d,]+) rows\/s\)/.exec(run.output)?.[1];
    const requests = run.output.match(/^request \d+:/gm)?.length ?? 0;
    say(
      `  run: ${run.seconds.toFixed(1)} s in all; the server's processing (batch created → last job) ${serverSeconds.toFixed(1)} s (${(run.seconds / serverSeconds).toFixed(2)}x)`,
    );
    say(
      `  run: read + check ${readRate} rows/s; ${requests} create/append requests; peak RSS ${run.peakMb} MB`,
    );
    say(
      `  batch ${batch.status}: ${JSON.stringify(batch.metadata.status_counts)}; ${out}: ${(statSync(out).size / 1e6).toFixed(1)} MB`,
    );
  } finally {
    server.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
  say(
    `  load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
}

await main();
