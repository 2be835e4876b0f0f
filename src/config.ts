/**
 * Configuration, parsed once from the environment and injected everywhere else. Every variable is
 * listed in README.md's configuration table; keep the two in step.
 */
import { cpus } from "node:os";

/**
 * The shipped reference extract (resources/reference/, Overture places, CDLA-Permissive-2.0),
 * imported on first start; relative to the repository root.
 */
export const DEFAULT_REFERENCE_EXTRACT = "resources/reference/overture-us-sample.jsonl.gz";

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  /** Jobs enriched at once by a process's workers; 0 disables the in-process workers. */
  workerConcurrency: number;
  /** Enrichment threads of a worker process (an API-only process runs one, for POST /enrich). */
  workerThreads: number;
  /** Jobs a worker claims per store round trip. */
  workerClaimBatch: number;
  /** How long a claimed job stays reserved without a heartbeat. */
  leaseMs: number;
  /** First idle poll interval when no job was due; doubles while idle up to idleMaxMs. */
  pollIntervalMs: number;
  idleMaxMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Time SIGTERM/SIGINT gives in-flight jobs before they are released. */
  shutdownGraceMs: number;
  /** Failed share above which a finished batch is `failed` (API.md §2.5). */
  batchFailedThreshold: number;
  cacheTtlMs: number;
  /** Largest accepted request body; sized for 50,000 realistic jobs (~15 MB measured). */
  bodyLimitBytes: number;
  /** Requests per minute per API key (per process); 0 disables. */
  rateLimitPerMinute: number;
  logLevel: string;
  /** Match jobs against the imported reference places (REFERENCE_MATCHING=on|off). */
  referenceMatching: boolean;
  /**
   * A reference file imported (as source "default") when the service starts and no reference source
   * exists yet; null: none (REFERENCE_DEFAULT=none). Default: the shipped Overture extract.
   */
  referenceDefault: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer in ${min}..${max}, got "${raw}"`);
  }
  return value;
}

function switchVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["on", "true", "1", "yes"].includes(raw)) return true;
  if (["off", "false", "0", "no"].includes(raw)) return false;
  throw new ConfigError(name, `expected on or off, got "${env[name]}"`);
}

function floatVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(name, `expected a number in ${min}..${max}, got "${raw}"`);
  }
  return value;
}

export function loadConfig(env: Env = process.env): Config {
  // Enrichment from inputs and local reference data is CPU-bound; a few jobs per core keeps both
  // cores busy while later sources (website fetches) wait on the network.
  const defaultConcurrency = Math.max(2, Math.min(8, cpus().length * 2));
  return {
    host: env.HOST || "127.0.0.1",
    port: intVar(env, "PORT", 8080, 0, 65535),
    databaseUrl: env.DATABASE_URL || "./data/place-enrich.db",
    workerConcurrency: intVar(env, "WORKER_CONCURRENCY", defaultConcurrency, 0, 1024),
    // One enrichment thread per core: enrichment is CPU-bound today, and the main thread mostly waits
    // on the store. Measured on 2 cores in bench/responsiveness.ts (see docs/architecture.md).
    workerThreads: intVar(env, "WORKER_THREADS", Math.max(1, cpus().length), 1, 256),
    workerClaimBatch: intVar(env, "WORKER_CLAIM_BATCH", 100, 1, 10_000),
    leaseMs: intVar(env, "LEASE_SECONDS", 60, 5, 86_400) * 1000,
    pollIntervalMs: intVar(env, "WORKER_POLL_MS", 250, 10, 60_000),
    // Idle workers back off to one query every 2 s; new work wakes them at once anyway (in-process
    // notify, or LISTEN/NOTIFY on PostgreSQL), so only delayed retries wait for the poll.
    idleMaxMs: intVar(env, "WORKER_IDLE_MAX_MS", 2000, 10, 600_000),
    maxAttempts: intVar(env, "MAX_ATTEMPTS", 3, 1, 100),
    retryBaseMs: intVar(env, "RETRY_BASE_MS", 1000, 1, 3_600_000),
    retryMaxMs: intVar(env, "RETRY_MAX_MS", 60_000, 1, 86_400_000),
    shutdownGraceMs: intVar(env, "SHUTDOWN_GRACE_SECONDS", 20, 0, 3600) * 1000,
    batchFailedThreshold: floatVar(env, "BATCH_FAILED_THRESHOLD", 0.5, 0, 1),
    cacheTtlMs: intVar(env, "CACHE_TTL_SECONDS", 7 * 86_400, 0, 365 * 86_400) * 1000,
    bodyLimitBytes: intVar(env, "BODY_LIMIT_MB", 32, 1, 1024) * 1024 * 1024,
    // Polling every 5 s and paging results uses a few dozen requests a minute; 1,200 leaves room
    // for many clients sharing a key while stopping a runaway loop.
    rateLimitPerMinute: intVar(env, "RATE_LIMIT_PER_MINUTE", 1200, 0, 1_000_000),
    logLevel: env.LOG_LEVEL || "info",
    referenceMatching: switchVar(env, "REFERENCE_MATCHING", true),
    referenceDefault:
      env.REFERENCE_DEFAULT === undefined || env.REFERENCE_DEFAULT === ""
        ? DEFAULT_REFERENCE_EXTRACT
        : env.REFERENCE_DEFAULT.trim().toLowerCase() === "none"
          ? null
          : env.REFERENCE_DEFAULT,
  };
}
