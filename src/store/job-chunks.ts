/**
 * Jobs handed to createOrAppendBatch as chunks (CreateBatchInput.jobs). The stores that write a
 * batch in one statement or one synchronous transaction (PostgreSQL, the in-process SQLite store)
 * take them all first; the threaded SQLite store writes each chunk as it comes.
 */
import type { NewJob } from "./port.js";

/** Every job of `jobs`, in order. Throws what the chunk source throws. */
export async function allJobs(jobs: NewJob[] | AsyncIterable<NewJob[]>): Promise<NewJob[]> {
  if (Array.isArray(jobs)) return jobs;
  const all: NewJob[] = [];
  for await (const chunk of jobs) for (const job of chunk) all.push(job);
  return all;
}
