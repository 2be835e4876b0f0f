import { describe, expect, it } from "vitest";
import { batchProgress } from "./batch-progress.js";
import type { Batch } from "./wire-types.js";

const batch = (status: Batch["status"], jobs: Partial<Batch["jobs"]>): Batch => ({
  id: "b",
  batch_name: "n",
  status,
  jobs: { pending: [], queued: [], in_progress: [], completed: [], failed: [], ...jobs },
  metadata: null,
  created_at: "2024-01-15T10:00:00Z",
  updated_at: "2024-01-15T10:00:00Z",
});

describe("batchProgress", () => {
  it("counts the lists: total is their sum, done is completed + failed", () => {
    const p = batchProgress(
      batch("in_progress", { queued: ["a", "b"], in_progress: ["c"], completed: ["d"], failed: ["e"] }),
    );
    expect(p).toMatchObject({ total: 5, done: 2, finished: false, counts: { queued: 2, failed: 1 } });
  });
  it("is finished on completed or failed only", () => {
    expect(batchProgress(batch("completed", { completed: ["a"] })).finished).toBe(true);
    expect(batchProgress(batch("failed", { failed: ["a"] })).finished).toBe(true);
    expect(batchProgress(batch("pending", { pending: ["a"] })).finished).toBe(false);
  });
});
