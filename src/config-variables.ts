/**
 * The environment variables the service reads, documented once: README's configuration table and
 * `place-enrich --help` are rendered from this list, and config.test.ts checks that loadConfig
 * reads exactly these names, that each literal default is the real one, and that README's table is
 * this list's rendering. Markdown in `default` and `meaning` is what README shows; --help strips it.
 */
export interface ConfigVariable {
  name: string;
  /** As README shows it; the first `code` span, when there is one, is the literal default value. */
  default: string;
  meaning: string;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: "HOST", default: "`127.0.0.1`", meaning: "address the API listens on (`0.0.0.0` to expose it)" },
  { name: "PORT", default: "`8080`", meaning: "API port" },
  {
    name: "DATABASE_URL",
    default: "`./data/place-enrich.db`",
    meaning:
      "SQLite file (a plain path, `sqlite:///abs/path.db` or `sqlite://relative.db`) or PostgreSQL (`postgres://user:pass@host:5432/db`, optional `?schema=name&pool_size=10`)",
  },
  {
    name: "WORKER_CONCURRENCY",
    default: "2 × cores (2..8)",
    meaning: "jobs enriched at once per process; `0` disables the in-process workers",
  },
  {
    name: "WORKER_THREADS",
    default: "cores",
    meaning:
      "enrichment threads of a process with workers (an API-only process runs one, for `POST /enrich`); each loads the brand, address and category data (~200 MB)",
  },
  {
    name: "ENRICH_NICE",
    default: "`10`",
    meaning:
      "scheduling niceness of the enrichment threads (0–19, Linux: per thread): the API and the store threads get the CPU first when cores are short; `0` runs them like the rest",
  },
  {
    name: "ENRICH_TIMEOUT_SECONDS",
    default: "`300`",
    meaning:
      "longest an enrichment task may run: past it the thread is replaced and its places fail as retryable (each is retried alone, so one bad place does not fail its neighbours)",
  },
  { name: "WORKER_CLAIM_BATCH", default: "`100`", meaning: "jobs claimed per store round trip" },
  {
    name: "WORKER_POLL_MS",
    default: "`250`",
    meaning: "first idle poll interval when no job is due; it doubles while idle…",
  },
  {
    name: "WORKER_IDLE_MAX_MS",
    default: "`2000`",
    meaning:
      "…up to this. New work wakes workers at once anyway: the in-process API notifies them, and on PostgreSQL so does LISTEN/NOTIFY",
  },
  {
    name: "LEASE_SECONDS",
    default: "`60`",
    meaning: "a claimed job's lease; renewed by a heartbeat every third of it; an expired lease is reclaimed",
  },
  { name: "MAX_ATTEMPTS", default: "`3`", meaning: "attempts before a job is marked `failed`" },
  {
    name: "RETRY_BASE_MS",
    default: "`1000`",
    meaning:
      "backoff after the first failed attempt; it doubles with each further one (times a random 0.5–1)…",
  },
  { name: "RETRY_MAX_MS", default: "`60000`", meaning: "…up to this" },
  { name: "SHUTDOWN_GRACE_SECONDS", default: "`20`", meaning: "time in-flight jobs get on SIGTERM/SIGINT" },
  {
    name: "BATCH_FAILED_THRESHOLD",
    default: "`0.5`",
    meaning: "failed share above which a finished batch is `failed`",
  },
  {
    name: "CACHE_TTL_SECONDS",
    default: "`604800` (7 days)",
    meaning:
      "how long an attribute result is reused for the same normalized inputs (per org; see [Cache](#cache)); older entries are pruned by the workers; `0` disables",
  },
  {
    name: "BODY_LIMIT_MB",
    default: "`32`",
    meaning:
      "largest request body, in MiB (50,000 realistic jobs are ~15 MB); larger requests get a 413 naming it",
  },
  {
    name: "UPLOAD_BUFFER_MB",
    default: "4 × BODY_LIMIT_MB",
    meaning:
      "request bodies held by requests in progress, in all, in MiB; a request whose declared body does not fit gets a 503 with `Retry-After` before its body is read",
  },
  {
    name: "UPLOAD_BUFFER_PER_KEY_MB",
    default: "2 × BODY_LIMIT_MB",
    meaning: "the same per API key (a 429 with `Retry-After`); at least `BODY_LIMIT_MB`",
  },
  {
    name: "BODY_IDLE_TIMEOUT_SECONDS",
    default: "`10`",
    meaning: "a request body that sends nothing for this long is cut with a 408 and the connection closed",
  },
  {
    name: "REQUEST_TIMEOUT_SECONDS",
    default: "`180`",
    meaning: "the whole request, headers and body, must arrive within this (408)",
  },
  {
    name: "HEADERS_TIMEOUT_SECONDS",
    default: "`10`",
    meaning: "the request headers must arrive within this (408)",
  },
  {
    name: "KEEP_ALIVE_TIMEOUT_SECONDS",
    default: "`72`",
    meaning:
      "an idle keep-alive connection is closed after this (keep it above your load balancer's idle timeout)",
  },
  {
    name: "RATE_LIMIT_PER_MINUTE",
    default: "`1200`",
    meaning:
      "requests per minute per API key, status polls apart; counted in the database, so shared by every API process (429 with `Retry-After` and `RateLimit-*` headers past it); `0` disables. Per-org overrides: `place-enrich orgs limits`",
  },
  {
    name: "POLL_RATE_LIMIT_PER_MINUTE",
    default: "`3000`",
    meaning:
      "status polls (`GET /batches/{id}`, `GET /jobs/{place_id}`) per minute per API key; `0` disables",
  },
  {
    name: "ORG_RATE_LIMIT_PER_MINUTE",
    default: "`6000`",
    meaning: "requests per minute of one organization, all its keys and polls together; `0` disables",
  },
  {
    name: "JOBS_PER_HOUR",
    default: "`1000000`",
    meaning:
      "jobs accepted per hour per organization (batches, single jobs, `POST /enrich`, reprocessing); past it a 429 with `Retry-After`; `0` disables",
  },
  {
    name: "AUTH_FAILURES_PER_MINUTE",
    default: "`30`",
    meaning:
      "failed authentications per minute per client address; past it every request from that address gets a 429 until the minute ends, before any key is looked up; `0` disables",
  },
  {
    name: "IDEMPOTENCY_TTL_HOURS",
    default: "`24`",
    meaning: "how long the answer to a request with an `Idempotency-Key` is kept and replayed to retries",
  },
  {
    name: "TRUST_PROXY",
    default: "none",
    meaning:
      "addresses or CIDRs of your proxies or load balancer, comma-separated (`10.0.0.0/8,127.0.0.1`): their `X-Forwarded-For` then names the client, whose failed authentications are limited per address",
  },
  { name: "LOG_LEVEL", default: "`info`", meaning: "pino log level" },
  {
    name: "METRICS",
    default: "`on`",
    meaning:
      "serve Prometheus metrics at `GET /metrics` (requests, latency, job queue, worker outcomes, process); `off` hides it",
  },
  {
    name: "METRICS_TOKEN",
    default: "none",
    meaning:
      "when set, `GET /metrics` needs `Authorization: Bearer <token>`; without it the metrics are open, like `/health`",
  },
  {
    name: "METRICS_PORT",
    default: "none",
    meaning:
      "a worker-only process (`place-enrich worker`) serves `/metrics`, `/health` and `/ready` on this port of `HOST`",
  },
  {
    name: "DASHBOARD_TILE_URL",
    default: "`none`",
    meaning:
      "map tiles for the dashboard's map, an `https://` (or `http://`) template with `{z}`, `{x}`, `{y}` (e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`; mind the tile server's usage policy); `none`: the places are drawn on a plain projection, nothing is fetched from elsewhere",
  },
  {
    name: "REFERENCE_MATCHING",
    default: "`on`",
    meaning: "match every job against the imported reference places (`off`: inputs only)",
  },
  {
    name: "REFERENCE_DEFAULT",
    default: "`resources/reference/overture-us-sample.jsonl.gz`",
    meaning:
      "reference file imported as source `default` when the service starts on a database without any reference source; `none` disables it",
  },
  {
    name: "WEB_FETCHING",
    default: "`off`",
    meaning:
      "`on`: fetch each place's website (input hint, prefilled value or reference match), verify it and read its evidence (see [docs/web.md](docs/web.md)); turn it on where the machine reaches the web. `off` leaves the website unverified and `open_closed_status` to the reference data",
  },
  {
    name: "WEB_JOB_TIMEOUT_SECONDS",
    default: "`30`",
    meaning:
      "longest one place's website fetches may take together; past it the attributes that depend on the website are `ERROR` (not cached, enriched again on the next run) and the others complete",
  },
  {
    name: "WEB_ALLOW_PRIVATE_NETWORK",
    default: "`false`",
    meaning:
      "let the website fetcher reach loopback, private, link-local and other non-public addresses (tests, intranets); off, a site whose name resolves to one is refused (see [docs/web.md](docs/web.md))",
  },
  {
    name: "WEB_ALLOWED_PORTS",
    default: "`80,443`",
    meaning: "ports a fetched website URL (or a redirect) may use, comma-separated",
  },
  {
    name: "WEB_USER_AGENT",
    default: "place-enrichment/*version* (self-hosted …)",
    meaning:
      "User-Agent of the website fetcher; robots.txt rules are matched on its product token (the name before the first `/`): set your own with a contact address",
  },
  {
    name: "WEB_FETCH_TIMEOUT_SECONDS",
    default: "`10`",
    meaning:
      "total time for one website page from its first request: redirects, retries and every body byte; its headers must come within 5 s (or this, when shorter)",
  },
  {
    name: "WEB_MAX_PAGE_BYTES",
    default: "`2097152` (2 MiB)",
    meaning: "largest page, counted after decompression; a larger one is cut and not used",
  },
  {
    name: "WEB_CONCURRENCY",
    default: "`8`",
    meaning: "website requests in flight at once per enrichment thread",
  },
  {
    name: "WEB_PER_HOST_CONCURRENCY",
    default: "`1`",
    meaning: "website requests in flight at once to one host, per enrichment thread (1 or 2)",
  },
  {
    name: "WEB_PER_HOST_DELAY_MS",
    default: "`1000`",
    meaning: "pause between two requests to the same host",
  },
  {
    name: "WEB_PAGE_CACHE_TTL_SECONDS",
    default: "`3600`",
    meaning:
      "how long a fetched page is reused by an enrichment thread (`refresh` bypasses it); `0` disables",
  },
  {
    name: "WEB_PAGE_CACHE_MB",
    default: "`32`",
    meaning: "memory of that page cache per enrichment thread, in MiB",
  },
  {
    name: "WEBHOOK_MAX_ATTEMPTS",
    default: "`8`",
    meaning:
      "POSTs of one batch webhook event before it is `failed` (see [docs/webhooks.md](docs/webhooks.md)); deliveries follow `WEB_ALLOW_PRIVATE_NETWORK` and `WEB_ALLOWED_PORTS`",
  },
  {
    name: "WEBHOOK_RETRY_BASE_SECONDS",
    default: "`600`",
    meaning:
      "wait before a webhook's second attempt; doubles each time (capped at 12 h), × a random factor in [0.5, 1): 8 attempts span 10.6–21.2 h",
  },
  {
    name: "WEBHOOK_TIMEOUT_SECONDS",
    default: "`10`",
    meaning: "longest one webhook POST may take, connection to the end of the answer",
  },
  {
    name: "SEARCH_URL",
    default: "none (discovery off)",
    meaning:
      "web search endpoint for website discovery: a SearXNG base URL with the JSON format enabled (see [docs/discovery.md](docs/discovery.md)); places without a verified website get one searched for and verified. Needs `WEB_FETCHING=on` (refused at startup otherwise); unset turns discovery off",
  },
  {
    name: "SEARCH_PROVIDER",
    default: "`searxng`",
    meaning: "the API behind `SEARCH_URL`: `searxng`, or `brave` (Brave Search API)",
  },
  {
    name: "SEARCH_AUTH_HEADER",
    default: "none",
    meaning:
      "header sent with every search request, as `Name: value` (an API key, a proxy's credentials); never logged",
  },
  {
    name: "SEARCH_RATE_PER_SECOND",
    default: "`1`",
    meaning: "searches started per second by one process (split over its enrichment threads)",
  },
  {
    name: "SEARCH_CONCURRENCY",
    default: "`2`",
    meaning: "searches in flight at once in one process (split over its enrichment threads)",
  },
  {
    name: "SEARCH_TIMEOUT_MS",
    default: "`10000`",
    meaning:
      "longest one search request may take; past it the search failed (the place's website attributes are `ERROR`, retried)",
  },
  {
    name: "SEARCH_CACHE_TTL_SECONDS",
    default: "`86400`",
    meaning:
      "how long a query's results are reused by an enrichment thread (`refresh` bypasses it); `0` disables",
  },
  {
    name: "SEARCH_MAX_QUERIES_PER_JOB",
    default: "`2`",
    meaning:
      "search queries one place may use (name + city, then name + street + city); each is also counted against the org's search budget",
  },
  {
    name: "LLM_URL",
    default: "none",
    meaning:
      "an OpenAI-compatible chat-completions endpoint (`http://127.0.0.1:8081/v1`: llama.cpp server, Ollama, vLLM or a hosted service) for what the website rules cannot read: free-text opening hours, closure notices, whether an unconfirmed site is the place's (see [docs/discovery.md](docs/discovery.md)); unset: no model, results unchanged",
  },
  { name: "LLM_MODEL", default: "none", meaning: "the model name sent to `LLM_URL` (required with it)" },
  {
    name: "LLM_API_KEY",
    default: "none",
    meaning: "sent as `Authorization: Bearer` to `LLM_URL` (hosted services); never logged",
  },
  {
    name: "LLM_TIMEOUT_MS",
    default: "`15000`",
    meaning:
      "longest one model question may take, retries included; past it the question gives no evidence (the place's website time limit bounds it too)",
  },
  {
    name: "LLM_MAX_REQUESTS_PER_JOB",
    default: "`3`",
    meaning:
      "most model HTTP requests one job may make, retries and the json_object fallback included (each is counted before it is sent); `0` turns the model off for jobs",
  },
  {
    name: "LLM_MAX_TOKENS_PER_JOB",
    default: "`4000`",
    meaning:
      "model tokens (prompt + completion) after which a job sends no further request; known only from an answer, so one answer can overrun it by its own size (~400–900 tokens)",
  },
  {
    name: "SEARCH_DAILY_BUDGET",
    default: "`0`",
    meaning:
      "searches one organization may run per UTC day (`0`: no limit); per org with `place-enrich orgs limits`; spend in `GET /v1/{org}/usage`",
  },
  {
    name: "LLM_DAILY_REQUEST_BUDGET",
    default: "`0`",
    meaning:
      "model requests one organization may make per UTC day (`0`: no limit); per org with `place-enrich orgs limits`",
  },
  {
    name: "LLM_DAILY_TOKEN_BUDGET",
    default: "`0`",
    meaning:
      "model tokens one organization may spend per UTC day (`0`: no limit); per org with `place-enrich orgs limits`",
  },
];

/** The literal default of a variable (its default's first code span), or null when it is computed. */
export function literalDefault(variable: ConfigVariable): string | null {
  return /`([^`]*)`/.exec(variable.default)?.[1] ?? null;
}

/** README's configuration table (markdown), one row per variable. */
export function configTableMarkdown(): string {
  return [
    "| variable | default | meaning |",
    "|---|---|---|",
    ...CONFIG_VARIABLES.map((v) => `| \`${v.name}\` | ${v.default} | ${v.meaning} |`),
  ].join("\n");
}

function plain(markdown: string): string {
  return markdown.replace(/`([^`]*)`/g, "$1").replace(/\[([^\]]+)\]\([^)]*\)/g, "README, $1");
}

/** The "Environment" section of `place-enrich --help`. */
export function configHelpText(): string {
  const width = Math.max(...CONFIG_VARIABLES.map((v) => v.name.length)) + 2;
  return [
    "Environment (read by every command; see README, Configuration):",
    ...CONFIG_VARIABLES.map(
      (v) => `  ${v.name.padEnd(width)}${plain(v.meaning)} (default: ${plain(v.default)})`,
    ),
  ].join("\n");
}
