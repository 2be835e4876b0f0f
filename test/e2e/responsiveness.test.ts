/**
 * The embedded default as a user runs it — `npm start` in its own process group, over real HTTP — stays
 * responsive while it processes a big batch, and Ctrl-C (SIGINT to the whole group, as a terminal sends
 * it) stops it gracefully: exit 0, nothing left in progress.
 *
 * The 1 s bound is loose on purpose (CI machines are shared); the tight figures are the benchmark's
 * (bench/responsiveness.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, REPO_ROOT, waitFor } from "../support/processes.js";
import { tempDatabasePath } from "../support/temp-db.js";

const db = tempDatabasePath();
let child: ChildProcess | null = null;
afterAll(() => {
  if (child?.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
  db.cleanup();
});

function jobs(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    place_id: `${prefix}${i}`,
    inputs: {
      name: i % 7 === 0 ? "Starbucks" : `Corner Store ${i}`,
      full_address: `${100 + (i % 900)} Main St, Springfield, IL 62701`,
      latitude: 39.78 + (i % 100) / 10_000,
      longitude: -89.65,
      phone: `+1 217 555 ${String(i % 10_000).padStart(4, "0")}`,
      category: "convenience_store",
    },
  }));
}

describe("npm start under a full batch", () => {
  it("answers /health and status polls within 1 s while 20,000 jobs run, and exits 0 on Ctrl-C with nothing in progress", async () => {
    const port = await freePort();
    const graceSeconds = 3;
    child = spawn("npm", ["start"], {
      cwd: REPO_ROOT,
      detached: true, // its own process group, like a terminal's foreground job
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: db.path,
        SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (c) => {
      output += c;
    });
    child.stderr?.on("data", (c) => {
      output += c;
    });
    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));

    const key = await waitFor(async () => /DEMO_API_KEY=(\S+)/.exec(output)?.[1], 60_000, "demo key");
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => ((await fetch(`${base}/health`)).ok ? true : undefined), 60_000, "/health");
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const create = async (name: string, n: number) => {
      const response = await fetch(`${base}/v1/demo/place_enrichment/batches`, {
        method: "POST",
        headers,
        body: JSON.stringify({ batch_name: name, jobs: jobs(name, n), attribute_set: "core" }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { id: string }).id;
    };
    const status = async (id: string) =>
      (await (
        await fetch(`${base}/v1/demo/place_enrichment/batches/${id}?include=metadata`, { headers })
      ).json()) as { status: string; metadata: { status_counts: Record<string, number> } };

    // 1. Poll /health and the batch status every 100 ms while 20,000 jobs are processed.
    const first = await create("a", 20_000);
    const slowest = { health: 0, status: 0 };
    let finished = false;
    const poll = async (kind: "health" | "status") => {
      while (!finished) {
        const start = performance.now();
        if (kind === "health") await (await fetch(`${base}/health`)).arrayBuffer();
        else if ((await status(first)).status === "completed") finished = true;
        slowest[kind] = Math.max(slowest[kind], performance.now() - start);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const deadline = setTimeout(() => {
      finished = true;
    }, 240_000);
    await Promise.all([poll("health"), poll("status")]);
    clearTimeout(deadline);
    expect((await status(first)).metadata.status_counts.completed).toBe(20_000);
    expect(slowest.health).toBeLessThan(1000);
    expect(slowest.status).toBeLessThan(1000);
    // The batch's end is logged once.
    expect(output.match(/"batch finished"/g)?.length).toBe(1);

    // 2. Ctrl-C mid-batch: the whole process group gets SIGINT, as from a terminal.
    const second = await create("b", 20_000);
    await waitFor(
      async () => (((await status(second)).metadata.status_counts.completed ?? 0) > 0 ? true : undefined),
      60_000,
      "the second batch to start",
    );
    const signalled = Date.now();
    process.kill(-child.pid!, "SIGINT");
    const code = await exited;
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan((graceSeconds + 5) * 1000);
    expect(output).toMatch(/"msg":"stopped"/);

    const sqlite = new Database(db.path, { readonly: true });
    try {
      const counts = Object.fromEntries(
        sqlite.prepare("SELECT status, count(*) AS n FROM jobs GROUP BY status").raw().all() as Array<
          [string, number]
        >,
      );
      expect(counts.in_progress ?? 0).toBe(0);
      expect((counts.completed ?? 0) + (counts.queued ?? 0)).toBe(40_000);
      expect(counts.queued ?? 0).toBeGreaterThan(0); // it really was stopped mid-batch
    } finally {
      sqlite.close();
    }
  }, 400_000);
});
