/**
 * The composition root: the one place that turns a Config into running parts (store, enricher,
 * API, worker pool). The CLI calls it; tests build the same parts with their own config and clock.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import pino, { type Logger } from "pino";
import { createOrgWithKey } from "./accounts/api-keys.js";
import { buildApp } from "./api/app.js";
import { type Clock, systemClock } from "./clock.js";
import type { Config } from "./config.js";
import { createPlaceEnricher } from "./enrich/enricher.js";
import type { PlaceEnricher } from "./enrich/types.js";
import { openStore } from "./store/open-store.js";
import type { Store } from "./store/port.js";
import { createJobProcessor } from "./worker/job-processor.js";
import { WorkerPool } from "./worker/worker-pool.js";

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel });
}

export async function openMigratedStore(config: Config): Promise<Store> {
  const store = openStore(config.databaseUrl);
  await store.migrate();
  return store;
}

export function createWorkerPool(deps: {
  store: Store;
  enricher: PlaceEnricher;
  config: Config;
  clock: Clock;
  logger: Logger;
}): WorkerPool {
  const { store, enricher, config, clock, logger } = deps;
  const processor = createJobProcessor({ store, enricher, clock }, config);
  return new WorkerPool({
    store,
    processor,
    clock,
    random: Math.random,
    logger: logger.child({ component: "worker" }),
    claimBatch: config.workerClaimBatch,
    leaseMs: config.leaseMs,
    pollIntervalMs: config.pollIntervalMs,
    idleMaxMs: config.idleMaxMs,
    shutdownGraceMs: config.shutdownGraceMs,
    retry: { maxAttempts: config.maxAttempts, baseMs: config.retryBaseMs, maxMs: config.retryMaxMs },
    cacheTtlMs: config.cacheTtlMs,
  });
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
    "Try it:",
    `  curl -s -X POST ${base}/v1/demo/place_enrichment/batches \\`,
    `    -H "Authorization: Bearer ${key}" -H "Content-Type: application/json" \\`,
    `    -d '{"batch_name":"Q1 Store Locations","jobs":[{"place_id":"store_001","inputs":{"name":"Downtown Store","full_address":"123 Main St, New York, NY 10001","latitude":40.7128,"longitude":-74.006}}],"attributes":["websites","phoneNumbers","categories"]}'`,
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
  stop(): Promise<void>;
}

export async function startService(
  config: Config,
  roles: { api: boolean; workers: boolean },
  clock: Clock = systemClock,
): Promise<RunningService> {
  const logger = createLogger(config);
  const store = await openMigratedStore(config);
  const enricher = createPlaceEnricher();
  // Loads the brand index, Wikidata extract, taxonomy and address parser (1.5–3 s measured) before
  // the first request, so no job pays for it and /health answers only when jobs can run.
  if (roles.workers || roles.api) logger.info({ ...enricher.warmUp() }, "enrichment data loaded");
  const pool =
    roles.workers && config.workerConcurrency > 0
      ? createWorkerPool({ store, enricher, config, clock, logger })
      : null;
  let app: FastifyInstance | null = null;
  if (roles.api) {
    await bootstrapDemoOrg(store, config, clock);
    app = await buildApp({
      store,
      config,
      clock,
      enricher,
      logger: logger.child({ component: "api" }),
      onWorkQueued: () => pool?.notify(),
      newId: randomUUID,
    });
    await app.listen({ host: config.host, port: config.port });
  }
  pool?.start();
  logger.info(
    { api: roles.api, workers: pool ? config.workerConcurrency : 0, database: store.kind },
    "place-enrichment service started",
  );
  let stopping: Promise<void> | null = null;
  return {
    app,
    pool,
    store,
    logger,
    stop() {
      stopping ??= (async () => {
        // Drain HTTP requests and in-flight jobs together; the store closes last.
        await Promise.all([app?.close(), pool?.stop()]);
        await store.close();
      })();
      return stopping;
    },
  };
}
