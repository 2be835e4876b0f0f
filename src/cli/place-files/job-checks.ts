/**
 * A job checked with the server's own rules before anything is sent: the TypeBox schema of a job
 * (src/api/schemas.ts: types, lengths, ranges, the country code pattern) under an Ajv configured as
 * the server's body validator (no coercion, every error), then the rules a schema can't express
 * (job-rules.ts).
 */
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { PlaceJobSchema } from "../../api/schemas.js";
import type { PlaceJob } from "../../client/index.js";
import { JOB_AJV_OPTIONS, jobIssues } from "./job-rules.js";
import type { FieldIssue } from "./place-row.js";

const ajv = new Ajv.default(JOB_AJV_OPTIONS);
addFormats.default(ajv);
const validateJob = ajv.compile(PlaceJobSchema);

/** The issues of one job; empty when the server would take it. */
export function checkJob(job: PlaceJob): FieldIssue[] {
  return jobIssues(validateJob, job);
}
