/**
 * Configuration, parsed once from the environment and injected everywhere else. Every variable is
 * documented in CONFIG_VARIABLES (src/config-variables.ts), from which README's configuration table
 * and `place-enrich --help` are rendered; config.test.ts fails when a variable read here is missing
 * there, or a documented default is not the real one.
 */
import { readFileSync } from "node:fs";
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
  /** Longest an enrichment task (a claimed chunk, or one place) may run before its thread is replaced. */
  enrichTimeoutMs: number;
  /** Scheduling niceness of the enrichment threads (0..19). */
  enrichNice: number;
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
  /** Request limits, counted in the store (shared by every API process); 0 disables one. */
  limits: RequestLimitsConfig;
  /** How long a stored Idempotency-Key answer is replayed. */
  idempotencyTtlMs: number;
  /** HTTP timeouts and upload memory bounds of the API server. */
  http: HttpLimitsConfig;
  /**
   * Fastify's trustProxy: the addresses of proxies whose X-Forwarded-For gives the client address
   * (rate limits of failed authentication count per client address); null = none.
   */
  trustProxy: string | null;
  logLevel: string;
  /** Prometheus metrics (GET /metrics). */
  metrics: MetricsConfig;
  /** The web dashboard at `/` (docs/dashboard.md). */
  dashboard: DashboardConfig;
  /** Match jobs against the imported reference places (REFERENCE_MATCHING=on|off). */
  referenceMatching: boolean;
  /**
   * A reference file imported (as source "default") when the service starts and no reference source
   * exists yet; null: none (REFERENCE_DEFAULT=none). Default: the shipped Overture extract.
   */
  referenceDefault: string | null;
  /** The website fetcher (src/web/): safety rules, limits, politeness; docs/web.md. */
  web: WebConfig;
  /**
   * Batch webhooks (docs/webhooks.md). Deliveries follow the website fetcher's SSRF rules:
   * `web.allowPrivateNetwork` and `web.allowedPorts`.
   */
  webhooks: WebhookConfig;
  /** Website discovery through a web search engine (src/search/, docs/discovery.md); url null = off. */
  search: SearchConfig;
  /** The optional language model (src/model/, docs/discovery.md); null: none (LLM_URL unset). */
  model: ModelConfig | null;
  /** Per-org daily budgets of limited services, overridable per org; 0 = no limit. */
  budgets: DailyBudgets;
}

export interface WebhookConfig {
  /** POSTs of one event before it is `failed` (the first included). */
  maxAttempts: number;
  /** Back-off after attempt n: base·2^(n−1), capped at retryMaxMs, × a random factor in [0.5, 1) (ms). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** One POST, connection to the end of the answer (ms). */
  timeoutMs: number;
}

/** The search providers behind the port src/search/search-provider.ts. */
export type SearchProviderKind = "searxng" | "brave";

/**
 * Website discovery's search engine: plain data, so it crosses into the enrichment threads (each
 * builds its own client, rate limiter and result cache from it). `url` null: discovery is off.
 */
export interface SearchConfig {
  /** The search endpoint (SEARCH_URL): a SearXNG instance's base URL, or the provider's API URL. */
  url: string | null;
  provider: SearchProviderKind;
  /** Sent with every search request (SEARCH_AUTH_HEADER `Name: value`); never logged. */
  authHeader: { name: string; value: string } | null;
  /** Searches started per second, in all (the composition splits it over the enrichment threads). */
  ratePerSecond: number;
  /** Searches in flight at once, in all (split over the threads like the rate). */
  concurrency: number;
  /** One search request, headers and body (ms). */
  timeoutMs: number;
  /** How long a query's results are reused; 0 disables the cache (ms). */
  cacheTtlMs: number;
  /** Queries the cache holds per enrichment thread. */
  cacheEntries: number;
  /** Search queries one place may spend (each also needs the job's budget: JobBudget "searches"). */
  maxQueriesPerJob: number;
}

/**
 * An OpenAI-compatible chat-completions endpoint (LLM_URL): plain data, crosses into the enrichment
 * threads. `apiKey` is never logged.
 */
export interface ModelConfig {
  /** Base URL (`http://127.0.0.1:8080/v1`) or the full `…/chat/completions` URL. */
  url: string;
  model: string;
  apiKey: string | null;
  /** Longest one question may take, retries included (ms). */
  timeoutMs: number;
  /** Most model requests one job may make (before the org's daily budget is even asked). */
  maxRequestsPerJob: number;
  /** Most model tokens (prompt + completion) one job may spend. */
  maxTokensPerJob: number;
}

/** Per-org daily limits (UTC days) on what costs money or quota; 0 = no limit. */
export interface DailyBudgets {
  searchesPerDay: number;
  modelRequestsPerDay: number;
  modelTokensPerDay: number;
}

/**
 * The website fetcher's settings: plain data, so it crosses into the enrichment threads (each builds
 * its own fetcher from it). Limits are per fetcher, i.e. per enrichment thread.
 */
export interface WebConfig {
  /** Run the website source at all (WEB_FETCHING). */
  fetching: boolean;
  /** All website fetches of one place must end within this (ms); past it its web attributes are ERROR. */
  jobTimeoutMs: number;
  /** Lift the address check (loopback, private, link-local, ... allowed): tests and intranets only. */
  allowPrivateNetwork: boolean;
  /** Ports a fetched URL may name (the scheme's default port counts as named). */
  allowedPorts: number[];
  /** Sent with every request. */
  userAgent: string;
  /** The User-Agent's product token (before the first "/"), the name robots.txt groups are matched on. */
  productToken: string;
  /** Total time for one page: every redirect hop, retry wait and body byte (ms). */
  pageTimeoutMs: number;
  /** Time for the response headers of one request to arrive, connection included (ms). */
  headersTimeoutMs: number;
  /** Largest page body after decompression (bytes). */
  maxPageBytes: number;
  /** Redirects followed per page. */
  maxRedirects: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Requests in flight at once to one host. */
  perHostConcurrency: number;
  /** Pause between the end of one request to a host and the start of the next (ms). */
  perHostDelayMs: number;
  /** Further attempts after a transient failure (connection reset, 429/503). */
  maxRetries: number;
  /** Longest Retry-After (or default pause) honoured before a retry; a longer one ends the page (ms). */
  maxRetryWaitMs: number;
  /** How long a fetched page is reused; 0 disables the page cache (ms). */
  pageCacheTtlMs: number;
  /** Bytes of decoded page text the page cache holds (UTF-16 length × 2). */
  pageCacheBytes: number;
  /** Pages the page cache holds. */
  pageCacheEntries: number;
  /** How long a host's robots.txt is reused (ms). */
  robotsTtlMs: number;
  /** After a robots.txt answered 5xx, 429 or nothing: how long the host counts as disallowed (ms). */
  robotsBackoffMs: number;
}

export interface DashboardConfig {
  /** Map tile URL template with {z}/{x}/{y} (DASHBOARD_TILE_URL); null: a plain projection, no tiles. */
  tileUrl: string | null;
}

export interface MetricsConfig {
  /** Serve GET /metrics (METRICS=on|off). */
  enabled: boolean;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  token: string | null;
  /** A worker-only process serves /metrics, /health and /ready on this port (null: it serves none). */
  workerPort: number | null;
}

export interface RequestLimitsConfig {
  /** Requests per minute of one key (status polls counted apart). */
  keyRequestsPerMinute: number;
  /** Requests per minute of one org, every key and poll included. */
  orgRequestsPerMinute: number;
  /** Status polls (GET /batches/{id}, GET /jobs/{place_id}) per minute of one key. */
  pollsPerMinute: number;
  /** Jobs accepted per hour per org (batches, single jobs, POST /enrich, reprocessing). */
  jobsPerHour: number;
  /** Failed authentications per minute per client address; past it, 429 before any key lookup. */
  authFailuresPerMinute: number;
}

export interface HttpLimitsConfig {
  /** The whole request (headers and body) must arrive within this; 408 past it. */
  requestTimeoutMs: number;
  /** The headers must arrive within this; 408 past it. */
  headersTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A body that sends nothing for this long is cut with a 408. */
  bodyIdleTimeoutMs: number;
  /** Bytes of request bodies held by requests in progress, in all. */
  uploadBufferBytes: number;
  /** The same, per API key. */
  uploadBufferPerKeyBytes: number;
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
  const bodyLimitBytes = intVar(env, "BODY_LIMIT_MB", 32, 1, 1024) * 1024 * 1024;
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
    // Inputs and reference data take well under a second per chunk; the bound is for a thread stuck
    // on pathological data (or, later, a fetch that never ends): its places fail and are retried.
    enrichTimeoutMs: intVar(env, "ENRICH_TIMEOUT_SECONDS", 300, 1, 86_400) * 1000,
    // Below normal: the event loop and the store threads get the CPU first when cores are short, so
    // the API answers quickly while enrichment takes every idle cycle (measured in bench/responsiveness.ts).
    enrichNice: intVar(env, "ENRICH_NICE", 10, 0, 19),
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
    bodyLimitBytes,
    limits: {
      // Paging results and sending batches takes a few dozen requests a minute; 1,200 leaves room
      // for many clients sharing a key while stopping a runaway loop.
      keyRequestsPerMinute: intVar(env, "RATE_LIMIT_PER_MINUTE", 1200, 0, 100_000_000),
      orgRequestsPerMinute: intVar(env, "ORG_RATE_LIMIT_PER_MINUTE", 6000, 0, 100_000_000),
      // Polling a status every 5 s is 12 a minute: 3,000 lets 250 clients poll one key.
      pollsPerMinute: intVar(env, "POLL_RATE_LIMIT_PER_MINUTE", 3000, 0, 100_000_000),
      // Twenty full 50,000-job batches an hour; what the workers of one 2-core machine get through in
      // that time is far less (see docs/deploy.md), so this only stops a runaway client.
      jobsPerHour: intVar(env, "JOBS_PER_HOUR", 1_000_000, 0, 1_000_000_000),
      // A person mistyping a key a few times is never locked out; a key-guessing loop is, at once.
      authFailuresPerMinute: intVar(env, "AUTH_FAILURES_PER_MINUTE", 30, 0, 1_000_000),
    },
    idempotencyTtlMs: intVar(env, "IDEMPOTENCY_TTL_HOURS", 24, 1, 24 * 365) * 3_600_000,
    http: httpLimits(env, bodyLimitBytes),
    trustProxy: env.TRUST_PROXY?.trim() || null,
    logLevel: env.LOG_LEVEL || "info",
    metrics: {
      enabled: switchVar(env, "METRICS", true),
      token: env.METRICS_TOKEN?.trim() || null,
      workerPort: env.METRICS_PORT ? intVar(env, "METRICS_PORT", 0, 1, 65_535) : null,
    },
    dashboard: { tileUrl: tileUrlVar(env, "DASHBOARD_TILE_URL") },
    referenceMatching: switchVar(env, "REFERENCE_MATCHING", true),
    referenceDefault:
      env.REFERENCE_DEFAULT === undefined || env.REFERENCE_DEFAULT === ""
        ? DEFAULT_REFERENCE_EXTRACT
        : env.REFERENCE_DEFAULT.trim().toLowerCase() === "none"
          ? null
          : env.REFERENCE_DEFAULT,
    web: webConfig(env),
    webhooks: {
      // 8 attempts, 10 min doubling, capped at 12 h: the last comes 10.6–21.2 h after the first (with
      // the jitter), so a receiver down for most of a day still gets the event.
      maxAttempts: intVar(env, "WEBHOOK_MAX_ATTEMPTS", 8, 1, 50),
      retryBaseMs: intVar(env, "WEBHOOK_RETRY_BASE_SECONDS", 600, 1, 86_400) * 1000,
      retryMaxMs: 12 * 3_600_000,
      // A receiver should answer at once and do its work later; 10 s as for a website page.
      timeoutMs: intVar(env, "WEBHOOK_TIMEOUT_SECONDS", 10, 1, 120) * 1000,
    },
    search: searchConfig(env),
    model: modelConfig(env),
    budgets: {
      searchesPerDay: intVar(env, "SEARCH_DAILY_BUDGET", 0, 0, 1_000_000_000),
      modelRequestsPerDay: intVar(env, "LLM_DAILY_REQUEST_BUDGET", 0, 0, 1_000_000_000),
      modelTokensPerDay: intVar(env, "LLM_DAILY_TOKEN_BUDGET", 0, 0, 1_000_000_000_000),
    },
  };
}

function modelConfig(env: Env): ModelConfig | null {
  const url = env.LLM_URL?.trim() ?? "";
  const model = env.LLM_MODEL?.trim() ?? "";
  const apiKey = env.LLM_API_KEY?.trim() || null;
  // Read even without LLM_URL, so a wrong value is reported whether or not the model is on.
  const timeoutMs = intVar(env, "LLM_TIMEOUT_MS", 15_000, 100, 600_000);
  const maxRequestsPerJob = intVar(env, "LLM_MAX_REQUESTS_PER_JOB", 3, 0, 100);
  const maxTokensPerJob = intVar(env, "LLM_MAX_TOKENS_PER_JOB", 4000, 0, 1_000_000);
  if (url === "") return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError("LLM_URL", `expected an http(s) URL, got "${url}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new ConfigError("LLM_URL", `expected an http(s) URL, got "${url}"`);
  if (parsed.username || parsed.password)
    throw new ConfigError("LLM_URL", "must not hold credentials: set LLM_API_KEY");
  if (model === "")
    throw new ConfigError("LLM_MODEL", "required with LLM_URL (the model name the server serves)");
  return { url, model, apiKey, timeoutMs, maxRequestsPerJob, maxTokensPerJob };
}

/**
 * A map tile URL template (`https://host/{z}/{x}/{y}.png`), or null when unset. Only http(s), and
 * all three placeholders: the page's Content-Security-Policy lets images come from its origin.
 */
function tileUrlVar(env: Env, name: string): string | null {
  const text = env[name]?.trim();
  if (!text || text.toLowerCase() === "none") return null;
  let url: URL;
  try {
    url = new URL(text.replace(/\{[xyz]\}/g, "0"));
  } catch {
    throw new ConfigError(name, "must be a URL template like https://tile.example.org/{z}/{x}/{y}.png");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ConfigError(name, "must be http(s)");
  for (const part of ["{z}", "{x}", "{y}"]) {
    if (!text.includes(part)) throw new ConfigError(name, `must contain ${part}`);
  }
  return text;
}

const MIB = 1024 * 1024;

function httpLimits(env: Env, bodyLimitBytes: number): HttpLimitsConfig {
  const bodyMb = bodyLimitBytes / MIB;
  // Two largest bodies per key and four in all by default: a client sending a 50,000-job batch in
  // parts in parallel is served, 60 stalled 30 MB uploads hold at most 4 × 32 MiB (issue 12).
  const perKeyMb = intVar(env, "UPLOAD_BUFFER_PER_KEY_MB", 2 * bodyMb, 1, 1_048_576);
  const totalMb = intVar(env, "UPLOAD_BUFFER_MB", Math.max(4 * bodyMb, perKeyMb), 1, 1_048_576);
  if (perKeyMb < bodyMb) {
    throw new ConfigError("UPLOAD_BUFFER_PER_KEY_MB", `must hold one largest body (BODY_LIMIT_MB=${bodyMb})`);
  }
  if (totalMb < perKeyMb) {
    throw new ConfigError("UPLOAD_BUFFER_MB", `must be at least UPLOAD_BUFFER_PER_KEY_MB (${perKeyMb})`);
  }
  // A 32 MiB body over a 2 Mbit/s uplink takes ~2 minutes; a stalled one is cut by the idle timeout.
  const requestTimeoutMs = intVar(env, "REQUEST_TIMEOUT_SECONDS", 180, 1, 86_400) * 1000;
  const headersTimeoutMs = intVar(env, "HEADERS_TIMEOUT_SECONDS", 10, 1, 3600) * 1000;
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError("HEADERS_TIMEOUT_SECONDS", "must not exceed REQUEST_TIMEOUT_SECONDS");
  }
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    // Longer than the usual load balancer idle timeout (60 s), so the balancer closes first.
    keepAliveTimeoutMs: intVar(env, "KEEP_ALIVE_TIMEOUT_SECONDS", 72, 1, 3600) * 1000,
    bodyIdleTimeoutMs: intVar(env, "BODY_IDLE_TIMEOUT_SECONDS", 10, 1, 3600) * 1000,
    uploadBufferBytes: totalMb * MIB,
    uploadBufferPerKeyBytes: perKeyMb * MIB,
  };
}

/** From package.json, one level up both from src/ (tsx) and from dist/ (the build). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  return String(pkg.version);
}

/**
 * What the default User-Agent says after the product: the project has no public address yet, and a
 * made-up URL could name someone else's site. Operators set WEB_USER_AGENT with their own contact
 * (docs/web.md), so that a site owner who sees it in a log can reach them.
 */
const DEFAULT_AGENT_COMMENT = "self-hosted place enrichment; operator contact: set WEB_USER_AGENT";

/** A User-Agent's product token: the name before the first "/" (RFC 9110 §10.1.5, RFC 9309 §2.2.1). */
const PRODUCT_TOKEN = /^([A-Za-z0-9_-]+)(?:\/|\s|$)/;

function webConfig(env: Env): WebConfig {
  const userAgent =
    env.WEB_USER_AGENT?.trim() || `place-enrichment/${packageVersion()} (${DEFAULT_AGENT_COMMENT})`;
  const token = PRODUCT_TOKEN.exec(userAgent)?.[1];
  if (token === undefined) {
    throw new ConfigError("WEB_USER_AGENT", `must start with a product token (letters, digits, - or _)`);
  }
  const portsRaw = env.WEB_ALLOWED_PORTS?.trim() || "80,443";
  const allowedPorts = portsRaw.split(",").map((part) => {
    const port = Number(part.trim());
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ConfigError(
        "WEB_ALLOWED_PORTS",
        `expected ports (1..65535) separated by commas, got "${portsRaw}"`,
      );
    }
    return port;
  });
  const pageTimeoutMs = intVar(env, "WEB_FETCH_TIMEOUT_SECONDS", 10, 1, 600) * 1000;
  return {
    // On by default: the website is the freshest first-party evidence. Offline, names fail to
    // resolve at once (dns_failure) and the job completes with the other evidence.
    // Off by default: the embedded default is offline-first, and with fetching on a job waits on the
    // network (measured in bench/responsiveness.ts with this sandbox's throttled DNS: 2.8 s of web
    // source per place, 6 jobs/s for a 50,000-job batch whose 500 hosts do not resolve).
    fetching: switchVar(env, "WEB_FETCHING", false),
    // A home page and one hop (10 s each at most) and the 1 s pause between them fit in 30 s; and a
    // thread's chunk of 50 places, 8 at a time, fits in ENRICH_TIMEOUT_SECONDS (300), which would end
    // the whole task, every attribute of every place in it.
    jobTimeoutMs: intVar(env, "WEB_JOB_TIMEOUT_SECONDS", 30, 1, 3600) * 1000,
    allowPrivateNetwork: switchVar(env, "WEB_ALLOW_PRIVATE_NETWORK", false),
    allowedPorts,
    userAgent,
    productToken: token,
    // 10 s (the figure) covers a slow shared host; a trickling server (1 byte/100 ms) is
    // cut at it, long before it holds a job (ENRICH_TIMEOUT_SECONDS is 300).
    pageTimeoutMs,
    headersTimeoutMs: Math.min(pageTimeoutMs, 5000),
    // 2 MiB of HTML (the figure) is far more than a business's home page needs for its
    // contact details; a gzip bomb or a 50 MB body is cut at this many decompressed bytes.
    maxPageBytes: intVar(env, "WEB_MAX_PAGE_BYTES", 2 * MIB, 16 * 1024, 64 * MIB),
    // RFC 9110 §15.4 asks clients to detect loops rather than fix a number; the issue asks for 5
    // (http→https→www→locale is 3).
    maxRedirects: 5,
    // Per enrichment thread: fetches mostly wait on the network, and 8 per thread keeps a 2-core
    // machine's threads fed without opening hundreds of sockets.
    concurrency: intVar(env, "WEB_CONCURRENCY", 8, 1, 256),
    // One request at a time to a host and a second between two: a place needs 2–3 pages of its site,
    // and a small business's shared host must not notice us (the issue allows 1–2).
    perHostConcurrency: intVar(env, "WEB_PER_HOST_CONCURRENCY", 1, 1, 2),
    perHostDelayMs: intVar(env, "WEB_PER_HOST_DELAY_MS", 1000, 0, 60_000),
    // Two more tries, each after at most 5 s: a page's 10 s budget holds them.
    maxRetries: 2,
    maxRetryWaitMs: 5000,
    // An hour: a batch's places sharing a chain's site, and retries of a job, reuse the page; the
    // attribute results themselves are cached for CACHE_TTL_SECONDS.
    pageCacheTtlMs: intVar(env, "WEB_PAGE_CACHE_TTL_SECONDS", 3600, 0, 7 * 86_400) * 1000,
    pageCacheBytes: intVar(env, "WEB_PAGE_CACHE_MB", 32, 0, 4096) * MIB,
    pageCacheEntries: 1000,
    // RFC 9309 §2.4: a crawler SHOULD NOT use a cached robots.txt for more than 24 hours.
    robotsTtlMs: 24 * 3_600_000,
    robotsBackoffMs: 10 * 60_000,
  };
}

const SEARCH_PROVIDERS: readonly SearchProviderKind[] = ["searxng", "brave"];

function searchConfig(env: Env): SearchConfig {
  const raw = env.SEARCH_URL?.trim() || null;
  let url: string | null = null;
  if (raw) {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new ConfigError("SEARCH_URL", `expected an http(s) URL, got "${raw}"`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
      throw new ConfigError("SEARCH_URL", `expected an http(s) URL, got "${raw}"`);
    if (parsed.username || parsed.password)
      throw new ConfigError("SEARCH_URL", "put credentials in SEARCH_AUTH_HEADER, not in the URL");
    // Discovery only proposes candidates; a candidate becomes the website when its fetched page
    // verifies against the place. Without the fetcher every search would be spent for nothing.
    if (!switchVar(env, "WEB_FETCHING", false))
      throw new ConfigError(
        "SEARCH_URL",
        "website discovery verifies search results by fetching them: set WEB_FETCHING=on, or unset SEARCH_URL",
      );
    url = parsed.toString();
  }
  const providerRaw = env.SEARCH_PROVIDER?.trim().toLowerCase() || "searxng";
  if (!SEARCH_PROVIDERS.includes(providerRaw as SearchProviderKind))
    throw new ConfigError(
      "SEARCH_PROVIDER",
      `expected one of ${SEARCH_PROVIDERS.join(", ")}, got "${providerRaw}"`,
    );
  const headerRaw = env.SEARCH_AUTH_HEADER?.trim() || null;
  let authHeader: SearchConfig["authHeader"] = null;
  if (headerRaw) {
    const colon = headerRaw.indexOf(":");
    const name = colon > 0 ? headerRaw.slice(0, colon).trim() : "";
    const value = colon > 0 ? headerRaw.slice(colon + 1).trim() : "";
    // The value is a secret: the message never repeats it.
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name) || value.length === 0 || /[\r\n]/.test(value))
      throw new ConfigError("SEARCH_AUTH_HEADER", 'expected "Header-Name: value"');
    authHeader = { name, value };
  }
  return {
    url,
    provider: providerRaw as SearchProviderKind,
    authHeader,
    // A public SearXNG instance allows a few searches a second per client, and its upstream engines
    // answer CAPTCHAs to faster callers; 1 per second keeps a self-hosted one under that.
    ratePerSecond: floatVar(env, "SEARCH_RATE_PER_SECOND", 1, 0.01, 1000),
    concurrency: intVar(env, "SEARCH_CONCURRENCY", 2, 1, 256),
    // SearXNG waits for its slowest engine (its own default timeout is 3 s): 10 s holds that and a
    // slow network, and two queries still fit in WEB_JOB_TIMEOUT_SECONDS beside the fetches.
    timeoutMs: intVar(env, "SEARCH_TIMEOUT_MS", 10_000, 100, 120_000),
    // A day: a batch re-sent the same week asks the same queries; `refresh` bypasses it.
    cacheTtlMs: intVar(env, "SEARCH_CACHE_TTL_SECONDS", 86_400, 0, 30 * 86_400) * 1000,
    cacheEntries: 10_000,
    maxQueriesPerJob: intVar(env, "SEARCH_MAX_QUERIES_PER_JOB", 2, 1, 10),
  };
}
