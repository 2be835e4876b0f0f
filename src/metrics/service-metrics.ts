/**
 * The process's Prometheus metrics (prom-client), served by GET /metrics (API processes) or on
 * METRICS_PORT (worker-only processes). One registry per process, never prom-client's global one,
 * so that tests and several apps in one process do not share counters.
 *
 * Names follow Prometheus conventions: prefix `place_enrich_`, base units (seconds), `_total` on
 * counters. Labels are bounded: an HTTP route is Fastify's route template (`/v1/:org_slug/…`, or
 * `unmatched`), never a raw URL, and no label carries an organization, a key or a place.
 *
 * - place_enrich_http_requests_total{method, route, status}, place_enrich_http_request_duration_seconds
 *   {method, route}: every request, from its arrival to its response's end;
 * - place_enrich_jobs_queued, place_enrich_jobs_in_progress, place_enrich_queue_head_wait_seconds: the
 *   work queue of every organization, read from the store's partial indexes at scrape time (the store
 *   is shared: every process reports the same figures);
 * - place_enrich_jobs_processed_total{outcome}: jobs this process's workers completed, retried, failed
 *   or released at shutdown;
 * - place_enrich_enrichment_source_duration_seconds{source}: each evidence source's time per place;
 * - place_enrich_web_fetches_total{outcome}: website pages the enrichment threads fetched, by outcome
 *   (`ok`, `cached`, `http_error`, `dns_failure`, `timeout`, `robots_blocked`, `blocked_address`, … as
 *   in src/web/fetch/fetch-outcome.ts): a bounded set;
 * - place_enrich_webhook_attempts_total{outcome}: batch webhook POSTs this process made: delivered,
 *   retry (to be sent again), failed (for good);
 * - the process's own (CPU, memory, event loop lag, GC), prefixed `place_enrich_process_`/`nodejs_`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Clock } from "../clock.js";
import type { Store } from "../store/port.js";
import type { WorkerPoolStats } from "../worker/worker-pool.js";

const PREFIX = "place_enrich_";

/** Request latencies: a status poll takes milliseconds, a 50,000-job create a few seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Source times per place: inputs take microseconds, a reference lookup milliseconds, a fetch seconds. */
const SOURCE_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60];

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"method" | "route" | "status">;
  private readonly requestSeconds: Histogram<"method" | "route">;
  private readonly sourceSeconds: Histogram<"source">;
  private readonly webhookAttempts: Counter<"outcome">;
  private readonly webFetches: Counter<"outcome">;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    this.requests = new Counter({
      name: `${PREFIX}http_requests_total`,
      help: "HTTP requests answered, by method, route template and status",
      labelNames: ["method", "route", "status"],
      registers: [this.registry],
    });
    this.requestSeconds = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: "Time from a request's arrival to the end of its response",
      labelNames: ["method", "route"],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
    this.sourceSeconds = new Histogram({
      name: `${PREFIX}enrichment_source_duration_seconds`,
      help: "Time an evidence source took for one place (from the start of the place's sources to its answer)",
      labelNames: ["source"],
      buckets: SOURCE_BUCKETS,
      registers: [this.registry],
    });
    this.webFetches = new Counter({
      name: `${PREFIX}web_fetches_total`,
      help: "Website pages fetched for enrichment, by outcome (ok, cached, http_error, dns_failure, timeout, robots_blocked, …)",
      labelNames: ["outcome"],
      registers: [this.registry],
    });
    this.webhookAttempts = new Counter({
      name: `${PREFIX}webhook_attempts_total`,
      help: "Batch webhook POSTs this process made, by outcome: delivered, retry (sent again later), failed (for good)",
      labelNames: ["outcome"],
      registers: [this.registry],
    });
  }

  /** A place's website pages, counted by outcome. */
  observeFetchOutcomes(counts: Readonly<Record<string, number>>): void {
    for (const [outcome, n] of Object.entries(counts)) this.webFetches.inc({ outcome }, n);
  }

  /** One webhook POST and what it came to. */
  observeWebhookAttempt(outcome: "delivered" | "retry" | "failed"): void {
    this.webhookAttempts.inc({ outcome });
  }

  /** One answered request; `route` is the route template (or "unmatched"). */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.requestSeconds.observe({ method, route }, seconds);
  }

  /** One place's time per evidence source (ms), as the enrichment threads measured it. */
  observeSourceTimings(sourceMs: Readonly<Record<string, number>>): void {
    for (const [source, ms] of Object.entries(sourceMs)) this.sourceSeconds.observe({ source }, ms / 1000);
  }

  /** Gauges of the work queue, read from `store` at each scrape (three index reads). */
  watchQueue(store: Store, clock: Clock): void {
    let pending: Promise<Awaited<ReturnType<Store["queueStats"]>>> | null = null;
    // The three gauges are collected one after the other in one scrape: one store call serves them.
    const read = () => {
      pending ??= store.queueStats(clock.now()).finally(() => {
        setTimeout(() => {
          pending = null;
        }, 100).unref();
      });
      return pending;
    };
    new Gauge({
      name: `${PREFIX}jobs_queued`,
      help: "Jobs waiting to be claimed (due or backing off), every organization",
      registers: [this.registry],
      async collect() {
        this.set((await read()).queued);
      },
    });
    new Gauge({
      name: `${PREFIX}jobs_in_progress`,
      help: "Jobs claimed by a worker and not yet finished, every organization",
      registers: [this.registry],
      async collect() {
        this.set((await read()).inProgress);
      },
    });
    new Gauge({
      name: `${PREFIX}queue_head_wait_seconds`,
      help: "How long the job next in line has been due (0 when none is due): the age of the oldest queued job",
      registers: [this.registry],
      async collect() {
        const { headDueAt } = await read();
        this.set(headDueAt === null ? 0 : Math.max(0, clock.now() - headDueAt) / 1000);
      },
    });
  }

  /** Counters of what this process's workers did, read from the pool's tallies at each scrape. */
  watchWorkers(stats: Readonly<WorkerPoolStats>): void {
    new Counter({
      name: `${PREFIX}jobs_processed_total`,
      help: "Jobs this process's workers ended: completed, retried (failed, to run again), failed (for good), released (at shutdown)",
      labelNames: ["outcome"],
      registers: [this.registry],
      collect() {
        // The pool keeps the totals; a counter cannot be set, so it is rebuilt from them.
        this.reset();
        this.inc({ outcome: "completed" }, stats.completed);
        this.inc({ outcome: "retried" }, stats.retried);
        this.inc({ outcome: "failed" }, stats.failed);
        this.inc({ outcome: "released" }, stats.released);
      },
    });
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
