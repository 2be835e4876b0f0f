import { describe, expect, it } from "vitest";
import { HeavyReadGate } from "./heavy-read-gate.js";

/** A read that finishes when told to: its promise, its finish, and whether it started. */
function pendingRead(log: string[], name: string) {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  const read = () => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { read, finish: (v = name) => finish(v), fail: (e: Error) => fail(e) };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("HeavyReadGate", () => {
  it("runs at most perOrg reads of one organization at once, the rest in arrival order", async () => {
    const gate = new HeavyReadGate(2);
    const log: string[] = [];
    const reads = ["a1", "a2", "a3", "a4"].map((n) => pendingRead(log, n));
    const results = reads.map((r) => gate.run("A", r.read));
    await turn();
    expect(log).toEqual(["start a1", "start a2"]);
    expect(gate.load("A")).toEqual({ running: 2, waiting: 2 });
    reads[1]!.finish();
    await turn();
    expect(log).toEqual(["start a1", "start a2", "start a3"]);
    reads[0]!.finish();
    await turn();
    expect(log.at(-1)).toBe("start a4");
    reads[2]!.finish();
    reads[3]!.finish();
    expect(await Promise.all(results)).toEqual(["a1", "a2", "a3", "a4"]);
    expect(gate.load("A")).toEqual({ running: 0, waiting: 0 });
  });

  it("does not make another organization wait for one organization's burst", async () => {
    const gate = new HeavyReadGate(1);
    const log: string[] = [];
    const burst = ["a1", "a2", "a3"].map((n) => pendingRead(log, n));
    for (const r of burst) void gate.run("A", r.read);
    const other = pendingRead(log, "b1");
    const b = gate.run("B", other.read);
    await turn();
    expect(log).toEqual(["start a1", "start b1"]);
    other.finish();
    expect(await b).toBe("b1");
  });

  it("gives the slot on when a read fails, and passes the error to its caller", async () => {
    const gate = new HeavyReadGate(1);
    const log: string[] = [];
    const [first, second] = [pendingRead(log, "a1"), pendingRead(log, "a2")];
    const failed = gate.run("A", first.read);
    const next = gate.run("A", second.read);
    await turn();
    first.fail(new Error("statement timeout"));
    await expect(failed).rejects.toThrow("statement timeout");
    await turn();
    expect(log).toEqual(["start a1", "start a2"]);
    second.finish();
    expect(await next).toBe("a2");
  });

  it("refuses a share below one", () => {
    expect(() => new HeavyReadGate(0)).toThrow(RangeError);
  });
});
