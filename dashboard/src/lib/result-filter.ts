/**
 * Pages of a batch's results that match a filter (a job status, a confidence level). The API pages
 * results by submission order only (`GET /jobs?batchId&limit&offset`), so a filtered page is found
 * by reading on from an offset, SCAN_PAGE jobs a request, until it is full: the page holds only its
 * matches, and one call reads at most MAX_SCAN jobs (then the page says where it stopped, and the
 * next call goes on from there). Without a filter a page is one request.
 */
import type { JobsPage, PlaceJobResult } from "../../../src/client/index.js";

export const CONFIDENCE_LEVELS = ["VERY_HIGH", "HIGH", "MEDIUM", "LOW", "NONE"] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];
export const JOB_STATUSES = ["pending", "queued", "in_progress", "completed", "failed"] as const;

export interface ResultFilter {
  /** A job status, or "" for any. */
  status: string;
  /** Jobs with at least one output field at this confidence level, or "" for any. */
  confidence: string;
  /**
   * The output field the confidence level is looked for in, or ANY_FIELD: any field except the
   * ECHOED_FIELDS (their level says nothing of the lookup).
   */
  field: string;
}

/** Any output field except the echoed ones. */
export const ANY_FIELD = "";
/**
 * Output fields that echo the job's input: `name` is the input name back at HIGH in every job, so
 * "a value at HIGH" over every field matched every job (the trial of 2026-11).
 */
export const ECHOED_FIELDS: ReadonlySet<string> = new Set(["name"]);

export const NO_FILTER: ResultFilter = { status: "", confidence: "", field: ANY_FIELD };

/** Jobs read per request while looking for matches (~1.5 MB of JSON). */
export const SCAN_PAGE = 500;
/** Jobs read at most for one filtered page. */
export const MAX_SCAN = 10_000;

export function isFiltered(filter: ResultFilter): boolean {
  return filter.status !== "" || filter.confidence !== "";
}

export function matchesFilter(job: PlaceJobResult, filter: ResultFilter): boolean {
  if (filter.status && job.status !== filter.status) return false;
  if (filter.confidence) {
    const levels = Object.entries(job.confidence_scores ?? {}).filter(
      ([field]) =>
        field in (job.outputs ?? {}) &&
        (filter.field === ANY_FIELD ? !ECHOED_FIELDS.has(field) : field === filter.field),
    );
    if (!levels.some(([, level]) => level === filter.confidence)) return false;
  }
  return true;
}

export interface FilteredPage {
  jobs: PlaceJobResult[];
  /** Where the page started and where the next one starts (submission order offsets). */
  offset: number;
  nextOffset: number;
  /** Jobs of the batch in all. */
  total: number;
  /** Jobs read for this page. */
  scanned: number;
}

/** `size` matching jobs from `offset` on (fewer at the end, or when MAX_SCAN jobs were read). */
export async function findPage(
  fetchPage: (offset: number, limit: number) => Promise<JobsPage>,
  offset: number,
  size: number,
  filter: ResultFilter,
): Promise<FilteredPage> {
  if (!isFiltered(filter)) {
    const page = await fetchPage(offset, size);
    return {
      jobs: page.jobs,
      offset,
      nextOffset: offset + page.jobs.length,
      total: page.total,
      scanned: page.jobs.length,
    };
  }
  const jobs: PlaceJobResult[] = [];
  let at = offset;
  let total = 0;
  let scanned = 0;
  while (jobs.length < size && scanned < MAX_SCAN) {
    const page = await fetchPage(at, SCAN_PAGE);
    total = page.total;
    let taken = 0;
    for (const job of page.jobs) {
      taken++;
      if (matchesFilter(job, filter)) {
        jobs.push(job);
        if (jobs.length === size) break;
      }
    }
    at += taken;
    scanned += taken;
    if (page.jobs.length === 0 || at >= page.total) break;
  }
  return { jobs, offset, nextOffset: at, total, scanned };
}
