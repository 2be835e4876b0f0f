/**
 * The composition root: the one place that turns a Config into running parts (store, enricher,
 * API, worker pool). The CLI calls it; tests build the same parts with their own config and clock.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { createOrgWithKey } from "./accounts/api-keys.js";
import { buildApp } from "./api/app.js";
import { readBatchView } from "./api/batch-view.js";
import { type Clock, type Random, systemClock } from "./clock.js";
import type { Config } from "./config.js";
import type { EnricherFactoryOptions } from "./enrich/enricher-factory.js";
import { createServiceLogger } from "./logger.js";
import { type MetricsServer, startMetricsServer } from "./metrics/metrics-server.js";
import { ServiceMetrics } from "./metrics/service-metrics.js";
import { prepareReferenceData } from "./reference/default-reference.js";
import { type ReferenceChanges, referenceChanges } from "./reference/reference-changes.js";
import { openStore } from "./store/open-store.js";
import type { Store } from "./store/port.js";
import { cachingResolver, type Resolver, systemResolver } from "./web/guard/resolver.js";
import { WebhookSender } from "./webhooks/webhook-sender.js";
import { EnrichmentPool, type EnrichmentPoolOptions } from "./worker/enrichment-pool.js";
import { budgetPolicyOf } from "./worker/job-allowance.js";
import { JobProcessor } from "./worker/job-processor.js";
import { WebhookDeliverer } from "./worker/webhook-deliverer.js";
import { WorkerPool } from "./worker/worker-pool.js";

/**
 * Claim → enrich → complete loops per process. Two keep the threads busy: while one lane's jobs are
 * enriched, the other's store round trips run (measured in bench/responsiveness.ts).
 */
const WORKER_LANES = 2;

/**
 * Connections the kernel queues for the API before it accepts them (capped by net.core.somaxconn).
 * Node's default, 511, overflowed when 2,000 clients connected at once: the kernel dropped their
 * handshakes (TcpExtListenOverflows +1,782 in one burst, measured) and each dropped client retried
 * after 1, 3, 7, 15 s — the 10–17 s latency tail of issue 12. See docs/deploy.md.
 */
const LISTEN_BACKLOG = 4096;

export function createLogger(config: Config): Logger {
  return createServiceLogger(config.logLevel);
}

/** `threads`: SQLite in threads of its own, as the service runs it (see open-store.ts). */
export async function openMigratedStore(config: Config, options: { threads?: boolean } = {}): Promise<Store> {
  const store = openStore(config.databaseUrl, options);
  await store.migrate();
  return store;
}

/**
 * The enrichment threads of a process: `threads` of them (workers use WORKER_THREADS, an API-only
 * process one, for POST /enrich), sharing WORKER_CONCURRENCY jobs in flight.
 */
export function createEnrichmentPool(
  config: Config,
  options: { threads: number; logger: Logger } & Partial<EnrichmentPoolOptions>,
): EnrichmentPool {
  const { threads, logger, ...rest } = options;
  const enricherOptions: EnricherFactoryOptions = {
    ...(config.referenceMatching ? { reference: { databaseUrl: config.databaseUrl } } : {}),
    ...(config.web.fetching ? { web: config.web } : {}),
    // Each thread has its own search client: the process's rate and concurrency are split over them.
    ...(config.web.fetching && config.search.url
      ? {
          search: {
            ...config.search,
            ratePerSecond: config.search.ratePerSecond / threads,
            concurrency: Math.max(1, Math.ceil(config.search.concurrency / threads)),
          },
        }
      : {}),
    ...(config.web.fetching && config.model ? { model: config.model } : {}),
  };
  return new EnrichmentPool({
    threads,
    // With website fetching a place mostly waits on the network: a thread runs as many places at once
    // as its fetcher has request slots (WEB_CONCURRENCY), so a claimed chunk of 50 places, each within
    // WEB_JOB_TIMEOUT_SECONDS, ends well inside ENRICH_TIMEOUT_SECONDS (7 rounds × 30 s < 300 s).
    concurrencyPerThread: Math.max(
      1,
      Math.ceil(config.workerConcurrency / threads),
      config.web.fetching ? config.web.concurrency : 0,
    ),
    taskTimeoutMs: config.enrichTimeoutMs,
    nice: config.enrichNice,
    enricherOptions,
    onError: (err) => logger.error({ err }, "enrichment thread failed"),
    ...rest,
  });
}

/**
 * With REFERENCE_MATCHING on: when the reference data last changed, for the cache rule (cached results
 * of the reference attributes older than the last import or removal are not reused). The caller
 * closes it; null when reference matching is off.
 */
export function openReferenceChanges(config: Config): ReferenceChanges | null {
  return config.referenceMatching ? referenceChanges(config.databaseUrl) : null;
}

export function createJobProcessor(deps: {
  store: Store;
  enrichment: EnrichmentPool;
  config: Config;
  clock: Clock;
  /** openReferenceChanges(config); absent or null: cached results are reused within the TTL alone. */
  referenceChanges?: ReferenceChanges | null;
}): JobProcessor {
  const { store, enrichment, config, clock, referenceChanges } = deps;
  return new JobProcessor({
    store,
    enrichment,
    clock,
    cacheTtlMs: config.cacheTtlMs,
    budgets: budgetPolicyOf(config),
    referenceChangedAt: referenceChanges ? () => referenceChanges.changedAt() : null,
  });
}

export function createWorkerPool(deps: {
  store: Store;
  enrichment: EnrichmentPool;
  config: Config;
  clock: Clock;
  logger: Logger;
  referenceChanges?: ReferenceChanges | null;
  onBatchesFinished?: () => void;
}): WorkerPool {
  const { store, config, clock, logger } = deps;
  return new WorkerPool({
    store,
    processor: createJobProcessor(deps),
    clock,
    random: Math.random,
    logger: logger.child({ component: "worker" }),
    claimBatch: config.workerClaimBatch,
    lanes: WORKER_LANES,
    batchFailedThreshold: config.batchFailedThreshold,
    leaseMs: config.leaseMs,
    pollIntervalMs: config.pollIntervalMs,
    idleMaxMs: config.idleMaxMs,
    shutdownGraceMs: config.shutdownGraceMs,
    retry: { maxAttempts: config.maxAttempts, baseMs: config.retryBaseMs, maxMs: config.retryMaxMs },
    cacheTtlMs: config.cacheTtlMs,
    ...(deps.onBatchesFinished ? { onBatchesFinished: deps.onBatchesFinished } : {}),
  });
}

/**
 * The webhook delivery loop of a worker process (docs/webhooks.md): POSTs under the website
 * fetcher's SSRF rules (WEB_ALLOW_PRIVATE_NETWORK, WEB_ALLOWED_PORTS), with its User-Agent.
 * `resolver` is injectable for tests; the default caches answers like the fetcher does.
 */
export function createWebhookDeliverer(deps: {
  store: Store;
  config: Config;
  clock: Clock;
  logger: Logger;
  metrics?: ServiceMetrics | null;
  resolver?: Resolver;
  random?: Random;
}): { deliverer: WebhookDeliverer; sender: WebhookSender } {
  const { store, config, clock, logger, metrics } = deps;
  const sender = new WebhookSender({
    allowPrivateNetwork: config.web.allowPrivateNetwork,
    allowedPorts: config.web.allowedPorts,
    timeoutMs: config.webhooks.timeoutMs,
    userAgent: config.web.userAgent,
    resolver:
      deps.resolver ??
      cachingResolver(systemResolver, {
        ttlMs: 5 * 60_000,
        failureTtlMs: 60_000,
        maxEntries: 1000,
        now: () => clock.now(),
      }),
  });
  const deliverer = new WebhookDeliverer({
    store,
    clock,
    random: deps.random ?? Math.random,
    logger: logger.child({ component: "webhooks" }),
    config: config.webhooks,
    sender,
    readBatch: (orgId, batchId) => readBatchView(store, config.batchFailedThreshold, orgId, batchId, true),
    ...(metrics ? { onAttempt: (outcome) => metrics.observeWebhookAttempt(outcome) } : {}),
  });
  return { deliverer, sender };
}

/** On first start with an empty database: org `demo` and a key, printed once with a curl line. */
export async function bootstrapDemoOrg(store: Store, config: Config, clock: Clock): Promise<string | null> {
  if ((await store.countOrgs()) > 0) return null;
  const { key } = await createOrgWithKey(store, "demo", clock.now());
  const base = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${config.port}`;
  const lines = [
    "",
    "First start: created organization 'demo'. Its API key (shown only this once):",
    `  DEMO_API_KEY=${key}`,
    `Dashboard: ${base}/ (sign in with the organization demo and this key)`,
    "Try it:",
    `  curl -s -X POST ${base}/v1/demo/place_enrichment/batches \\`,
    `    -H "Authorization: Bearer ${key}" -H "Content-Type: application/json" \\`,
    `    -d '{"batch_name":"Q1 Store Locations","jobs":[{"place_id":"store_001","inputs":{"name":"Sandwich Bar","full_address":"71-32 Main St, Flushing, NY 11367","latitude":40.72697,"longitude":-73.82219}}],"attributes":["websites","phoneNumbers","categories","closed_permanently","reference_match"]}'`,
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return key;
}

export interface RunningService {
  app: FastifyInstance | null;
  pool: WorkerPool | null;
  store: Store;
  logger: Logger;
  /** Graceful stop: no new claims, in-flight jobs finish within the grace period or are released. */
  stop(): Promise<{ released: number }>;
  /** During stop(): no more waiting — in-flight jobs are released and open HTTP connections closed. */
  hurry(): void;
}

/**
 * The service of one process. `enrichmentOverrides`: another enricher module for the threads
 * (benchmarks pointing the website source at loopback sites); the CLI passes none.
 */
export async function startService(
  config: Config,
  roles: { api: boolean; workers: boolean },
  clock: Clock = systemClock,
  enrichmentOverrides: Pick<Partial<EnrichmentPoolOptions>, "enricherModule"> = {},
): Promise<RunningService> {
  const logger = createLogger(config);
  const store = await openMigratedStore(config, { threads: true });
  // Reference tables migrated and, on a fresh database, the shipped extract imported (~1.5 s) while
  // the threads warm up; both finish before any job runs, so no result is computed (and cached)
  // without the reference places.
  const referenceReady = prepareReferenceData(config, logger);
  const workers = roles.workers && config.workerConcurrency > 0;
  const metrics = config.metrics.enabled ? new ServiceMetrics() : null;
  metrics?.watchQueue(store, clock);
  const changes = openReferenceChanges(config);
  const enrichment = createEnrichmentPool(config, {
    threads: workers ? config.workerThreads : 1,
    logger,
    ...(metrics
      ? {
          onSourceTimings: (ms) => metrics.observeSourceTimings(ms),
          onFetchOutcomes: (counts) => metrics.observeFetchOutcomes(counts),
        }
      : {}),
    ...enrichmentOverrides,
  });
  // Each thread loads the brand index, Wikidata extract, taxonomy and address parser (1.5–4 s
  // measured) before the first request, so no job pays for it and /health answers only when jobs can run.
  const [timings] = await Promise.all([enrichment.ready(), referenceReady]);
  logger.info({ threads: enrichment.threads, ...timings }, "enrichment threads ready");
  // Webhooks are delivered by worker processes only: `serve --no-workers` never POSTs.
  const webhooks = workers ? createWebhookDeliverer({ store, config, clock, logger, metrics }) : null;
  const pool = workers
    ? createWorkerPool({
        store,
        enrichment,
        config,
        clock,
        logger,
        referenceChanges: changes,
        onBatchesFinished: () => webhooks?.deliverer.notify(),
      })
    : null;
  if (pool) metrics?.watchWorkers(pool.stats);
  // A lane is stalled when it shows no sign of life for longer than a chunk may take: one deadline
  // for the chunk, one more for its places run alone, and a lease period for the store calls.
  const stallMs = 2 * config.enrichTimeoutMs + config.leaseMs;
  const workerHealth = pool ? () => pool.health(clock.now(), stallMs) : undefined;
  let app: FastifyInstance | null = null;
  let metricsServer: MetricsServer | null = null;
  if (roles.api) {
    await bootstrapDemoOrg(store, config, clock);
    app = await buildApp({
      store,
      config,
      clock,
      enrichment,
      logger: logger.child({ component: "api" }),
      onWorkQueued: () => pool?.notify(),
      newId: randomUUID,
      referenceChanges: changes,
      ...(metrics ? { metrics } : {}),
      ...(workerHealth ? { workerHealth } : {}),
    });
    await app.listen({ host: config.host, port: config.port, backlog: LISTEN_BACKLOG });
  } else if (config.metrics.workerPort !== null) {
    metricsServer = await startMetricsServer({
      host: config.host,
      port: config.metrics.workerPort,
      metrics,
      store,
      workerHealth,
      token: config.metrics.token,
    });
  }
  pool?.start();
  webhooks?.deliverer.start();
  logger.info(
    {
      api: roles.api,
      workers: pool ? config.workerConcurrency : 0,
      database: store.kind,
      // What a job can draw on, so an operator sees at once what is on (docs/web.md, discovery.md).
      websiteFetching: config.web.fetching,
      discovery: config.web.fetching && config.search.url !== null ? config.search.provider : false,
      model: config.web.fetching && config.model !== null ? config.model.model : false,
    },
    "place-enrichment service started",
  );
  let stopping: Promise<{ released: number }> | null = null;
  return {
    app,
    pool,
    store,
    logger,
    stop() {
      stopping ??= (async () => {
        // Drain HTTP requests and in-flight jobs together; the threads and then the store close last.
        const [, stopped] = await Promise.all([
          app?.close(),
          pool?.stop(),
          metricsServer?.close(),
          webhooks?.deliverer.stop(),
        ]);
        await webhooks?.sender.close();
        await enrichment.close();
        await changes?.close();
        await store.close();
        return { released: stopped?.released ?? 0 };
      })();
      return stopping;
    },
    hurry() {
      pool?.hurry();
      app?.server.closeAllConnections();
    },
  };
}
