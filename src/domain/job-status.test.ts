import { describe, expect, it } from "vitest";
import { deriveBatchStatus, emptyStatusCounts, type StatusCounts } from "./job-status.js";

function counts(partial: Partial<StatusCounts>): StatusCounts {
  return { ...emptyStatusCounts(), ...partial };
}

describe("deriveBatchStatus (API.md §2.5)", () => {
  it("no jobs or all pending → pending", () => {
    expect(deriveBatchStatus(counts({}), 0.5)).toBe("pending");
    expect(deriveBatchStatus(counts({ pending: 3 }), 0.5)).toBe("pending");
  });
  it("none started and some queued → queued", () => {
    expect(deriveBatchStatus(counts({ queued: 2 }), 0.5)).toBe("queued");
    expect(deriveBatchStatus(counts({ queued: 2, pending: 1 }), 0.5)).toBe("queued");
  });
  it("anything else not yet terminal → in_progress", () => {
    expect(deriveBatchStatus(counts({ in_progress: 1 }), 0.5)).toBe("in_progress");
    expect(deriveBatchStatus(counts({ completed: 1, queued: 1 }), 0.5)).toBe("in_progress");
    expect(deriveBatchStatus(counts({ failed: 1, pending: 1 }), 0.5)).toBe("in_progress");
  });
  it("all terminal → failed above the threshold, else completed", () => {
    expect(deriveBatchStatus(counts({ completed: 1, failed: 1 }), 0.5)).toBe("completed");
    expect(deriveBatchStatus(counts({ completed: 1, failed: 2 }), 0.5)).toBe("failed");
    expect(deriveBatchStatus(counts({ completed: 3, failed: 1 }), 0.2)).toBe("failed");
    expect(deriveBatchStatus(counts({ completed: 5 }), 0)).toBe("completed");
  });
});
