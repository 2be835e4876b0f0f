import { describe, expect, it } from "vitest";
import { batchRequestJson, chunkJobs, utf8Length } from "./job-chunks.js";
import type { PlaceJob } from "./wire-types.js";

function jobs(n: number, name = "Shop"): PlaceJob[] {
  return Array.from({ length: n }, (_, i) => ({
    place_id: `p${i}`,
    inputs: { name, full_address: "1 Main St" },
  }));
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("chunkJobs", () => {
  it("cuts at the job count: 100,001 jobs are 50,000 + 50,000 + 1", async () => {
    const chunks = await collect(chunkJobs(jobs(100_001), { maxJobs: 50_000, maxBytes: 1e12 }));
    expect(chunks.map((c) => c.parts.length)).toEqual([50_000, 50_000, 1]);
    expect(JSON.parse(chunks[2]!.parts[0]!).place_id).toBe("p100000");
  });

  it("cuts at the byte bound, a single oversized job alone", async () => {
    const big = jobs(1, "x".repeat(5000));
    const mixed = [...jobs(3), ...big, ...jobs(2)];
    const one = JSON.stringify(mixed[0]).length + 1;
    const chunks = await collect(chunkJobs(mixed, { maxJobs: 100, maxBytes: one * 3 }));
    expect(chunks.map((c) => c.parts.length)).toEqual([3, 1, 2]);
  });

  it("takes async iterables", async () => {
    async function* gen() {
      yield* jobs(5);
    }
    const chunks = await collect(chunkJobs(gen(), { maxJobs: 2, maxBytes: 1e9 }));
    expect(chunks.map((c) => c.parts.length)).toEqual([2, 2, 1]);
  });
});

describe("batchRequestJson", () => {
  it("is the body JSON.stringify would make", () => {
    const list = jobs(2);
    const chunk = { parts: list.map((j) => JSON.stringify(j)), bytes: 0 };
    const fields = { batch_name: 'Q1 "stores"', batch_id: "b-1" };
    expect(JSON.parse(batchRequestJson(fields, chunk))).toEqual({ ...fields, jobs: list });
    expect(JSON.parse(batchRequestJson({}, chunk))).toEqual({ jobs: list });
  });
});

describe("utf8Length", () => {
  it("counts UTF-8 bytes as Buffer does", () => {
    for (const text of ["abc", "Café Zürich", "東京都", "pizza 🍕 place", ""]) {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text));
    }
  });
});
