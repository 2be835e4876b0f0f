import { describe, expect, it } from "vitest";
import type { JobsPage, PlaceJobResult } from "../../../src/client/index.js";
import { findPage, MAX_SCAN, matchesFilter, NO_FILTER } from "./result-filter.js";

function job(i: number, status: string, phone: string): PlaceJobResult {
  return {
    place_id: `p${i}`,
    status,
    outputs: { phone: null, name: `Place ${i}` },
    confidence_scores: { phone, chain: "HIGH", name: "HIGH" },
    reasoning: {},
    inputs: { name: `Place ${i}` },
    job_metadata: {},
  } as unknown as PlaceJobResult;
}

/** A batch of `n` jobs where every 7th failed and every 3rd has a HIGH phone; counts the requests. */
function batch(n: number) {
  const all = Array.from({ length: n }, (_, i) =>
    job(i, i % 7 === 0 ? "failed" : "completed", i % 3 === 0 ? "HIGH" : "LOW"),
  );
  const calls: Array<[number, number]> = [];
  const fetchPage = async (offset: number, limit: number): Promise<JobsPage> => {
    calls.push([offset, limit]);
    return { jobs: all.slice(offset, offset + limit), total: n, limit, offset } as JobsPage;
  };
  return { all, calls, fetchPage };
}

describe("findPage", () => {
  it("without a filter reads one page of the asked size", async () => {
    const { calls, fetchPage } = batch(120);
    const page = await findPage(fetchPage, 100, 50, NO_FILTER);
    expect(page.jobs.map((j) => j.place_id)).toEqual(Array.from({ length: 20 }, (_, i) => `p${100 + i}`));
    expect(page).toMatchObject({ offset: 100, nextOffset: 120, total: 120 });
    expect(calls).toEqual([[100, 50]]);
  });

  it("collects matches across requests and resumes after the last one taken", async () => {
    const { all, fetchPage } = batch(2000);
    const filter = { status: "failed", confidence: "", field: "" };
    const failed = all.filter((j) => j.status === "failed").map((j) => j.place_id);
    const first = await findPage(fetchPage, 0, 50, filter);
    expect(first.jobs.map((j) => j.place_id)).toEqual(failed.slice(0, 50));
    const second = await findPage(fetchPage, first.nextOffset, 50, filter);
    expect(second.jobs.map((j) => j.place_id)).toEqual(failed.slice(50, 100));
    const last = await findPage(fetchPage, 1900, 50, filter);
    expect(last.nextOffset).toBe(2000);
  });

  it("reads at most MAX_SCAN jobs for one page", async () => {
    const { fetchPage, calls } = batch(MAX_SCAN * 2);
    const page = await findPage(fetchPage, 0, 50, { status: "pending", confidence: "", field: "" });
    expect(page.jobs).toEqual([]);
    expect(page.scanned).toBe(MAX_SCAN);
    expect(page.nextOffset).toBe(MAX_SCAN);
    expect(calls.length).toBe(MAX_SCAN / 500);
  });
});

describe("matchesFilter", () => {
  it("matches a confidence level of an output field, not an attribute-level key", () => {
    expect(matchesFilter(job(3, "completed", "HIGH"), { ...NO_FILTER, confidence: "HIGH" })).toBe(true);
    expect(matchesFilter(job(1, "completed", "LOW"), { ...NO_FILTER, confidence: "HIGH" })).toBe(false);
    expect(
      matchesFilter(job(1, "completed", "LOW"), { ...NO_FILTER, status: "completed", confidence: "LOW" }),
    ).toBe(true);
  });

  it("leaves the echoed name out of any field, and looks in one field when one is chosen", () => {
    const low = job(1, "completed", "LOW");
    // Every job's name is its input back at HIGH: "any field" must not match on it.
    expect(matchesFilter(low, { ...NO_FILTER, confidence: "HIGH" })).toBe(false);
    expect(matchesFilter(low, { ...NO_FILTER, confidence: "HIGH", field: "name" })).toBe(true);
    expect(matchesFilter(low, { ...NO_FILTER, confidence: "LOW", field: "phone" })).toBe(true);
    expect(matchesFilter(low, { ...NO_FILTER, confidence: "LOW", field: "website" })).toBe(false);
  });
});
