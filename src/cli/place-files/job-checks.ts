/**
 * A job checked with the server's own rules before anything is sent: the TypeBox schema of a job
 * (src/api/schemas.ts: types, lengths, ranges, the country code pattern) under an Ajv configured as
 * the server's body validator (no coercion, every error), then the rules a schema can't express
 * (src/api/job-input.ts: a locator, latitude with longitude, WKT points, prefilled_data keys).
 */
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { checkPlaceInputs, checkPrefilledData } from "../../api/job-input.js";
import { PlaceJobSchema } from "../../api/schemas.js";
import { ajvErrorsToIssues } from "../../api/validation-issues.js";
import type { PlaceJob } from "../../client/index.js";
import type { PlaceInputs } from "../../domain/place.js";
import type { FieldIssue } from "./place-row.js";

const ajv = new Ajv.default({ coerceTypes: false, useDefaults: false, allErrors: true, strict: false });
addFormats.default(ajv);
const validateJob = ajv.compile(PlaceJobSchema);

/** "inputs.latitude" from ["job", "inputs", "latitude"]; the field a user knows as a column. */
function fieldOf(loc: ReadonlyArray<string | number>): string {
  const rest = loc.slice(1);
  if (rest[0] === "inputs" && rest.length > 1) return rest.slice(1).join(".");
  return rest.join(".") || "row";
}

/** The issues of one job; empty when the server would take it. */
export function checkJob(job: PlaceJob): FieldIssue[] {
  if (!validateJob(job)) {
    const { issues } = ajvErrorsToIssues("job", validateJob.errors ?? []);
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
