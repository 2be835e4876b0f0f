import { describe, expect, it } from "vitest";
import type { ValidationIssue } from "./errors.js";
import {
  ajvErrorsToIssues,
  MAX_REPORTED_ISSUES,
  reportedIssues,
  TOO_MANY_VIOLATIONS,
} from "./validation-issues.js";

const issue = (i: number): ValidationIssue => ({
  loc: ["body", "jobs", i, "inputs", "latitude"],
  msg: "must be number",
  type: "type_error",
});

describe("reportedIssues", () => {
  it("lists up to the cap unchanged", () => {
    const issues = Array.from({ length: MAX_REPORTED_ISSUES }, (_, i) => issue(i));
    expect(reportedIssues(issues)).toEqual(issues);
  });

  it("past the cap: the first 100, then one entry saying how many there were", () => {
    const issues = Array.from({ length: 5000 }, (_, i) => issue(i));
    const detail = reportedIssues(issues);
    expect(detail).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(detail.slice(0, MAX_REPORTED_ISSUES)).toEqual(issues.slice(0, MAX_REPORTED_ISSUES));
    expect(detail.at(-1)).toEqual({
      loc: ["body"],
      msg: "… and 4,900 more violations (5,000 in all); only the first 100 are listed",
      type: TOO_MANY_VIOLATIONS,
    });
  });

  it("uses a total counted elsewhere", () => {
    const detail = reportedIssues([issue(0)], 3);
    expect(detail.at(-1)?.msg).toBe("… and 2 more violations (3 in all); only the first 1 are listed");
  });
});

describe("ajvErrorsToIssues", () => {
  it("counts every location once while keeping only the first 100", () => {
    const errors = Array.from({ length: 300 }, (_, i) => ({
      instancePath: `/jobs/${Math.floor(i / 2)}/inputs/latitude`, // two errors per location (anyOf)
      keyword: "type",
      message: "must be number",
      params: {},
    }));
    const { issues, total } = ajvErrorsToIssues("body", errors);
    expect(total).toBe(150);
    expect(issues).toHaveLength(MAX_REPORTED_ISSUES);
    expect(issues[1]).toEqual(issue(1));
  });

  it("reports a union by the branch whose type matched", () => {
    const at = (instancePath: string, keyword: string, message: string) => ({
      instancePath,
      keyword,
      message,
      params: {},
    });
    // A list where "string or list of strings" is allowed, one item too long: the branch errors at
    // the list itself ("must be string", "must be null", anyOf) are noise.
    const item = ajvErrorsToIssues("body", [
      at("/categories", "type", "must be string"),
      at("/categories/1", "maxLength", "must NOT have more than 200 characters"),
      at("/categories", "type", "must be null"),
      at("/categories", "anyOf", "must match a schema in anyOf"),
    ]);
    expect(item).toEqual({
      issues: [
        {
          loc: ["body", "categories", 1],
          msg: "must NOT have more than 200 characters",
          type: "string_too_long",
        },
      ],
      total: 1,
    });
    // Too many items: the array branch's maxItems replaces the string branch's type error.
    const list = ajvErrorsToIssues("body", [
      at("/types", "type", "must be string"),
      at("/types", "maxItems", "must NOT have more than 20 items"),
      at("/types", "anyOf", "must match a schema in anyOf"),
    ]);
    expect(list.issues).toEqual([
      { loc: ["body", "types"], msg: "must NOT have more than 20 items", type: "too_long" },
    ]);
    // A plain wrong type stays reported.
    expect(ajvErrorsToIssues("body", [at("/latitude", "type", "must be number")]).issues).toHaveLength(1);
  });
});
