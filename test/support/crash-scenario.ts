/**
 * The crash-safety scenario, run against any shared database: one API process (--no-workers), several
 * worker processes; a batch of a few thousand jobs; one worker SIGKILLed mid-flight, another
 * SIGTERMed, a replacement started. Returns what the assertions need.
 */
import { type CliProcess, freePort, startCli, waitFor } from "./processes.js";

export interface CrashScenarioResult {
  finalStatus: string;
  total: number;
  placeIds: string[];
  statuses: Record<string, number>;
  maxAttempts: number;
  retriedJobs: number;
  terminatedExitCode: number | null;
}

export async function runCrashScenario(options: {
  databaseUrl: string;
  jobs: number;
  workers: number;
  /** How many jobs the worker process with this pid holds leased (in_progress) right now. */
  leasedBy: (pid: number) => Promise<number>;
}): Promise<CrashScenarioResult> {
  const port = await freePort();
  const env = {
    DATABASE_URL: options.databaseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    LEASE_SECONDS: "5",
    WORKER_POLL_MS: "50",
    WORKER_CONCURRENCY: "2",
    // One enrichment thread per process: four processes on a 2-core machine load their datasets at once.
    WORKER_THREADS: "1",
    WORKER_CLAIM_BATCH: "200",
    SHUTDOWN_GRACE_SECONDS: "10",
    MAX_ATTEMPTS: "5",
    // "service started" is an info line: the scenario waits for it.
    LOG_LEVEL: "info",
  };
  const processes: CliProcess[] = [];
  const start = (args: string[]) => {
    const p = startCli(args, env);
    processes.push(p);
    return p;
  };
  try {
    const api = start(["serve", "--no-workers"]);
    const key = await waitFor(async () => /DEMO_API_KEY=(\S+)/.exec(api.output())?.[1], 60_000, "demo key");
    const base = `http://127.0.0.1:${port}/v1/demo/place_enrichment`;
    await waitFor(
      async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined),
      30_000,
      "api",
    );
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const call = async (path: string, body?: unknown) => {
      const r = await fetch(`${base}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as any;
    };

    const jobs = Array.from({ length: options.jobs }, (_, i) => ({
      place_id: `p${i}`,
      inputs: {
        name: `Store ${i}`,
        full_address: `${i} Main St, Springfield, IL 62701`,
        latitude: 39.78,
        longitude: -89.65,
        phone: `+1 217 555 ${String(i % 10_000).padStart(4, "0")}`,
      },
    }));
    // Workers start first so that they are all warm when the work arrives.
    const workers = Array.from({ length: options.workers }, () => start(["worker"]));
    await waitFor(
      async () => (workers.every((w) => w.output().includes("service started")) ? true : undefined),
      60_000,
      "workers to start",
    );
    const batch = await call("/batches", {
      batch_name: "crash test",
      jobs,
      attributes: ["phoneNumbers", "names"],
    });

    // Kill a worker while it holds leased jobs: freeze each in turn (SIGSTOP) and look at what it
    // holds; the first one caught holding jobs is SIGKILLed, so it dies mid-flight for certain.
    const victim = await waitFor(
      async () => {
        for (const w of workers) {
          w.child.kill("SIGSTOP");
          if ((await options.leasedBy(w.child.pid!)) > 0) return w;
          w.child.kill("SIGCONT");
        }
        return undefined;
      },
      30_000,
      "a worker holding jobs",
    );
    victim.child.kill("SIGKILL");
    // Stop another one gracefully while it works, and start a replacement.
    const stopped = workers.find((w) => w !== victim)!;
    stopped.child.kill("SIGTERM");
    const terminatedExitCode = await stopped.exited;
    start(["worker"]);

    const final = await waitFor(
      async () => {
        const s = await call(`/batches/${batch.id}`);
        return s.status === "completed" || s.status === "failed" ? s : undefined;
      },
      60_000,
      "the batch to finish",
    );
    const placeIds: string[] = [];
    const statuses: Record<string, number> = {};
    let maxAttempts = 0;
    let retriedJobs = 0;
    let total = 0;
    for (let offset = 0; ; offset += 1000) {
      const page = await call(`/jobs?batchId=${batch.id}&limit=1000&offset=${offset}`);
      total = page.total;
      for (const job of page.jobs) {
        placeIds.push(job.place_id);
        statuses[job.status] = (statuses[job.status] ?? 0) + 1;
        maxAttempts = Math.max(maxAttempts, job.job_metadata.attempts);
        if (job.job_metadata.attempts > 1) retriedJobs++;
      }
      if (offset + page.jobs.length >= page.total) break;
    }
    return {
      finalStatus: final.status,
      total,
      placeIds,
      statuses,
      maxAttempts,
      retriedJobs,
      terminatedExitCode,
    };
  } finally {
    for (const p of processes)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await Promise.all(processes.map((p) => p.exited));
  }
}
