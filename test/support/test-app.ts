/**
 * A real service for tests: a SQLite file in a temp dir, real enrichment threads and worker pool, two
 * organizations with real keys, a manual clock. Requests go through Fastify's inject().
 */
import type { FastifyBaseLogger } from "fastify";
import pino from "pino";
import { createOrgWithKey } from "../../src/accounts/api-keys.js";
import { buildApp } from "../../src/api/app.js";
import { createWorkerPool, openReferenceChanges } from "../../src/composition.js";
import { type Config, loadConfig } from "../../src/config.js";
import { openReferenceStore } from "../../src/reference/store/open-reference-store.js";
import { openStore } from "../../src/store/open-store.js";
import { EnrichmentPool } from "../../src/worker/enrichment-pool.js";
import { Cleanups } from "./cleanups.js";
import { type TestEnricher, testEnrichmentPool } from "./enrichment.js";
import { ManualClock } from "./manual-clock.js";
import { createTestSchema } from "./postgres.js";
import { tempDatabasePath } from "./temp-db.js";

export type StoreKind = "sqlite" | "postgres";

/** The API tests run on both stores (`describe.each(STORE_KINDS)`). */
export const STORE_KINDS: StoreKind[] = ["sqlite", "postgres"];

export interface TestAppOptions {
  store?: StoreKind;
  config?: Partial<Config>;
  /** Another enricher module for the enrichment thread (test/support/enrichers/). */
  enricher?: TestEnricher;
  /** The API's logger (silent when absent). */
  logger?: FastifyBaseLogger;
  /**
   * Reference matching as the service wires it: the reference tables migrated in the test database
   * (`referenceStore()` imports into them), an enrichment thread of its own with the reference source,
   * and the workers' and POST /enrich's cache reads told when the reference data last changed.
   */
  reference?: boolean;
}

/** A fresh database of the given kind: a temp SQLite file or a new PostgreSQL schema. */
export async function createTestDatabase(
  kind: StoreKind,
): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (kind === "postgres") {
    const schema = await createTestSchema();
    return { url: schema.url, cleanup: schema.drop };
  }
  const file = tempDatabasePath();
  return { url: file.path, cleanup: async () => file.cleanup() };
}

export async function createTestApp(options: TestAppOptions = {}) {
  // Registered as they are created: a setup step that throws still drops what came before it.
  const cleanups = new Cleanups();
  try {
    return await buildTestApp(options, cleanups);
  } catch (error) {
    await cleanups.runAll().catch(() => {});
    throw error;
  }
}

async function buildTestApp(options: TestAppOptions, cleanups: Cleanups) {
  const db = await createTestDatabase(options.store ?? "sqlite");
  cleanups.defer(db.cleanup);
  const store = openStore(db.url);
  // Some tests close the store themselves; closing twice is harmless here.
  cleanups.defer(() => store.close().catch(() => {}));
  await store.migrate();
  const clock = new ManualClock();
  const config: Config = {
    ...loadConfig({}),
    workerConcurrency: 2,
    retryBaseMs: 1000,
    retryMaxMs: 4000,
    ...(options.reference ? { databaseUrl: db.url, referenceMatching: true } : {}),
    ...options.config,
  };
  let enrichment: EnrichmentPool;
  const referenceChanges = options.reference ? openReferenceChanges(config) : null;
  if (options.reference) {
    const reference = openReferenceStore(db.url);
    await reference.migrate();
    await reference.close();
    enrichment = new EnrichmentPool({
      threads: 1,
      concurrencyPerThread: 2,
      warmUp: false,
      enricherOptions: { reference: { databaseUrl: db.url } },
    });
    cleanups.defer(() => enrichment.close());
    cleanups.defer(async () => referenceChanges?.close());
  } else {
    enrichment = testEnrichmentPool(options.enricher);
  }
  let ids = 0;
  const app = await buildApp({
    store,
    config,
    clock,
    enrichment,
    logger: options.logger,
    newId: () => `batch-${++ids}`,
    referenceChanges,
  });
  cleanups.defer(() => app.close());
  const acme = await createOrgWithKey(store, "acme", clock.now());
  const globex = await createOrgWithKey(store, "globex", clock.now());
  const logger = pino({ level: "silent" });
  const pool = createWorkerPool({ store, enrichment, config, clock, logger, referenceChanges });

  async function call(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    options: {
      body?: unknown;
      key?: string | null;
      org?: string;
      rawBody?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    const org = options.org ?? "acme";
    const key = options.key === undefined ? acme.key : options.key;
    const headers: Record<string, string> = { ...options.headers };
    if (key) headers.authorization = `Bearer ${key}`;
    const url =
      path.startsWith("/v1/") || !path.startsWith("/") ? path : `/v1/${org}/place_enrichment${path}`;
    if (options.rawBody !== undefined || options.body !== undefined)
      headers["content-type"] = "application/json";
    const response = await app.inject({
      method,
      url,
      headers,
      payload: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    let json: any = null;
    try {
      json = response.body ? JSON.parse(response.body) : null;
    } catch {
      json = null;
    }
    return { status: response.statusCode, json, headers: response.headers, body: response.body };
  }

  /** Runs the worker until no job is due (moving the clock past backoffs when asked). */
  async function drain(options: { skipBackoff?: boolean } = {}) {
    for (let round = 0; round < 1000; round++) {
      const worked = await pool.runOnce();
      if (worked) continue;
      if (!options.skipBackoff) return;
      clock.advance(config.retryMaxMs + 1);
      if (!(await pool.runOnce())) return;
    }
    throw new Error("worker did not drain in 1000 rounds");
  }

  /** Closes the app and the store and drops the database (schema or temp dir), each step regardless of the others. */
  async function close() {
    await cleanups.runAll();
  }

  /** A reference store on the test database, closed with the app (for `reference: true` apps). */
  function referenceStore() {
    const reference = openReferenceStore(db.url);
    cleanups.defer(() => reference.close());
    return reference;
  }

  return {
    app,
    store,
    clock,
    config,
    pool,
    acme,
    globex,
    call,
    drain,
    close,
    databaseUrl: db.url,
    referenceStore,
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export function place(id: string, inputs: Record<string, unknown> = {}) {
  return {
    place_id: id,
    inputs: {
      name: `Place ${id}`,
      full_address: "123 Main St, New York, NY 10001",
      latitude: 40.7128,
      longitude: -74.006,
      ...inputs,
    },
  };
}
