import { describe, expect, it } from "vitest";
import {
  backoffMs,
  DEFAULT_RETRY,
  isConnectionRefused,
  nextRetryDelay,
  parseRetryAfter,
} from "./retry-policy.js";

const half = () => 0;

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("7", 0)).toBe(7000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
  });
});

describe("nextRetryDelay", () => {
  it("honours Retry-After of a 429 or a 503, for any request, up to the bound", () => {
    expect(nextRetryDelay({ status: 429, retryAfterMs: 3000 }, 1, false, DEFAULT_RETRY)).toBe(3000);
    expect(nextRetryDelay({ status: 503, retryAfterMs: 1000 }, 1, false, DEFAULT_RETRY)).toBe(1000);
    expect(nextRetryDelay({ status: 429, retryAfterMs: 3_600_000 }, 1, true, DEFAULT_RETRY)).toBeNull();
  });
  it("stops after maxAttempts", () => {
    expect(nextRetryDelay({ status: 429, retryAfterMs: 10 }, 5, true, DEFAULT_RETRY)).toBeNull();
  });
  it("retries a reset only when the request is repeatable, a refusal always", () => {
    expect(nextRetryDelay({}, 1, false, DEFAULT_RETRY)).toBeNull();
    expect(nextRetryDelay({}, 1, true, DEFAULT_RETRY, half)).toBe(250);
    expect(nextRetryDelay({ refused: true }, 1, false, DEFAULT_RETRY, half)).toBe(250);
  });
  it("retries 409 only with Retry-After on a repeatable request, never a 4xx otherwise", () => {
    expect(nextRetryDelay({ status: 409, retryAfterMs: 2000 }, 1, true, DEFAULT_RETRY)).toBe(2000);
    expect(nextRetryDelay({ status: 409, retryAfterMs: 2000 }, 1, false, DEFAULT_RETRY)).toBeNull();
    expect(nextRetryDelay({ status: 422 }, 1, true, DEFAULT_RETRY)).toBeNull();
    expect(nextRetryDelay({ status: 500 }, 1, true, DEFAULT_RETRY)).toBeNull();
    expect(nextRetryDelay({ status: 502 }, 1, false, DEFAULT_RETRY)).toBeNull();
  });
});

describe("backoffMs", () => {
  it("doubles from the base, with jitter 0.5–1, capped", () => {
    expect(backoffMs(1, DEFAULT_RETRY, () => 1)).toBe(500);
    expect(backoffMs(3, DEFAULT_RETRY, () => 1)).toBe(2000);
    expect(backoffMs(3, DEFAULT_RETRY, half)).toBe(1000);
    expect(backoffMs(20, DEFAULT_RETRY, () => 1)).toBe(30_000);
  });
});

describe("isConnectionRefused", () => {
  it("finds the code in fetch's cause chain", () => {
    const refused = new TypeError("fetch failed", {
      cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }),
    });
    const reset = new TypeError("fetch failed", {
      cause: Object.assign(new Error("x"), { code: "ECONNRESET" }),
    });
    expect(isConnectionRefused(refused)).toBe(true);
    expect(isConnectionRefused(reset)).toBe(false);
  });
});
