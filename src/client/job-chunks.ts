/**
 * Splits the jobs of a batch into requests the server takes: at most 50,000 jobs (the guide's
 * "Maximum places per request"; more is a 400) and at most `maxBytes` of JSON (the server's body
 * limit, 32 MiB by default, is a 413 past it; 50,000 realistic jobs are ~15 MB). Jobs are serialized
 * once, here, and the request body is assembled from the parts; only one chunk is held at a time.
 */
import type { PlaceJob } from "./wire-types.js";

/** The guide's limit per request. */
export const MAX_JOBS_PER_REQUEST = 50_000;

/**
 * Default byte bound of one request's jobs: 24 MiB leaves room under the server's default
 * BODY_LIMIT_MB (32) for the rest of the body, and a 50,000-job request of long records still fits.
 */
export const DEFAULT_MAX_REQUEST_BYTES = 24 * 1024 * 1024;

export interface JobChunk {
  /** Each job as JSON text. */
  parts: string[];
  /** Sum of the parts' UTF-8 lengths. */
  bytes: number;
}

export interface ChunkLimits {
  maxJobs: number;
  maxBytes: number;
}

/**
 * Chunks of the given jobs, in order, each within `limits` (a single job larger than maxBytes is a
 * chunk of its own: the server's 413 then names the problem). Holds one chunk at a time.
 */
export async function* chunkJobs(
  jobs: Iterable<PlaceJob> | AsyncIterable<PlaceJob>,
  limits: ChunkLimits,
): AsyncGenerator<JobChunk> {
  let chunk: JobChunk = { parts: [], bytes: 0 };
  for await (const job of jobs) {
    const text = JSON.stringify(job);
    const bytes = utf8Length(text);
    if (
      chunk.parts.length > 0 &&
      (chunk.parts.length >= limits.maxJobs || chunk.bytes + bytes > limits.maxBytes)
    ) {
      yield chunk;
      chunk = { parts: [], bytes: 0 };
    }
    chunk.parts.push(text);
    chunk.bytes += bytes + 1;
  }
  if (chunk.parts.length > 0) yield chunk;
}

/** UTF-8 length of `text` without encoding it (and without Node's Buffer: the client runs in browsers too). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // a surrogate pair: 2 UTF-16 units, 4 bytes
      i++;
    } else if (code >= 0x800) bytes += 2;
    else if (code >= 0x80) bytes += 1;
  }
  return bytes;
}

/** A POST /batches body from its other fields and a chunk's serialized jobs. */
export function batchRequestJson(fields: Record<string, unknown>, chunk: JobChunk): string {
  const head = JSON.stringify(fields);
  const rest = head === "{}" ? "" : `${head.slice(1, -1)},`;
  return `{${rest}"jobs":[${chunk.parts.join(",")}]}`;
}
