import { describe, expect, it } from "vitest";
import { cachingResolver, type ResolvedAddress, type Resolver } from "./resolver.js";

describe("cachingResolver", () => {
  it("reuses answers and failures for their time, one lookup in flight per name, bounded", async () => {
    let now = 0;
    const calls: string[] = [];
    const answers: Record<string, ResolvedAddress[] | Error> = {
      "shop.example": [{ address: "93.184.216.34", family: 4 }],
      "gone.example": new Error("ENOTFOUND"),
    };
    const inner: Resolver = async (name) => {
      calls.push(name);
      const a = answers[name];
      if (a instanceof Error || a === undefined) throw a ?? new Error("ENOTFOUND");
      return a;
    };
    const resolve = cachingResolver(inner, { ttlMs: 1000, failureTtlMs: 100, maxEntries: 2, now: () => now });
    // Concurrent lookups of one name share one call; the case of a name does not matter.
    const [a, b] = await Promise.all([resolve("shop.example"), resolve("SHOP.example")]);
    expect(a).toEqual(answers["shop.example"]);
    expect(b).toBe(a);
    await expect(resolve("gone.example")).rejects.toThrow("ENOTFOUND");
    await expect(resolve("gone.example")).rejects.toThrow("ENOTFOUND");
    expect(calls).toEqual(["shop.example", "gone.example"]);
    now = 150; // the failure expired, the answer not
    await expect(resolve("gone.example")).rejects.toThrow();
    await resolve("shop.example");
    expect(calls).toEqual(["shop.example", "gone.example", "gone.example"]);
    now = 2000; // the answer expired too
    await resolve("shop.example");
    expect(calls.filter((c) => c === "shop.example")).toHaveLength(2);
    // At most 2 names: a third pushes out the oldest.
    await resolve("other.example").catch(() => {});
    await resolve("gone.example").catch(() => {});
    const before = calls.length;
    await resolve("shop.example");
    expect(calls.length).toBe(before + 1);
  });
});
