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
  return jobsPageBytes(page.jobs.map((job) => writer.write(job)).join(","), page.total, query);
}

/**
 * The page body around `jobs`, the JSON text of the rendered jobs' array (a string, or its UTF-8 in
 * pieces, copied in order), in a buffer of its own.
 */
export function jobsPageBytes(
  jobs: string | readonly Uint8Array[],
  total: number,
  query: Pick<ListJobsQuery, "limit" | "offset">,
): Uint8Array {
  const after = `],"total":${total},"limit":${query.limit},"offset":${query.offset}}`;
  if (typeof jobs === "string") return utf8.encode(`{"jobs":[${jobs}${after}`);
  const head = utf8.encode('{"jobs":[');
  const tail = utf8.encode(after);
  let length = head.length + tail.length;
  for (const part of jobs) length += part.length;
  // A new Uint8Array, never Buffer.concat: a small Buffer may sit in Node's shared pool, whose
  // ArrayBuffer must not be transferred to another thread.
  const body = new Uint8Array(length);
  body.set(head, 0);
  let at = head.length;
  for (const part of jobs) {
    body.set(part, at);
    at += part.length;
  }
  body.set(tail, at);
  return body;
}
