import { describe, expect, it } from "vitest";
import { RequestScheduler } from "./request-scheduler.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("RequestScheduler", () => {
  it("holds the global limit and the per-host limit", async () => {
    const scheduler = new RequestScheduler({ concurrency: 2, perHostConcurrency: 1, perHostDelayMs: 0 });
    const granted: string[] = [];
    const releases = new Map<string, () => void>();
    for (const [name, host] of [
      ["a1", "a"],
      ["a2", "a"],
      ["b1", "b"],
      ["c1", "c"],
    ] as const) {
      void scheduler.acquire(host).then((release) => {
        granted.push(name);
        releases.set(name, release);
      });
    }
    await tick();
    // a2 waits for host a; b1 takes the second global slot; c1 waits for a global slot.
    expect(granted).toEqual(["a1", "b1"]);
    releases.get("a1")!();
    await tick();
    expect(granted).toEqual(["a1", "b1", "a2"]);
    releases.get("b1")!();
    await tick();
    expect(granted).toEqual(["a1", "b1", "a2", "c1"]);
    expect(scheduler.inFlight).toBe(2);
  });

  it("pauses between two requests to one host, and longer when asked", async () => {
    const scheduler = new RequestScheduler({ concurrency: 4, perHostConcurrency: 1, perHostDelayMs: 80 });
    const first = await scheduler.acquire("a");
    first();
    let started = performance.now();
    const second = await scheduler.acquire("a");
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    // Another host is not held back.
    started = performance.now();
    (await scheduler.acquire("b"))();
    expect(performance.now() - started).toBeLessThan(50);
    second(250);
    started = performance.now();
    (await scheduler.acquire("a"))();
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it("drops a waiter whose signal aborts", async () => {
    const scheduler = new RequestScheduler({ concurrency: 1, perHostConcurrency: 1, perHostDelayMs: 0 });
    const held = await scheduler.acquire("a");
    const controller = new AbortController();
    const waiting = scheduler.acquire("b", controller.signal);
    controller.abort(new Error("gave up"));
    await expect(waiting).rejects.toThrow("gave up");
    held();
    expect(scheduler.inFlight).toBe(0);
    (await scheduler.acquire("c"))();
  });
});
