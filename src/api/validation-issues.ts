/**
 * Maps Ajv errors (what Fastify's schema validation produces) to API.md's 422 entries, whose `loc`
 * points at the offending value: ["body", "jobs", 3, "inputs", "latitude"], and caps the list a 422
 * shows, saying how many violations there were in all.
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

/** `type` of the entry that ends a capped list. */
export const TOO_MANY_VIOLATIONS = "too_many_violations";

/**
 * The `detail` list of a 422: the first MAX_REPORTED_ISSUES issues; when there were more (`total`
 * counts them all), one last entry says how many, so that the list keeps the {loc, msg, type} shape
 * clients parse: {"loc": ["body"], "msg": "… and 4,900 more violations (5,000 in all); only the
 * first 100 are listed", "type": "too_many_violations"}.
 */
export function reportedIssues(issues: readonly ValidationIssue[], total = issues.length): ValidationIssue[] {
  const shown = issues.slice(0, MAX_REPORTED_ISSUES);
  if (total <= shown.length) return shown;
  const n = (v: number) => v.toLocaleString("en-US");
  return [
    ...shown,
    {
      loc: [shown[0]?.loc[0] ?? "body"],
      msg: `… and ${n(total - shown.length)} more violations (${n(total)} in all); only the first ${n(shown.length)} are listed`,
      type: TOO_MANY_VIOLATIONS,
    },
  ];
}

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

/** Keywords reported by a union's branches that did not match by type, or by the union itself. */
const BRANCH_KEYWORDS = new Set(["type", "anyOf", "oneOf"]);

/**
 * The first MAX_REPORTED_ISSUES issues (one per location) and `total`, the number of locations with
 * a violation.
 */
export function ajvErrorsToIssues(
  part: string,
  errors: readonly AjvLikeError[],
): { issues: ValidationIssue[]; total: number } {
  // A union (anyOf) whose value had the type of one branch is reported by that branch, deeper down
  // ("categories/1: more than 200 characters"); the other branches' "must be string" at the union's
  // own location is noise then. These are the paths with errors below them.
  const parents = new Set<string>();
  for (const error of errors) {
    const path = error.instancePath;
    if (error.keyword === "required" || error.keyword === "additionalProperties") parents.add(path);
    for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1))
      parents.add(path.slice(0, i));
  }
  const issues: ValidationIssue[] = [];
  /** Location → index of its issue in `issues` (-1 past the cap). */
  const seen = new Map<string, number>();
  for (const error of errors) {
    if (BRANCH_KEYWORDS.has(error.keyword) && parents.has(error.instancePath)) continue;
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
    const issue = { loc, msg, type: TYPE_BY_KEYWORD[error.keyword] ?? error.keyword };
    // anyOf/oneOf branches repeat the same location; one entry per location reads better. The
    // branch whose type matched says what is wrong ("more than 20 items" for a list where a string
    // or a list is allowed); the other branches only say "must be string", so that entry is replaced.
    const at = seen.get(key);
    if (at !== undefined) {
      const current = at >= 0 ? issues[at] : undefined;
      if (current?.type === "type_error" && !BRANCH_KEYWORDS.has(error.keyword)) issues[at] = issue;
      continue;
    }
    seen.set(key, issues.length < MAX_REPORTED_ISSUES ? issues.push(issue) - 1 : -1);
  }
  return { issues, total: seen.size };
}
