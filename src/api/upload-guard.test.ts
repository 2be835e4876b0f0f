import { describe, expect, it } from "vitest";
import { UploadBudget } from "./upload-guard.js";

describe("UploadBudget", () => {
  it("admits bytes per owner and in all, and gives them back once", () => {
    const budget = new UploadBudget({ totalBytes: 100, perOwnerBytes: 60 });
    const a1 = budget.reserve("a", 30);
    const a2 = budget.reserve("a", 30);
    expect(typeof a1).toBe("function");
    expect(typeof a2).toBe("function");
    expect(budget.reserve("a", 1)).toBe("owner");
    const b1 = budget.reserve("b", 40);
    expect(typeof b1).toBe("function");
    expect(budget.reserve("c", 1)).toBe("total");
    expect(budget.reservedBytes).toBe(100);
    (a1 as () => void)();
    (a1 as () => void)(); // twice: counted once
    expect(budget.reservedBytes).toBe(70);
    expect(typeof budget.reserve("c", 30)).toBe("function");
    expect(budget.reserve("a", 31)).toBe("owner");
  });
});
