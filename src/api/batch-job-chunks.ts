/**
 * A create-batch request's jobs, checked and turned into the store's NewJobs a chunk at a time, so that
 * the store writes the first chunks while the rest are still being checked (the threaded SQLite store
 * inserts on its writer thread). Measured accepting 50,000 jobs on the embedded default: the writer
 * inserts 2,000 jobs in ~12 ms, ~320 ms in all, and was the slowest step; the schema check of the jobs
 * (~40 ms) and the rules of job-input.ts (~45 ms) ran before its first insert. Checked chunk by chunk,
 * they run beside it.
 *
 * All or nothing, and the same answer as checking everything first:
 * - a chunk with a problem is not handed over, nor is any after it; the source throws once it found
 *   them all, and the store then rolls back what it wrote of the earlier chunks;
 * - a job that breaks the schema (PlaceJobSchema) makes the 422 the whole body's schema errors, and
 *   nothing else (the rules of job-input.ts apply to jobs that match the schema), as fastify's
 *   validation of the whole body would have answered;
 * - else the 422 lists the request's other issues (`earlierIssues`: the webhook URL's), then the
 *   rules' issues of every job, in job order.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { AttributeSetName, PublicAttributeKey } from "../domain/attributes.js";
import type { NewJob } from "../store/port.js";
import { ApiError, type ValidationIssue } from "./errors.js";
import { type RequestJob, RequestJobsCheck, toNewJob } from "./job-input.js";

/** Jobs per chunk: ~5 ms of checks and ~12 ms of the SQLite writer's inserts each (see above). */
export const JOB_CHUNK = 2_000;

export interface JobChunkRules {
  /** The schema of one job: true when it matches (may fill in defaults, as the body's validation does). */
  validateJob(job: unknown): boolean;
  /** The error to throw when a job breaks the schema: the whole body's schema errors. */
  invalidBody(): Error;
  /** The request's issues found before its jobs were looked at; reported first. */
  earlierIssues: readonly ValidationIssue[];
  /** The request's attributes, attribute set and refresh, which jobs without their own take. */
  defaults: { attributes?: PublicAttributeKey[]; attribute_set?: AttributeSetName; refresh?: boolean };
}

/**
 * The request's `jobs` as CreateBatchInput.jobs: the NewJob array when they fit in one chunk, else a
 * source of chunks whose first one is checked already. Throws the 422 (ApiError, or `invalidBody()`)
 * when the first chunk has a problem: then every job was checked and nothing needs to be undone.
 * Otherwise a problem in a later chunk is thrown by the source (see the header).
 */
export async function checkedJobs(
  jobs: readonly unknown[],
  rules: JobChunkRules,
): Promise<NewJob[] | AsyncIterable<NewJob[]>> {
  const chunks = checkChunks(jobs, rules);
  const first = await chunks.next();
  if (first.done) return [];
  if (jobs.length <= JOB_CHUNK) return first.value;
  return (async function* () {
    yield first.value;
    yield* chunks;
  })();
}

async function* checkChunks(jobs: readonly unknown[], rules: JobChunkRules): AsyncGenerator<NewJob[]> {
  const check = new RequestJobsCheck(["body", "jobs"]);
  const issues = [...rules.earlierIssues];
  for (let start = 0; start < jobs.length; start += JOB_CHUNK) {
    // Between chunks the event loop serves other requests (a chunk is a few ms of work).
    if (start > 0) await nextTurn();
    const end = Math.min(jobs.length, start + JOB_CHUNK);
    for (let i = start; i < end; i++) {
      if (!rules.validateJob(jobs[i])) throw rules.invalidBody();
    }
    const valid = jobs as readonly RequestJob[];
    for (const issue of check.check(valid, start, end)) issues.push(issue);
    if (issues.length > 0) continue;
    const chunk: NewJob[] = new Array(end - start);
    for (let i = start; i < end; i++) chunk[i - start] = toNewJob(valid[i]!, rules.defaults);
    yield chunk;
  }
  if (issues.length > 0) throw ApiError.validation(issues);
}
