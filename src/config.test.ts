import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

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
});
