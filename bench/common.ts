/** Shared helpers of the benchmarks: timing, the HTTP server under test, and cleanup on every exit path. */
import type { FastifyInstance } from "fastify";
import { createOrgWithKey } from "../src/accounts/api-keys.js";
import { buildApp } from "../src/api/app.js";
import { systemClock } from "../src/clock.js";
import { loadConfig } from "../src/config.js";
import type { Store } from "../src/store/port.js";
import type { EnrichmentPool } from "../src/worker/enrichment-pool.js";

export type Report = (line: string) => void;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function ms(n: number): string {
  return `${n.toFixed(1)} ms`;
}

export function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}x`;
}

export function perSecond(count: number, elapsedMs: number): number {
  return Math.round((count / elapsedMs) * 1000);
}

export async function timed<T>(task: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await task();
  return [value, performance.now() - start];
}

/**
 * Undo actions (close a store, drop a schema, kill a child, remove a temp dir), run last-in first-out by
 * `runAll` whatever happened: normal end, exception, signal or watchdog. `add` returns a function that runs
 * the action early (and only once).
 */
export class Cleanup {
  private readonly tasks: Array<{ what: string; run: () => unknown }> = [];

  add(what: string, run: () => unknown): () => Promise<void> {
    const task = { what, run };
    this.tasks.push(task);
    return async () => {
      const i = this.tasks.indexOf(task);
      if (i < 0) return;
      this.tasks.splice(i, 1);
      await task.run();
    };
  }

  async runAll(): Promise<void> {
    for (let task = this.tasks.pop(); task; task = this.tasks.pop()) {
      try {
        await task.run();
      } catch (error) {
        process.stderr.write(`cleanup: ${task.what} failed: ${(error as Error).message}\n`);
      }
    }
  }
}

export type BenchJob = { place_id: string; inputs: Record<string, unknown> };

export const BENCH_ATTRIBUTES = ["websites", "phoneNumbers"] as const;

/** The service's HTTP API on 127.0.0.1 (random port) over `store`, with an org `bench` and its key. */
export class ApiServer {
  private constructor(
    private readonly app: FastifyInstance,
    private readonly base: string,
    private readonly key: string,
  ) {}

  static async start(store: Store, enrichment: EnrichmentPool): Promise<ApiServer> {
    const config = { ...loadConfig({}), workerConcurrency: 4 };
    const app = await buildApp({ store, config, clock: systemClock, enrichment });
    await app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const address = app.server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      const { key } = await createOrgWithKey(store, "bench", Date.now());
      return new ApiServer(app, `http://127.0.0.1:${port}/v1/bench/place_enrichment`, key);
    } catch (error) {
      await app.close();
      throw error;
    }
  }

  /** POSTs a batch (the body already serialized) and returns its id. */
  async createBatch(body: string): Promise<string> {
    const response = await fetch(`${this.base}/batches`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.key}`, "content-type": "application/json" },
      body,
    });
    if (response.status !== 200)
      throw new Error(`create failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }

  async get(path: string): Promise<void> {
    const response = await fetch(`${this.base}${path}`, { headers: { authorization: `Bearer ${this.key}` } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
  }

  /** Medians over `rounds` of the batch status and of a 1,000-job results page at varying offsets. */
  async measureReads(batchId: string, jobs: number, rounds = 15): Promise<{ status: number; page: number }> {
    const statusTimes: number[] = [];
    const pageTimes: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // With the statistics, as measured before metadata became opt-in: the heavier of the two views.
      statusTimes.push((await timed(() => this.get(`/batches/${batchId}?include=metadata`)))[1]);
      pageTimes.push(
        (await timed(() => this.get(`/jobs?batchId=${batchId}&limit=1000&offset=${(i * 1000) % jobs}`)))[1],
      );
    }
    return { status: median(statusTimes), page: median(pageTimes) };
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}

export function batchBody(name: string, jobs: readonly BenchJob[]): string {
  return JSON.stringify({ batch_name: name, jobs, attributes: BENCH_ATTRIBUTES });
}
