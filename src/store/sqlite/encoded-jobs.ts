/**
 * A batch's new jobs as the column values the jobs table stores, one array per column: the form a
 * 50,000-job batch crosses to the SQLite writer thread in. Structured clone of 50,000 job objects
 * (nested `inputs`, an attributes array each) took longer than the whole insert; arrays of strings
 * and numbers clone as flat copies. Measured at 50,000 jobs under load (load average 17): cloning
 * the objects 3.3 s, encoding the columns 1.1–1.5 s (JSON.stringify of the inputs, which the insert
 * needed anyway) plus cloning them 0.3–0.7 s.
 */
import type { NewJob } from "../port.js";
import { AttributeEncoder, toJson } from "../row-mapping.js";

export interface EncodedJobs {
  placeIds: string[];
  /** JSON text of each job's inputs. */
  inputs: string[];
  /** JSON text of each job's requested attribute keys. */
  attributes: string[];
  /** Bitmask of each job's requested attributes (attributesToMask). */
  masks: number[];
  /** 1 when the job skips the cache, else 0. */
  refresh: number[];
  /** JSON text of each job's prefilled data, null when none. */
  prefilled: Array<string | null>;
}

/** Jobs encoded between two yields to the event loop: ~10–20 ms of work each on an idle core. */
export const ENCODE_CHUNK = 2_000;

/** `jobs` as columns (synchronous: for the store's own thread, or small batches). */
export function encodeJobs(jobs: readonly NewJob[]): EncodedJobs {
  const out = emptyColumns();
  appendJobs(out, jobs, 0, jobs.length, new AttributeEncoder());
  return out;
}

/**
 * `jobs` as columns, ENCODE_CHUNK jobs per chunk, yielding to the event loop before each chunk after
 * the first: on the main thread, a 50,000-job batch would otherwise hold the loop for the whole
 * encoding (health checks and status polls wait), and each chunk can be inserted as soon as it exists.
 * Jobs that come as chunks already (CreateBatchInput.jobs) are encoded a chunk at a time as they
 * come; the source's errors are thrown.
 */
export async function* encodeJobChunks(
  jobs: readonly NewJob[] | AsyncIterable<readonly NewJob[]>,
): AsyncGenerator<EncodedJobs> {
  const encoder = new AttributeEncoder();
  if (!isJobArray(jobs)) {
    for await (const chunk of jobs) {
      const encoded = emptyColumns();
      appendJobs(encoded, chunk, 0, chunk.length, encoder);
      yield encoded;
    }
    return;
  }
  for (let start = 0; start < jobs.length; start += ENCODE_CHUNK) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const chunk = emptyColumns();
    appendJobs(chunk, jobs, start, Math.min(jobs.length, start + ENCODE_CHUNK), encoder);
    yield chunk;
  }
}

function isJobArray(jobs: readonly NewJob[] | AsyncIterable<readonly NewJob[]>): jobs is readonly NewJob[] {
  return Array.isArray(jobs);
}

function emptyColumns(): EncodedJobs {
  return { placeIds: [], inputs: [], attributes: [], masks: [], refresh: [], prefilled: [] };
}

function appendJobs(
  out: EncodedJobs,
  jobs: readonly NewJob[],
  from: number,
  to: number,
  encoder: AttributeEncoder,
): void {
  for (let i = from; i < to; i++) {
    const job = jobs[i]!;
    const [attributes, mask] = encoder.encode(job.attributes);
    out.placeIds.push(job.placeId);
    out.inputs.push(JSON.stringify(job.inputs));
    out.attributes.push(attributes);
    out.masks.push(mask);
    out.refresh.push(job.refresh ? 1 : 0);
    out.prefilled.push(toJson(job.prefilled));
  }
}
