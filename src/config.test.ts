import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";
import { CONFIG_VARIABLES, configHelpText, configTableMarkdown, literalDefault } from "./config-variables.js";

describe("loadConfig", () => {
  it("has the documented defaults", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: "127.0.0.1",
      port: 8080,
      databaseUrl: "./data/place-enrich.db",
      leaseMs: 60_000,
      maxAttempts: 3,
      batchFailedThreshold: 0.5,
      cacheTtlMs: 7 * 86_400_000,
    });
    expect(c.workerConcurrency).toBeGreaterThanOrEqual(2);
  });

  it("reads every variable", () => {
    const c = loadConfig({
      HOST: "0.0.0.0",
      PORT: "9000",
      DATABASE_URL: "sqlite:///tmp/x.db",
      WORKER_CONCURRENCY: "0",
      LEASE_SECONDS: "30",
      MAX_ATTEMPTS: "5",
      BATCH_FAILED_THRESHOLD: "0.25",
      CACHE_TTL_SECONDS: "0",
      BODY_LIMIT_MB: "64",
    });
    expect(c).toMatchObject({
      host: "0.0.0.0",
      port: 9000,
      databaseUrl: "sqlite:///tmp/x.db",
      workerConcurrency: 0,
      leaseMs: 30_000,
      maxAttempts: 5,
      batchFailedThreshold: 0.25,
      cacheTtlMs: 0,
      bodyLimitBytes: 64 * 1024 * 1024,
    });
  });

  it("sizes the upload bounds from the body limit; each must hold one largest body", () => {
    const mib = 1024 * 1024;
    expect(loadConfig({ BODY_LIMIT_MB: "10" }).http).toMatchObject({
      uploadBufferPerKeyBytes: 20 * mib,
      uploadBufferBytes: 40 * mib,
    });
    expect(loadConfig({ UPLOAD_BUFFER_PER_KEY_MB: "100" }).http.uploadBufferBytes).toBe(128 * mib);
    expect(() => loadConfig({ BODY_LIMIT_MB: "10", UPLOAD_BUFFER_PER_KEY_MB: "5" })).toThrow(
      /UPLOAD_BUFFER_PER_KEY_MB: must hold one largest body/,
    );
    expect(() => loadConfig({ UPLOAD_BUFFER_MB: "40" })).toThrow(/UPLOAD_BUFFER_MB/);
    expect(() => loadConfig({ HEADERS_TIMEOUT_SECONDS: "30", REQUEST_TIMEOUT_SECONDS: "20" })).toThrow(
      /HEADERS_TIMEOUT_SECONDS: must not exceed REQUEST_TIMEOUT_SECONDS/,
    );
    expect(loadConfig({}).trustProxy).toBeNull();
    expect(loadConfig({ TRUST_PROXY: " 10.0.0.0/8,127.0.0.1 " }).trustProxy).toBe("10.0.0.0/8,127.0.0.1");
  });

  it("rejects malformed values naming the variable", () => {
    expect(() => loadConfig({ PORT: "abc" })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "70000" })).toThrow(/PORT/);
    expect(() => loadConfig({ BATCH_FAILED_THRESHOLD: "2" })).toThrow(/BATCH_FAILED_THRESHOLD/);
    expect(() => loadConfig({ MAX_ATTEMPTS: "1.5" })).toThrow(/MAX_ATTEMPTS/);
  });

  it("reads the reference settings: on by default with the shipped extract; off; none", () => {
    expect(loadConfig({})).toMatchObject({
      referenceMatching: true,
      referenceDefault: "resources/reference/overture-us-sample.jsonl.gz",
    });
    expect(loadConfig({ REFERENCE_MATCHING: "off", REFERENCE_DEFAULT: "None" })).toMatchObject({
      referenceMatching: false,
      referenceDefault: null,
    });
    expect(loadConfig({ REFERENCE_DEFAULT: "/data/mine.csv" }).referenceDefault).toBe("/data/mine.csv");
    expect(() => loadConfig({ REFERENCE_MATCHING: "maybe" })).toThrow(
      /REFERENCE_MATCHING: expected on or off/,
    );
  });

  it("reads the metrics settings: on and open by default, no worker port", () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: true, token: null, workerPort: null });
    expect(loadConfig({ METRICS: "off", METRICS_TOKEN: " t0k ", METRICS_PORT: "9464" }).metrics).toEqual({
      enabled: false,
      token: "t0k",
      workerPort: 9464,
    });
    expect(() => loadConfig({ METRICS_PORT: "0" })).toThrow(/METRICS_PORT/);
  });
});

describe("loadConfig: the website fetcher", () => {
  it("is safe by default: public addresses, ports 80 and 443, a descriptive User-Agent", () => {
    const { web } = loadConfig({});
    expect(web).toMatchObject({
      allowPrivateNetwork: false,
      allowedPorts: [80, 443],
      productToken: "place-enrichment",
      pageTimeoutMs: 10_000,
      maxPageBytes: 2 * 1024 * 1024,
      perHostConcurrency: 1,
    });
    expect(web.userAgent).toMatch(/^place-enrichment\/\d+\.\d+\.\d+ \(self-hosted .+WEB_USER_AGENT\)$/);
  });

  it("reads its variables; the product token comes from a custom User-Agent", () => {
    const { web } = loadConfig({
      WEB_ALLOW_PRIVATE_NETWORK: "true",
      WEB_ALLOWED_PORTS: "80, 443,8080",
      WEB_USER_AGENT: "AcmeBot/2.1 (+https://acme.example/bot; bot@acme.example)",
      WEB_FETCH_TIMEOUT_SECONDS: "3",
      WEB_PAGE_CACHE_TTL_SECONDS: "0",
    });
    expect(web).toMatchObject({
      allowPrivateNetwork: true,
      allowedPorts: [80, 443, 8080],
      productToken: "AcmeBot",
      pageTimeoutMs: 3000,
      headersTimeoutMs: 3000,
      pageCacheTtlMs: 0,
    });
    expect(() => loadConfig({ WEB_ALLOWED_PORTS: "80,http" })).toThrow(/WEB_ALLOWED_PORTS/);
    expect(() => loadConfig({ WEB_USER_AGENT: "(compatible) bot" })).toThrow(/WEB_USER_AGENT/);
    expect(() => loadConfig({ WEB_PER_HOST_CONCURRENCY: "3" })).toThrow(/WEB_PER_HOST_CONCURRENCY/);
  });
});

describe("loadConfig: website discovery (search)", () => {
  it("is off without SEARCH_URL", () => {
    expect(loadConfig({}).search).toMatchObject({ url: null, provider: "searxng", authHeader: null });
  });

  it("reads its variables; the auth header is split into name and value", () => {
    const { search } = loadConfig({
      WEB_FETCHING: "on",
      SEARCH_URL: "http://127.0.0.1:8888",
      SEARCH_AUTH_HEADER: "Authorization: Basic c2VhcnhuZzpzZWNyZXQ=",
      SEARCH_RATE_PER_SECOND: "0.5",
      SEARCH_CONCURRENCY: "4",
      SEARCH_TIMEOUT_MS: "3000",
      SEARCH_CACHE_TTL_SECONDS: "60",
      SEARCH_MAX_QUERIES_PER_JOB: "1",
    });
    expect(search).toMatchObject({
      url: "http://127.0.0.1:8888/",
      authHeader: { name: "Authorization", value: "Basic c2VhcnhuZzpzZWNyZXQ=" },
      ratePerSecond: 0.5,
      concurrency: 4,
      timeoutMs: 3000,
      cacheTtlMs: 60_000,
      maxQueriesPerJob: 1,
    });
  });

  it("refuses discovery without the fetcher that verifies its results, and malformed values", () => {
    expect(() => loadConfig({ SEARCH_URL: "http://127.0.0.1:8888" })).toThrow(
      /SEARCH_URL: .*set WEB_FETCHING=on/,
    );
    expect(() => loadConfig({ WEB_FETCHING: "on", SEARCH_URL: "searx.local" })).toThrow(/SEARCH_URL/);
    expect(() => loadConfig({ WEB_FETCHING: "on", SEARCH_URL: "http://u:p@searx.example" })).toThrow(
      /SEARCH_AUTH_HEADER/,
    );
    expect(() => loadConfig({ SEARCH_PROVIDER: "bing" })).toThrow(/SEARCH_PROVIDER/);
    let message = "";
    try {
      loadConfig({ SEARCH_AUTH_HEADER: "no-colon-secret-value" });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/SEARCH_AUTH_HEADER/);
    expect(message).not.toContain("secret");
  });
});

describe("CONFIG_VARIABLES, the one documentation of the environment", () => {
  it("lists exactly the variables loadConfig reads", () => {
    const read = new Set<string>();
    const env = new Proxy({} as Record<string, string | undefined>, {
      get(_target, name) {
        if (typeof name === "string") read.add(name);
        return undefined;
      },
    });
    loadConfig(env);
    expect([...read].sort()).toEqual(CONFIG_VARIABLES.map((v) => v.name).sort());
  });

  it("documents the real defaults", () => {
    const defaults = loadConfig({});
    for (const variable of CONFIG_VARIABLES) {
      const literal = literalDefault(variable);
      if (literal === null) continue; // computed (WORKER_CONCURRENCY, WORKER_THREADS)
      expect(loadConfig({ [variable.name]: literal }), variable.name).toEqual(defaults);
    }
    expect(CONFIG_VARIABLES.filter((v) => literalDefault(v) === null).map((v) => v.name)).toEqual([
      "WORKER_CONCURRENCY",
      "WORKER_THREADS",
      "UPLOAD_BUFFER_MB",
      "UPLOAD_BUFFER_PER_KEY_MB",
      "TRUST_PROXY",
      "METRICS_TOKEN",
      "METRICS_PORT",
      "WEB_USER_AGENT",
      "SEARCH_URL",
      "SEARCH_AUTH_HEADER",
      "LLM_URL",
      "LLM_MODEL",
      "LLM_API_KEY",
    ]);
  });

  it("is README's configuration table, row for row", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const start = readme.indexOf("| variable | default | meaning |");
    const end = readme.indexOf("\n\n", start);
    // On failure, paste the expected table (configTableMarkdown()) into README.
    expect(readme.slice(start, end)).toBe(configTableMarkdown());
  });

  it("renders as plain text for --help", () => {
    const help = configHelpText();
    for (const v of CONFIG_VARIABLES) expect(help).toContain(`  ${v.name} `);
    expect(help).toContain("(default: 127.0.0.1)");
    expect(help).not.toContain("`");
  });
});

describe("the language model and the daily budgets", () => {
  it("has no model without LLM_URL, and no daily limit by default", () => {
    const config = loadConfig({});
    expect(config.model).toBeNull();
    expect(config.budgets).toEqual({ searchesPerDay: 0, modelRequestsPerDay: 0, modelTokensPerDay: 0 });
  });

  it("reads the model's endpoint, name, key and per-job caps; LLM_MODEL is required with LLM_URL", () => {
    const config = loadConfig({
      LLM_URL: "http://127.0.0.1:8081/v1",
      LLM_MODEL: "qwen2.5-7b-instruct",
      LLM_API_KEY: "sk-x",
      LLM_MAX_REQUESTS_PER_JOB: "2",
      LLM_DAILY_TOKEN_BUDGET: "500000",
    });
    expect(config.model).toEqual({
      url: "http://127.0.0.1:8081/v1",
      model: "qwen2.5-7b-instruct",
      apiKey: "sk-x",
      timeoutMs: 15_000,
      maxRequestsPerJob: 2,
      maxTokensPerJob: 4000,
    });
    expect(config.budgets.modelTokensPerDay).toBe(500_000);
    expect(() => loadConfig({ LLM_URL: "http://127.0.0.1:8081/v1" })).toThrow(/LLM_MODEL/);
    expect(() => loadConfig({ LLM_URL: "ftp://x/v1", LLM_MODEL: "m" })).toThrow(/LLM_URL/);
    expect(() => loadConfig({ LLM_URL: "https://u:p@x/v1", LLM_MODEL: "m" })).toThrow(/LLM_API_KEY/);
  });
});
