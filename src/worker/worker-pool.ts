/**
 * The worker loop. One loop per pool:
 *
 *   claim up to N due jobs (lease) ─▶ enrich them (JobProcessor, bounded concurrency, leases renewed
 *   by a heartbeat) ─▶ store completions and failures in two batched calls ─▶ repeat; when nothing
 *   was due, sleep for the poll interval or until `notify()` (the in-process API calls it on new work).
 *
 * Failures: retryable ones go back to `queued` with exponential backoff until maxAttempts, then
 * `failed`. Every lease period the pool also reaps leases that expired (their worker died).
 * Shutdown (`stop`): no new claims; the in-flight batch gets `shutdownGraceMs` to finish, otherwise
 * its jobs are released (back to queued, attempt not counted) so another worker picks them up.
 */
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Clock, Random } from "../clock.js";
import type { ClaimedJob, FailedJob, Store } from "../store/port.js";
import type { JobProcessor } from "./job-processor.js";
import { nextRetryAt, type RetryPolicy } from "./retry-policy.js";

export interface WorkerPoolOptions {
  store: Store;
  processor: JobProcessor;
  clock: Clock;
  random: Random;
  logger: Logger;
  claimBatch: number;
  leaseMs: number;
  pollIntervalMs: number;
  /** Longest idle sleep: the poll interval doubles up to this while no job is due. */
  idleMaxMs: number;
  shutdownGraceMs: number;
  retry: RetryPolicy;
  /** Cache entries older than this are pruned along with the lease reaping; 0: no cache, nothing to prune. */
  cacheTtlMs: number;
  workerId?: string;
}

export interface WorkerPoolStats {
  claimed: number;
  completed: number;
  retried: number;
  failed: number;
  released: number;
}

export class WorkerPool {
  readonly workerId: string;
  readonly stats: WorkerPoolStats = { claimed: 0, completed: 0, retried: 0, failed: 0, released: 0 };
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private inFlight: ClaimedJob[] = [];
  private lastReap = 0;
  private idleRounds = 0;
  private unwatch: (() => Promise<void>) | null = null;

  constructor(private readonly options: WorkerPoolOptions) {
    this.workerId =
      options.workerId ?? `${hostname()}:${process.pid}:${Math.floor(options.random() * 1e9).toString(36)}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.options.store
      .watchForWork?.(
        () => this.notify(),
        (err) => this.options.logger.warn({ err }, "work notifications lost; reconnecting"),
      )
      .then((unwatch) => {
        if (this.running) this.unwatch = unwatch;
        else void unwatch();
      })
      .catch((err) => this.options.logger.warn({ err }, "work notifications unavailable; polling"));
  }

  /** Wakes an idle loop at once (new work was enqueued). */
  notify(): void {
    this.idleRounds = 0;
    this.wake?.();
  }

  /** Stops claiming; waits for in-flight work up to the grace period, then releases what is left. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.notify();
    await this.unwatch?.();
    this.unwatch = null;
    const loop = this.loop;
    if (!loop) return;
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), this.options.shutdownGraceMs);
    });
    const outcome = await Promise.race([loop.then(() => "done" as const), graceOver]);
    clearTimeout(timer);
    if (outcome === "timeout" && this.inFlight.length > 0) {
      const pks = this.inFlight.map((j) => j.pk);
      this.inFlight = [];
      const released = await this.options.store.releaseJobs({
        workerId: this.workerId,
        pks,
        now: this.options.clock.now(),
      });
      this.stats.released += released;
      this.options.logger.warn({ released }, "shutdown grace period over: released in-flight jobs");
    }
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    while (this.running) {
      try {
        await this.reapIfDue();
        const worked = await this.runOnce();
        if (worked) this.idleRounds = 0;
        else if (this.running) await this.idle();
      } catch (error) {
        // The database may be down for a moment: keep the worker alive and try again later.
        logger.error({ err: error }, "worker iteration failed");
        if (this.running) await this.idle();
      }
    }
  }

  /** Claims and processes one batch. Returns false when no job was due. */
  async runOnce(): Promise<boolean> {
    const { store, processor, clock, claimBatch, leaseMs } = this.options;
    const claimed = await store.claimJobs({
      workerId: this.workerId,
      limit: claimBatch,
      leaseMs,
      now: clock.now(),
    });
    if (claimed.length === 0) return false;
    this.stats.claimed += claimed.length;
    this.inFlight = claimed;
    const heartbeat = setInterval(
      () => {
        const pks = this.inFlight.map((j) => j.pk);
        if (pks.length === 0) return;
        store
          .renewLeases({ workerId: this.workerId, pks, leaseMs, now: clock.now() })
          .catch((err) => this.options.logger.warn({ err }, "lease renewal failed"));
      },
      Math.max(1000, Math.floor(leaseMs / 3)),
    );
    heartbeat.unref();
    try {
      const outcome = await processor.process(claimed);
      if (this.inFlight.length === 0) return true; // released during shutdown: results are discarded
      const now = clock.now();
      const attemptsByPk = new Map(claimed.map((j) => [j.pk, j.attempts]));
      const failures: FailedJob[] = outcome.failed.map((f) => {
        const attempts = attemptsByPk.get(f.pk) ?? this.options.retry.maxAttempts;
        const retryAt = f.retryable
          ? nextRetryAt(this.options.retry, attempts, now, this.options.random)
          : null;
        return { pk: f.pk, error: f.error, retryAt, attributeStatus: f.attributeStatus };
      });
      if (outcome.completed.length > 0) {
        this.stats.completed += await store.completeJobs({
          workerId: this.workerId,
          jobs: outcome.completed,
          now,
        });
      }
      if (failures.length > 0) {
        await store.failJobs({ workerId: this.workerId, jobs: failures, now });
        for (const f of failures) {
          if (f.retryAt === null) this.stats.failed++;
          else this.stats.retried++;
        }
      }
      return true;
    } finally {
      clearInterval(heartbeat);
      this.inFlight = [];
    }
  }

  private async reapIfDue(): Promise<void> {
    const now = this.options.clock.now();
    if (now - this.lastReap < this.options.leaseMs / 2) return;
    this.lastReap = now;
    const reaped = await this.options.store.reapExpiredLeases({
      now,
      maxAttempts: this.options.retry.maxAttempts,
    });
    if (reaped.requeued + reaped.failed > 0) this.options.logger.warn(reaped, "reaped expired leases");
    if (this.options.cacheTtlMs > 0) {
      // Bounded, so one pass never holds the database long; a large backlog goes over several passes.
      const pruned = await this.options.store.pruneCache({
        notBefore: now - this.options.cacheTtlMs,
        limit: 5000,
      });
      if (pruned > 0) this.options.logger.debug({ pruned }, "pruned expired cache entries");
    }
  }

  private idle(): Promise<void> {
    const { pollIntervalMs, idleMaxMs } = this.options;
    const wait = Math.min(
      Math.max(pollIntervalMs, idleMaxMs),
      pollIntervalMs * 2 ** Math.min(this.idleRounds, 16),
    );
    this.idleRounds++;
    return new Promise((resolve) => {
      const timer = setTimeout(done, wait);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }
}
