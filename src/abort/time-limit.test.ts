import { describe, expect, it } from "vitest";
import { timeLimit } from "./time-limit.js";

describe("timeLimit", () => {
  it("aborts with a TimeoutError when the time runs out, even after a garbage collection", async () => {
    const limit = timeLimit(30, new AbortController().signal);
    const aborted = new Promise<unknown>((resolve) =>
      limit.signal.addEventListener("abort", () => resolve(limit.signal.reason)),
    );
    (globalThis as { gc?: () => void }).gc?.();
    const reason = (await aborted) as DOMException;
    expect(reason.name).toBe("TimeoutError");
    expect(limit.expired).toBe(true);
  });

  it("aborts with the caller's reason when the caller aborts first, and is not expired", () => {
    const caller = new AbortController();
    const limit = timeLimit(60_000, caller.signal);
    caller.abort(new Error("job time limit"));
    expect(limit.signal.aborted).toBe(true);
    expect((limit.signal.reason as Error).message).toBe("job time limit");
    expect(limit.expired).toBe(false);
    limit.clear();
  });

  it("starts aborted for an aborted caller, and clear() stops the timer", async () => {
    const caller = new AbortController();
    caller.abort(new Error("gone"));
    expect(timeLimit(60_000, caller.signal).signal.aborted).toBe(true);
    const limit = timeLimit(10);
    limit.clear();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(limit.signal.aborted).toBe(false);
  });
});
