/**
 * Maps Ajv errors (what Fastify's schema validation produces) to API.md's 422 entries, whose `loc`
 * points at the offending value: ["body", "jobs", 3, "inputs", "latitude"].
 */
import type { ValidationIssue } from "./errors.js";

interface AjvLikeError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** One request may hold 50,000 jobs; listing every violation would make a multi-megabyte error. */
export const MAX_REPORTED_ISSUES = 100;

function pointerToLoc(pointer: string): Array<string | number> {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^(0|[1-9]\d*)$/.test(part) ? Number(part) : part));
}

const TYPE_BY_KEYWORD: Record<string, string> = {
  required: "missing",
  type: "type_error",
  minLength: "string_too_short",
  maxLength: "string_too_long",
  minimum: "less_than_minimum",
  maximum: "greater_than_maximum",
  pattern: "string_pattern_mismatch",
  enum: "enum",
  minItems: "too_short",
  maxItems: "too_long",
  additionalProperties: "extra_forbidden",
};

export function ajvErrorsToIssues(part: string, errors: readonly AjvLikeError[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const loc: Array<string | number> = [part, ...pointerToLoc(error.instancePath)];
    let msg = error.message ?? "invalid value";
    if (error.keyword === "required" && typeof error.params.missingProperty === "string") {
      loc.push(error.params.missingProperty);
      msg = "Field required";
    } else if (
      error.keyword === "additionalProperties" &&
      typeof error.params.additionalProperty === "string"
    ) {
      loc.push(error.params.additionalProperty);
      msg = "Extra inputs are not permitted";
    } else if (error.keyword === "enum" && Array.isArray(error.params.allowedValues)) {
      msg = `Input should be one of: ${error.params.allowedValues.join(", ")}`;
    }
    const key = JSON.stringify(loc);
    // anyOf/oneOf branches repeat the same location; one entry per location reads better.
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ loc, msg, type: TYPE_BY_KEYWORD[error.keyword] ?? error.keyword });
    if (issues.length >= MAX_REPORTED_ISSUES) break;
  }
  return issues;
}
