import { describe, expect, it } from "vitest";
import { RunningTasks } from "./settled-shutdown.js";

describe("RunningTasks", () => {
  it("waits for tracked tasks, forgets settled ones (rejected too) and gives up at the bound", async () => {
    const running = new RunningTasks();
    let finish!: () => void;
    const slow = running.track(new Promise<void>((resolve) => (finish = resolve)));
    const failed = running.track(Promise.reject(new Error("x")));
    await failed.catch(() => {});
    expect(running.size).toBe(1);
    expect(await running.settled(20)).toBe(false);
    setTimeout(finish, 10);
    expect(await running.settled(5_000)).toBe(true);
    await slow;
    expect(running.size).toBe(0);
    expect(await running.settled(0)).toBe(true);
  });
});
