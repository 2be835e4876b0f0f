/**
 * `npm run load`: the service under a steady load of clients, on each store (issue 12). Loopback only,
 * bounded in time; one real `place-enrich serve` process per store (API + workers, as `npm start`).
 *
 *  1. Baseline: a 50,000-job batch with no other traffic; its throughput (jobs/s, submit to finish).
 *  2. Loaded: another 50,000-job batch (other places; the cache is off, so no job is free) while
 *     LOAD_CONNECTIONS clients send LOAD_RATE requests/s in all, half status polls
 *     (GET /batches/{id}), half results pages (GET /jobs?batchId=…&limit=100&offset=random), until the
 *     batch finishes. Reported: achieved rate, p50/p99/max latency (autocannon, corrected for
 *     coordinated omission), errors and non-2xx by status, the server's RSS over time, and the batch's
 *     throughput beside the baseline's.
 *  3. Burst: LOAD_BURST_CONNECTIONS connections at once on /health for LOAD_BURST_SECONDS; p50/p99/max
 *     and the kernel's listen-queue counters (TcpExtListenOverflows/ListenDrops) before and after: a
 *     connection whose SYN is dropped is retried by the client after 1, 3, 7, 15 s.
 *
 * Request limits stay on (so their store writes are part of every request) but high enough never to
 * refuse: a 429 here would be an error. Knobs (environment):
 *   LOAD_STORES=sqlite,postgres  LOAD_JOBS=50000  LOAD_RATE=20  LOAD_CONNECTIONS=100
 *   LOAD_MAX_SECONDS=600 (per batch; a batch not finished by then is reported with the jobs it got through)  LOAD_BURST_CONNECTIONS=2000  LOAD_BURST_SECONDS=10
 *   LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)  LOAD_SKIP_BASELINE=1
 *   LOAD_SERVER_ENV='{"WORKER_THREADS":"2"}' (extra environment of the server, JSON)
 * Prints a report on stdout; temp files, schemas and the server are removed on every exit path.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import autocannon from "autocannon";
import { Cleanup } from "./common.js";
import { adminQuery, withParam } from "./postgres-support.js";
import { realisticJobs } from "./realistic-jobs.js";

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

const STORES = (process.env.LOAD_STORES ?? "sqlite,postgres").split(",").map((s) => s.trim());
const JOBS = intEnv("LOAD_JOBS", 50_000);
// 100 clients each asking every 5 s, as the guide's clients poll.
const RATE = intEnv("LOAD_RATE", 20);
const CONNECTIONS = intEnv("LOAD_CONNECTIONS", 100);
const MAX_SECONDS = intEnv("LOAD_MAX_SECONDS", 600);
const BURST_CONNECTIONS = intEnv("LOAD_BURST_CONNECTIONS", 2000);
const BURST_SECONDS = intEnv("LOAD_BURST_SECONDS", 10);
const DATABASE_URL = process.env.LOAD_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SERVER_ENV = JSON.parse(process.env.LOAD_SERVER_ENV ?? "{}") as Record<string, string>;
const CLI = join(import.meta.dirname, "..", "bin", "place-enrich.js");
const HIGH = "100000000";

const out = (line = "") => process.stdout.write(`${line}\n`);
const cleanup = new Cleanup();

interface Server {
  child: ChildProcess;
  root: string;
  key: string;
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, "serve"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      CACHE_TTL_SECONDS: "0",
      RATE_LIMIT_PER_MINUTE: HIGH,
      POLL_RATE_LIMIT_PER_MINUTE: HIGH,
      ORG_RATE_LIMIT_PER_MINUTE: HIGH,
      JOBS_PER_HOUR: HIGH,
      ...SERVER_ENV,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = cleanup.add("stop the server", async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const root = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const key = /DEMO_API_KEY=(\S+)/.exec(output)?.[1];
    const up = key
      ? await fetch(`${root}/health`).then(
          (r) => r.ok,
          () => false,
        )
      : false;
    if (key && up) return { child, root, key };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`server did not start:\n${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** RSS every second while running; `stop()` returns the samples. */
function sampleRss(pid: number): { stop: () => number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(rssMb(pid)), 1000);
  return {
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}

function rssSummary(samples: number[]): string {
  if (samples.length === 0) return "no samples";
  const every = Math.max(1, Math.round(samples.length / 12));
  const series = samples.filter((_, i) => i % every === 0).map((mb) => mb.toFixed(0));
  return `min ${Math.min(...samples).toFixed(0)} / max ${Math.max(...samples).toFixed(0)} MB; every ${every} s: ${series.join(" ")}`;
}

async function submitBatch(server: Server, name: string, jobs: unknown[]): Promise<string> {
  const response = await fetch(`${server.root}/v1/demo/place_enrichment/batches`, {
    method: "POST",
    headers: { authorization: `Bearer ${server.key}`, "content-type": "application/json" },
    body: JSON.stringify({
      batch_name: name,
      jobs,
      attributes: ["websites", "phoneNumbers", "address", "categories", "names"],
    }),
  });
  if (response.status !== 200) throw new Error(`batch refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/**
 * Polls (every 2 s, with the statistics) until the batch has no job left to run or LOAD_MAX_SECONDS
 * passed; returns when it stopped waiting and how many jobs had ended (completed or failed) by then.
 */
async function waitFinished(server: Server, batchId: string): Promise<{ at: number; ended: number }> {
  const deadline = Date.now() + MAX_SECONDS * 1000;
  let ended = 0;
  for (;;) {
    const r = await fetch(`${server.root}/v1/demo/place_enrichment/batches/${batchId}?include=metadata`, {
      headers: { authorization: `Bearer ${server.key}` },
    });
    if (r.ok) {
      const body = (await r.json()) as {
        status: string;
        metadata: { status_counts: { completed: number; failed: number } };
      };
      ended = body.metadata.status_counts.completed + body.metadata.status_counts.failed;
      if (body.status === "completed" || body.status === "failed") return { at: Date.now(), ended };
    }
    if (Date.now() > deadline) return { at: Date.now(), ended };
    await new Promise((res) => setTimeout(res, 2000));
  }
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
}

function netstat(): Record<string, number> {
  const lines = readFileSync("/proc/net/netstat", "utf8").split("\n");
  const heads = lines[0]!.split(/\s+/);
  const values = lines[1]!.split(/\s+/);
  const pick = ["ListenOverflows", "ListenDrops", "TCPReqQFullDrop", "TCPReqQFullDoCookies"];
  return Object.fromEntries(pick.map((name) => [name, Number(values[heads.indexOf(name)] ?? Number.NaN)]));
}

function latencyLine(result: autocannon.Result): string {
  const l = result.latency;
  return `p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms`;
}

function statusLine(result: autocannon.Result): string {
  const stats =
    (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const parts = Object.entries(stats).map(([code, s]) => `${code}: ${s.count}`);
  return `${parts.join(", ") || "none"}; errors ${result.errors}, timeouts ${result.timeouts}`;
}

async function runStore(kind: string): Promise<void> {
  let databaseUrl: string;
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "place-enrich-load-"));
    cleanup.add(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
    databaseUrl = join(dir, "load.db");
  } else {
    const schema = `load_${process.pid}_${Date.now().toString(36)}`;
    cleanup.add(`drop schema ${schema}`, () => adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    databaseUrl = withParam(DATABASE_URL, "schema", schema);
  }
  out(`\n== ${kind} ==`);
  const server = await startServer(databaseUrl);
  const pid = server.child.pid!;
  const all = realisticJobs(2 * JOBS);

  let baselineRate: number | null = null;
  if (process.env.LOAD_SKIP_BASELINE !== "1") {
    const rss = sampleRss(pid);
    const t0 = Date.now();
    const id = await submitBatch(server, "baseline", all.slice(0, JOBS));
    const { at: finished, ended } = await waitFinished(server, id);
    baselineRate = ended / ((finished - t0) / 1000);
    out(
      `baseline: ${ended} of ${JOBS} jobs in ${((finished - t0) / 1000).toFixed(1)} s = ${baselineRate.toFixed(0)} jobs/s; RSS ${rssSummary(rss.stop())}`,
    );
  }

  const rss = sampleRss(pid);
  const t0 = Date.now();
  const batchId = await submitBatch(server, "loaded", all.slice(JOBS));
  const auth = { authorization: `Bearer ${server.key}` };
  const instance = autocannon({
    url: server.root,
    connections: CONNECTIONS,
    overallRate: RATE,
    duration: MAX_SECONDS,
    requests: [
      { method: "GET", path: `/v1/demo/place_enrichment/batches/${batchId}`, headers: auth },
      {
        method: "GET",
        headers: auth,
        setupRequest: (request: { path: string }) => {
          const offset = Math.floor(Math.random() * (JOBS / 100)) * 100;
          request.path = `/v1/demo/place_enrichment/jobs?batchId=${batchId}&limit=100&offset=${offset}`;
          return request;
        },
      },
    ],
  } as autocannon.Options);
  const { at: finished, ended } = await waitFinished(server, batchId);
  instance.stop();
  const result = await instance;
  const seconds = (finished - t0) / 1000;
  const loadedRate = ended / seconds;
  out(
    `loaded batch: ${ended} of ${JOBS} jobs in ${seconds.toFixed(1)} s = ${loadedRate.toFixed(0)} jobs/s${baselineRate ? ` (${((loadedRate / baselineRate) * 100).toFixed(0)}% of the baseline)` : ""}`,
  );
  out(
    `  requests: ${result.requests.total} in ${result.duration.toFixed(0)} s = ${(result.requests.total / result.duration).toFixed(0)}/s (asked ${RATE}/s, ${CONNECTIONS} connections); ${latencyLine(result)}`,
  );
  out(`  statuses: ${statusLine(result)}`);
  out(`  server RSS: ${rssSummary(rss.stop())}`);

  if (BURST_CONNECTIONS > 0) {
    const before = netstat();
    const cpuBefore = cpuSeconds(pid);
    // The client's own event loop: a client that cannot keep up shows up as latency too.
    const clientLoop = monitorEventLoopDelay({ resolution: 10 });
    clientLoop.enable();
    const t = Date.now();
    const burst = await autocannon({
      url: `${server.root}/health`,
      connections: BURST_CONNECTIONS,
      duration: BURST_SECONDS,
    });
    clientLoop.disable();
    const serverCpu = (cpuSeconds(pid) - cpuBefore) / ((Date.now() - t) / 1000);
    const after = netstat();
    const delta = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
    out(
      `burst: ${BURST_CONNECTIONS} connections on /health for ${BURST_SECONDS} s: ${(burst.requests.total / burst.duration).toFixed(0)} req/s; ${latencyLine(burst)}; ${statusLine(burst)}`,
    );
    out(`  kernel listen queue during the burst: ${JSON.stringify(delta)}`);
    out(
      `  server CPU ${(serverCpu * 100).toFixed(0)}% of a core; the client's event loop delay p99 ${(clientLoop.percentile(99) / 1e6).toFixed(0)} ms, max ${(clientLoop.max / 1e6).toFixed(0)} ms; load average ${loadavg()[0]!.toFixed(2)}`,
    );
  }
  server.child.kill("SIGTERM");
  await new Promise((r) => server.child.once("exit", r));
}

async function main(): Promise<void> {
  out(
    `load test: ${cpus().length} cores, load average before ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  for (const kind of STORES) await runStore(kind);
  out(
    `\nload average after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
}

const watchdog = setTimeout(
  () => {
    process.stderr.write("load test: time is up\n");
    void cleanup.runAll().finally(() => process.exit(1));
  },
  STORES.length * (2 * MAX_SECONDS + BURST_SECONDS + 180) * 1000,
);
watchdog.unref();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanup.runAll().finally(() => process.exit(130)));
}
main()
  .then(() => cleanup.runAll())
  .then(
    () => process.exit(0),
    async (error) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      await cleanup.runAll();
      process.exit(1);
    },
  );
