/**
 * A page of jobs as the `GET /jobs` response body, built by the store that read it.
 *
 * Why here and not in the route: on the event loop, a 1,000-job page cost ~10 ms to render, ~18 ms
 * to serialize and ~6 ms to measure its byte length, after ~17 ms of cloning the rows from the
 * SQLite reader thread (a CPU profile of the service while it processed a 50,000-job batch with a
 * page polled every 100 ms: pages were the main thread's largest cost, and /health's p99 rose to
 * 192 ms). Built in the reader thread, the page crosses as bytes whose buffer is transferred, not
 * copied, and the event loop only writes them to the socket.
 */
import { JobResultJsonWriter } from "../domain/job-result-json.js";
import type { JobRecord, ListJobsQuery } from "./port.js";

const utf8 = new TextEncoder();

/**
 * `{"jobs":[PlaceJobResult…],"total":n,"limit":l,"offset":o}` as UTF-8, in a buffer of its own (so
 * that it can be transferred between threads).
 */
export function jobsPageJson(
  page: { jobs: readonly JobRecord[]; total: number },
  query: Pick<ListJobsQuery, "limit" | "offset">,
): Uint8Array {
  const writer = new JobResultJsonWriter();
  return jobsPageBytes(`[${page.jobs.map((job) => writer.write(job)).join(",")}]`, page.total, query);
}

/** The page body around `jobs`, the JSON text of the rendered jobs' array. */
export function jobsPageBytes(
  jobs: string,
  total: number,
  query: Pick<ListJobsQuery, "limit" | "offset">,
): Uint8Array {
  return utf8.encode(`{"jobs":${jobs},"total":${total},"limit":${query.limit},"offset":${query.offset}}`);
}
