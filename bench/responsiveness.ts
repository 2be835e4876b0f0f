/**
 * The embedded default as users run it, measured from outside by a plain HTTP client: the service is a
 * real process (`place-enrich serve`, SQLite, in-process workers and threads) on a temp database.
 *
 *  1. Accept a 50,000-job batch (kick_off_jobs_now false) vs the floor: JSON.parse of the same body plus
 *     one prepared-statement transaction into a table with only a primary key (aim ≤ 2x). The first
 *     accept after start (cold JIT), then the median of BENCH_ACCEPT_WARM (default 5: one accept
 *     varies by ±25 % on this host) more new batches (warm, each deleted after), each accept beside a
 *     floor measured just before it; with the service process's CPU time (all its threads) per
 *     accept. BENCH_ACCEPT_ONLY=1 stops after these lines.
 *  2. Idle server: p50/p99/max of GET /health, the batch status (request to parsed response; aim < 50 ms)
 *     and a 1,000-job results page, one request of each every 100 ms.
 *  3. The same requests while the 50,000 jobs are processed (reprocess all), and the batch's jobs/s
 *     (aim: p99 < 100 ms, max < 500 ms; throughput not below the 3,463 jobs/s measured before threads,
 *     inputs source, cache off), beside the bare enrichment rate of one core in this process.
 *  Peak RSS of the service process.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { loadConfig } from "../src/config.js";
import { CORE_ATTRIBUTES } from "../src/domain/attributes.js";
import { createPlaceEnricher } from "../src/enrich/enricher.js";
import { type Cleanup, median, ms, perSecond, type Report, ratio, timed } from "./common.js";
import { realisticJobs } from "./realistic-jobs.js";

/** The checkout whose service runs: this one, or BENCH_SERVICE_ROOT (old vs new code on one machine). */
const SERVICE_ROOT = process.env.BENCH_SERVICE_ROOT ?? join(import.meta.dirname, "..");

interface Latencies {
  health: number[];
  status: number[];
  /** Request to parsed response (the client's JSON.parse of ~1.7–3.5 MB included). */
  page: number[];
  /** Request to the body's last byte: the server's latency. */
  pageBytes: number[];
}

/**
 * The body of one probe thread (CommonJS, evaluated): polls one kind of request every 100 ms and posts
 * each latency (ms) — a page's twice: to its last byte (`pageBytes`), and parsed (`page`) — and each
 * status seen, until told to stop.
 */
const PROBE_THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const { kind, base, api, batchId, headers, jobs } = workerData;
let stopped = false;
parentPort.on("message", () => { stopped = true; });
const once = {
  health: async () => void (await (await fetch(base + "/health")).arrayBuffer()),
  status: async (round, start, warm) => {
    const s = await (await fetch(api + "/batches/" + batchId, { headers })).json();
    if (!warm) parentPort.postMessage({ status: s.status });
  },
  page: async (round, start, warm) => {
    const response = await fetch(api + "/jobs?batchId=" + batchId + "&limit=1000&offset=" + ((round * 1000) % jobs), { headers });
    const bytes = await response.arrayBuffer();
    if (!warm) parentPort.postMessage({ kind: "pageBytes", ms: performance.now() - start });
    JSON.parse(new TextDecoder().decode(bytes));
  },
};
(async () => {
  // Warm-up, not counted: a new thread's first fetches load and compile its HTTP client.
  for (let round = 0; round < 3; round++) await once[kind](round, performance.now(), true);
  for (let round = 0; !stopped; round++) {
    const start = performance.now();
    await once[kind](round, start);
    const took = performance.now() - start;
    parentPort.postMessage({ kind, ms: took });
    await new Promise((r) => setTimeout(r, Math.max(0, 100 - took)));
  }
  parentPort.close();
})();
`;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
}

function describe(values: number[]): string {
  return `p50 ${ms(quantile(values, 0.5))}, p99 ${ms(quantile(values, 0.99))}, max ${ms(Math.max(...values))} (n=${values.length})`;
}

/** JSON.parse + one prepared INSERT transaction into a primary-key-only table: what accepting can't beat. */
function acceptFloor(dir: string, body: string): number {
  const path = join(dir, "floor.db");
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec("CREATE TABLE jobs (place_id TEXT PRIMARY KEY, inputs TEXT NOT NULL)");
    const insert = db.prepare("INSERT INTO jobs (place_id, inputs) VALUES (?, ?)");
    const start = performance.now();
    const parsed = JSON.parse(body) as { jobs: Array<{ place_id: string; inputs: unknown }> };
    db.transaction(() => {
      for (const job of parsed.jobs) insert.run(job.place_id, JSON.stringify(job.inputs));
    })();
    return performance.now() - start;
  } finally {
    db.close();
  }
}

/** Jobs/s of prepare + enrich (core attributes) on this thread alone: one core's bare enrichment rate. */
async function bareEnrichmentRate(count: number): Promise<number> {
  const enricher = createPlaceEnricher();
  enricher.warmUp();
  const jobs = realisticJobs(count);
  const [, elapsed] = await timed(async () => {
    for (const job of jobs) {
      await enricher.enrich(enricher.prepare(job.place_id, job.inputs), CORE_ATTRIBUTES, { now: 0 });
    }
  });
  return perSecond(count, elapsed);
}

/** The service's sources and cache as this run's environment sets them (the service inherits it). */
function serviceSetup(): string {
  const config = loadConfig(process.env);
  const reference = config.referenceMatching ? "inputs and reference sources" : "inputs source only";
  return `${reference}, ${config.cacheTtlMs > 0 ? "cache on" : "cache off"}`;
}

/** CPU time (user + system, all threads) the process `pid` has used so far, in ms. */
function processCpuMs(pid: number): number {
  // /proc/<pid>/stat: fields after the parenthesized command; utime and stime are the 14th and 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export async function responsivenessBench(opts: {
  dir: string;
  jobs: number;
  /** The busy part fails when the batch has not finished after this long. */
  busyTimeoutS: number;
  report: Report;
  cleanup: Cleanup;
}): Promise<void> {
  const { dir, jobs, busyTimeoutS, report, cleanup } = opts;
  const port = await freePort();
  report(`\n## Responsiveness of the embedded default (npm start: SQLite, workers, threads), ${jobs} jobs`);
  const body = JSON.stringify({
    batch_name: "responsiveness",
    jobs: realisticJobs(jobs),
    attribute_set: "core",
    kick_off_jobs_now: false,
  });
  const floor = acceptFloor(dir, body);

  // BENCH_CPU_PROF_DIR: the service runs under --cpu-prof (a .cpuprofile per thread, written at its exit).
  const profDir = process.env.BENCH_CPU_PROF_DIR;
  const nodeArgs = profDir ? ["--cpu-prof", "--cpu-prof-dir", profDir] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, join(SERVICE_ROOT, "bin", "place-enrich.js"), "serve"],
    {
      cwd: SERVICE_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: join(dir, "service.db"),
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (c) => {
    output += c;
  });
  child.stderr?.on("data", (c) => {
    output += c;
  });
  cleanup.add("stop the service process", () => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  let key = /DEMO_API_KEY=(\S+)/.exec(output)?.[1];
  while (key === undefined) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`service did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
    key = /DEMO_API_KEY=(\S+)/.exec(output)?.[1];
  }
  for (;;) {
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error("service /health never answered");
    await new Promise((r) => setTimeout(r, 100));
  }
  const api = `${base}/v1/demo/place_enrichment`;
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };

  /** POSTs `body` (a new batch): the batch id, wall ms, and the service's CPU ms meanwhile. */
  async function acceptOnce(batchBody: string): Promise<{ id: string; wall: number; cpu: number }> {
    const cpuBefore = processCpuMs(child.pid!);
    const [id, wall] = await timed(async () => {
      const response = await fetch(`${api}/batches`, { method: "POST", headers, body: batchBody });
      const json = (await response.json()) as { id: string };
      if (!response.ok) throw new Error(`accept failed: ${response.status} ${JSON.stringify(json)}`);
      return json.id;
    });
    return { id, wall, cpu: processCpuMs(child.pid!) - cpuBefore };
  }
  const size = `${jobs} jobs (${(body.length / 1e6).toFixed(1)} MB)`;
  const floorText = "floor (JSON.parse + one prepared-statement transaction into a primary-key-only table)";
  const cold = await acceptOnce(body);
  const batchId = cold.id;
  report(
    `accept ${size} over HTTP, first after start (cold): ${ms(cold.wall)} (service CPU ${ms(cold.cpu)}); ${floorText}: ${ms(floor)}; ratio ${ratio(cold.wall, floor)} (aim ≤ 2x)`,
  );
  const warmRuns = Number(process.env.BENCH_ACCEPT_WARM ?? 5);
  if (warmRuns > 0) {
    const walls: number[] = [];
    const cpus: number[] = [];
    const floors: number[] = [];
    for (let run = 0; run < warmRuns; run++) {
      floors.push(acceptFloor(dir, body));
      const warm = await acceptOnce(body);
      walls.push(warm.wall);
      cpus.push(warm.cpu);
      // Deleted so that the busy part below works on a database like the cold run's.
      const deleted = await fetch(`${api}/batches/${warm.id}`, { method: "DELETE", headers });
      if (!deleted.ok) throw new Error(`delete failed: ${deleted.status} ${await deleted.text()}`);
    }
    const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(", ");
    report(
      `accept ${size}, warm, median of ${warmRuns}: ${ms(median(walls))} [${list(walls)}] (service CPU ${ms(median(cpus))} [${list(cpus)}]); floor median ${ms(median(floors))} [${list(floors)}]; ratio ${ratio(median(walls), median(floors))} (aim ≤ 2x)`,
    );
  }
  if (process.env.BENCH_ACCEPT_ONLY === "1") {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    return;
  }

  /**
   * One request of each kind every 100 ms until `done()`; returns the latencies. Each kind polls from
   * a client thread of its own: on one event loop, parsing a 3.5 MB page (~20–30 ms) delayed the
   * timers and reads of the status and /health probes beside it (the client's event-loop delay while
   * the batch ran: p99 29 ms, max 83 ms), counting the client's work as the server's latency.
   */
  async function poll(done: () => boolean, onStatus?: (status: string) => void): Promise<Latencies> {
    const lat: Latencies = { health: [], status: [], page: [], pageBytes: [] };
    const probes = (["health", "status", "page"] as const).map((kind) => {
      const thread = new Worker(PROBE_THREAD, {
        eval: true,
        workerData: { kind, base, api, batchId, headers, jobs },
      });
      thread.on("message", (m: { kind: keyof Latencies; ms: number } | { status: string }) => {
        if ("status" in m) onStatus?.(m.status);
        else lat[m.kind].push(m.ms);
      });
      return thread;
    });
    const exited = probes.map(
      (thread) =>
        new Promise<void>((resolve, reject) => {
          thread.once("error", reject);
          thread.once("exit", () => resolve());
        }),
    );
    while (!done()) await new Promise((r) => setTimeout(r, 20));
    for (const thread of probes) thread.postMessage("stop");
    await Promise.all(exited);
    return lat;
  }

  const idleUntil = performance.now() + 10_000;
  const idle = await poll(() => performance.now() > idleUntil);
  const labels = {
    health: "GET /health",
    status: "batch status (parsed)",
    pageBytes: "1,000-job page (last byte)",
    page: "1,000-job page (parsed)",
  };
  // Reported now: on a loaded machine the busy part may not finish in time.
  for (const kind of ["health", "status", "pageBytes", "page"] as const)
    report(`${labels[kind].padEnd(26)} idle: ${describe(idle[kind])}`);

  const queued = await fetch(`${api}/batches/${batchId}/reprocess`, {
    method: "POST",
    headers,
    body: JSON.stringify({ failed_only: false }),
  });
  if (!queued.ok) throw new Error(`reprocess failed: ${queued.status} ${await queued.text()}`);
  const startedAt = performance.now();
  let finishedAt = 0;
  const busy = await poll(
    () => finishedAt > 0 || performance.now() - startedAt > busyTimeoutS * 1000,
    (status) => {
      if ((status === "completed" || status === "failed") && finishedAt === 0) finishedAt = performance.now();
    },
  );
  if (finishedAt === 0) throw new Error(`the batch did not finish within ${busyTimeoutS} s`);
  const rss = peakRssMb(child.pid!);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  if (profDir) await exited; // the profiles are written as the process exits

  for (const kind of ["health", "status", "pageBytes", "page"] as const)
    report(`${labels[kind].padEnd(26)} busy: ${describe(busy[kind])}`);
  const rate = perSecond(jobs, finishedAt - startedAt);
  const bare = await bareEnrichmentRate(2000);
  report(
    `batch of ${jobs} (core attributes, ${serviceSetup()}, under the polling above): ${rate} jobs/s; before threads 3,463 jobs/s (inputs source, cache off, unpolled; the same setup here: REFERENCE_MATCHING=false CACHE_TTL_SECONDS=0 npm run bench); bare enrichment on one core here: ${bare} jobs/s (${ratio(rate, bare)})`,
  );
  report(`service peak RSS: ${rss} MB`);
}
