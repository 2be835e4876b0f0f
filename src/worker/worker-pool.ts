/**
 * The worker loop of one process. It runs `lanes` loops side by side; each lane:
 *
 *   claim up to N due jobs (lease) ─▶ enrich them (JobProcessor → enrichment threads) ─▶ store
 *   completions and failures in two batched calls ─▶ mark batches that just finished ─▶ repeat;
 *   when nothing was due, sleep for the poll interval or until `notify()` (new work).
 *
 * Enrichment runs in threads, so this thread only waits: while one lane's jobs are enriched, another
 * lane's store round trips run, HTTP requests are served, the heartbeat renews every lane's leases
 * and signals are handled at once.
 *
 * Failures: retryable ones go back to `queued` with exponential backoff until maxAttempts, then
 * `failed`. Every half lease period one lane also reaps leases that expired (their worker died).
 *
 * Ownership: each claim holds its jobs under a lease owner of its own (`<workerId>/<claim number>`),
 * and every later write of the claim (completion, failure, renewal, release) names that owner. A job
 * reprocessed while a lane enriches it may be claimed again by another lane of this pool; the first
 * claim's late completion then no longer owns the row and is dropped, as it would be for another
 * process's claim (with one owner per pool it was stored, with the old attribute list).
 *
 * Shutdown (`stop`): no new claims from that moment; in-flight jobs get `shutdownGraceMs` to finish,
 * then the ones still running are released (back to queued, attempt not counted) for another worker,
 * and their late results are discarded.
 */
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Clock, Random } from "../clock.js";
import { deriveBatchStatus } from "../domain/job-status.js";
import type { ClaimedJob, FailedJob, Store } from "../store/port.js";
import { describeError } from "./enrichment-tasks.js";
import type { JobProcessor, ProcessOutcome } from "./job-processor.js";
import { nextRetryAt, type RetryPolicy } from "./retry-policy.js";

export interface WorkerPoolOptions {
  store: Store;
  processor: JobProcessor;
  clock: Clock;
  random: Random;
  logger: Logger;
  claimBatch: number;
  /** Claim → enrich → complete loops run side by side (≥ 1). */
  lanes: number;
  /** For the status in the "batch finished" log line (API.md §2.5). */
  batchFailedThreshold: number;
  leaseMs: number;
  pollIntervalMs: number;
  /** Longest idle sleep: the poll interval doubles up to this while no job is due. */
  idleMaxMs: number;
  shutdownGraceMs: number;
  retry: RetryPolicy;
  /** Cache entries older than this are pruned along with the lease reaping; 0: no cache, nothing to prune. */
  cacheTtlMs: number;
  workerId?: string;
  /** Called when this pool marked batches finished (the webhook loop looks for their events). */
  onBatchesFinished?: () => void;
}

export interface WorkerPoolStats {
  claimed: number;
  completed: number;
  retried: number;
  failed: number;
  released: number;
  /**
   * Results the store did not take: the job was deleted, reprocessed or reclaimed while it ran (its
   * lease was no longer this worker's). So claimed = completed + retried + failed + released + superseded.
   */
  superseded: number;
}

/** The jobs one lane holds between its claim and its store writes. */
interface InFlight {
  /** The lease owner the claim wrote (see Ownership above). */
  owner: string;
  jobs: ClaimedJob[];
  /** Set when shutdown released these jobs: their results must not be stored. */
  released: boolean;
}

export class WorkerPool {
  readonly workerId: string;
  readonly stats: WorkerPoolStats = {
    claimed: 0,
    completed: 0,
    retried: 0,
    failed: 0,
    released: 0,
    superseded: 0,
  };
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();
  private readonly inFlight = new Set<InFlight>();
  private heartbeat: NodeJS.Timeout | null = null;
  private lastReap = 0;
  private idleRounds = 0;
  /** Claims made so far: numbers each claim's lease owner. */
  private claims = 0;
  private unwatch: (() => Promise<void>) | null = null;
  private endGrace: (() => void) | null = null;
  /** Per lane: when it last finished a round or woke from sleep (clock ms); readiness reads it. */
  private readonly laneSeenAt: number[] = [];

  constructor(private readonly options: WorkerPoolOptions) {
    this.workerId =
      options.workerId ?? `${hostname()}:${process.pid}:${Math.floor(options.random() * 1e9).toString(36)}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const lanes = Math.max(1, Math.floor(this.options.lanes));
    const now = this.options.clock.now();
    this.loops = Array.from({ length: lanes }, (_, lane) => {
      this.laneSeenAt[lane] = now;
      return this.run(lane);
    });
    this.startHeartbeat();
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

  /** Wakes idle lanes at once (new work was enqueued). */
  notify(): void {
    this.idleRounds = 0;
    for (const wake of [...this.sleepers]) wake();
  }

  /** Jobs currently held by this pool's lanes. */
  get inFlightCount(): number {
    let n = 0;
    for (const slot of this.inFlight) n += slot.jobs.length;
    return n;
  }

  /**
   * Stops claiming at once; waits for in-flight work up to the grace period, then releases what is
   * left. Resolves with what was released.
   */
  async stop(): Promise<{ released: number }> {
    if (!this.running) return { released: 0 };
    this.running = false;
    this.notify();
    await this.unwatch?.().catch(() => {});
    this.unwatch = null;
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<"timeout">((resolve) => {
      this.endGrace = () => resolve("timeout");
      timer = setTimeout(this.endGrace, this.options.shutdownGraceMs);
    });
    const outcome = await Promise.race([Promise.all(this.loops).then(() => "done" as const), graceOver]);
    clearTimeout(timer);
    this.endGrace = null;
    let released = 0;
    if (outcome === "timeout" && this.inFlight.size > 0) {
      const slots = [...this.inFlight];
      for (const slot of slots) slot.released = true;
      this.inFlight.clear();
      const now = this.options.clock.now();
      for (const slot of slots) {
        released += await this.options.store.releaseJobs({
          workerId: slot.owner,
          pks: slot.jobs.map((j) => j.pk),
          now,
        });
      }
      this.stats.released += released;
      this.options.logger.warn({ released }, "shutdown grace period over: released in-flight jobs");
    }
    this.stopHeartbeat();
    return { released };
  }

  /**
   * Whether the loop is alive, for /ready: false once stopping (a load balancer should send no more
   * work here), and when a lane has shown no sign of life for `stallMs` — longer than an enrichment
   * task may take (ENRICH_TIMEOUT_SECONDS) plus the store calls around it, so a healthy lane never trips it.
   */
  health(now: number, stallMs: number): { ok: boolean; detail?: string } {
    if (!this.running) return { ok: false, detail: "workers stopping" };
    const stalled = this.laneSeenAt.findIndex((seen) => now - seen > stallMs);
    if (stalled >= 0) {
      const seconds = Math.round((now - this.laneSeenAt[stalled]!) / 1000);
      return { ok: false, detail: `worker lane ${stalled} stalled for ${seconds} s` };
    }
    return { ok: true };
  }

  /** During stop(): ends the grace period now (a second Ctrl-C): in-flight jobs are released at once. */
  hurry(): void {
    this.endGrace?.();
  }

  private async run(lane: number): Promise<void> {
    const { logger } = this.options;
    while (this.running) {
      try {
        if (lane === 0) await this.reapIfDue();
        const worked = await this.runOnce();
        this.laneSeenAt[lane] = this.options.clock.now();
        if (worked) this.idleRounds = 0;
        else if (this.running) await this.idle();
        this.laneSeenAt[lane] = this.options.clock.now();
      } catch (error) {
        // The database may be down for a moment: keep the lane alive and try again later.
        logger.error({ err: error }, "worker iteration failed");
        if (this.running) await this.idle();
      }
    }
  }

  /** Claims and processes one batch of jobs. Returns false when no job was due. */
  async runOnce(): Promise<boolean> {
    const { store, processor, clock, claimBatch, leaseMs } = this.options;
    const owner = `${this.workerId}/${(++this.claims).toString(36)}`;
    const claimed = await store.claimJobs({
      workerId: owner,
      limit: claimBatch,
      leaseMs,
      now: clock.now(),
    });
    if (claimed.length === 0) return false;
    this.stats.claimed += claimed.length;
    const slot: InFlight = { owner, jobs: claimed, released: false };
    this.inFlight.add(slot);
    try {
      let outcome: ProcessOutcome;
      try {
        outcome = await processor.process(claimed);
      } catch (error) {
        // Not one place's failure (those come back in the outcome) but the round's, e.g. its cache
        // lookup: the jobs go back with a backoff now rather than sit until their lease expires.
        this.options.logger.warn({ err: error, jobs: claimed.length }, "processing a claimed batch failed");
        const reason = describeError(error);
        outcome = {
          completed: [],
          failed: claimed.map((j) => ({ pk: j.pk, error: reason, retryable: true })),
        };
      }
      if (slot.released) return true; // released during shutdown: results are discarded
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
        // Awaited first, then added: `x += await …` reads x before the await and would lose the
        // other lane's additions made meanwhile.
        const stored = await store.completeJobs({ workerId: owner, jobs: outcome.completed, now });
        this.stats.completed += stored;
        this.stats.superseded += outcome.completed.length - stored;
      }
      if (failures.length > 0) {
        const stored = await store.failJobs({ workerId: owner, jobs: failures, now });
        // Which of them the store refused is not known: when some were, they count as superseded and
        // the rest as failed or retried, in order.
        let left = stored;
        for (const f of failures) {
          if (left-- <= 0) this.stats.superseded++;
          else if (f.retryAt === null) this.stats.failed++;
          else this.stats.retried++;
        }
      }
      await this.markFinished(claimed.map((j) => j.batchPk));
      return true;
    } finally {
      this.inFlight.delete(slot);
    }
  }

  /** Logs each batch whose last job just ended (exactly once across processes: the store decides). */
  private async markFinished(batchPks: ReadonlyArray<number | null>): Promise<void> {
    const distinct = [...new Set(batchPks.filter((pk): pk is number => pk !== null))];
    if (distinct.length === 0) return;
    const finished = await this.options.store.markFinishedBatches({
      batchPks: distinct,
      now: this.options.clock.now(),
    });
    if (finished.length > 0) this.options.onBatchesFinished?.();
    for (const batch of finished) {
      this.options.logger.info(
        {
          org: batch.orgId,
          batch: batch.id,
          status: deriveBatchStatus(batch.counts, this.options.batchFailedThreshold),
          counts: batch.counts,
          // From the batch's creation, appends and reprocessing included (new-user trial: read as the
          // last run's duration, 183 s for 23 s of work after a reprocess).
          sinceCreatedMs: batch.finishedAt - batch.createdAt,
        },
        "batch finished",
      );
    }
  }

  /** One timer renews the leases of every lane's jobs, every third of the lease. */
  private startHeartbeat(): void {
    const { store, clock, leaseMs } = this.options;
    this.heartbeat = setInterval(
      () => {
        // One call per claim in flight (at most one per lane), each under the claim's own owner.
        const now = clock.now();
        for (const slot of this.inFlight) {
          store
            .renewLeases({ workerId: slot.owner, pks: slot.jobs.map((j) => j.pk), leaseMs, now })
            .catch((err) => this.options.logger.warn({ err }, "lease renewal failed"));
        }
      },
      Math.max(1000, Math.floor(leaseMs / 3)),
    );
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private async reapIfDue(): Promise<void> {
    const now = this.options.clock.now();
    if (now - this.lastReap < this.options.leaseMs / 2) return;
    this.lastReap = now;
    const reaped = await this.options.store.reapExpiredLeases({
      now,
      maxAttempts: this.options.retry.maxAttempts,
    });
    if (reaped.requeued + reaped.failed > 0) {
      this.options.logger.warn(reaped, "reaped expired leases");
      if (reaped.failed > 0) await this.markFinished(reaped.batchPks);
    }
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
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, wait);
      this.sleepers.add(done);
    });
  }
}
