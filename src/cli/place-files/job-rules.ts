/**
 * The server's rules for one job, without a JSON-schema compiler of its own: the caller gives the
 * compiled validator of the job schema (job-checks.ts compiles it with Ajv at run time; the
 * dashboard, whose Content-Security-Policy forbids `eval`, gets the same validator generated as code
 * at build time by Ajv's standalone mode), then the rules a schema can't express
 * (src/api/job-input.ts: a locator, latitude with longitude, WKT points, prefilled_data keys).
 * Pure and browser-safe.
 */
import { checkPlaceInputs, checkPrefilledData } from "../../api/job-input.js";
import { ajvErrorsToIssues } from "../../api/validation-issues.js";
import type { PlaceJob } from "../../client/index.js";
import type { PlaceInputs } from "../../domain/place.js";
import type { FieldIssue } from "./place-row.js";

/** Ajv as the server's body validator: no coercion, every error. Both validators are built with it. */
export const JOB_AJV_OPTIONS = { coerceTypes: false, useDefaults: false, allErrors: true, strict: false };

/** An Ajv validate function of PlaceJobSchema (compiled or standalone). */
export interface JobValidator {
  (job: unknown): boolean;
  errors?: Array<{ instancePath: string; keyword: string; message?: string; params: object }> | null;
}

/** "inputs.latitude" from ["job", "inputs", "latitude"]; the field a user knows as a column. */
function fieldOf(loc: ReadonlyArray<string | number>): string {
  const rest = loc.slice(1);
  if (rest[0] === "inputs" && rest.length > 1) return rest.slice(1).join(".");
  return rest.join(".") || "row";
}

/** The issues of one job; empty when the server would take it. */
export function jobIssues(validateJob: JobValidator, job: PlaceJob): FieldIssue[] {
  if (!validateJob(job)) {
    const errors = (validateJob.errors ?? []).map((e) => ({
      ...e,
      params: e.params as Record<string, unknown>,
    }));
    const { issues } = ajvErrorsToIssues("job", errors);
    return issues.map((issue) => ({ field: fieldOf(issue.loc), message: issue.msg }));
  }
  return [
    ...checkPlaceInputs(job.inputs as PlaceInputs, ["job", "inputs"]),
    ...checkPrefilledData(job.prefilled_data, ["job", "prefilled_data"]),
  ].map((issue) => ({
    field: issue.type === "missing_locator" ? "locator" : fieldOf(issue.loc),
    message: issue.msg,
  }));
}
