/**
 * Checks the rows of a places file one at a time, in file order: mapped, coerced, validated with the
 * server's rules, duplicates of a place_id reported. Holds only the set of place ids seen (~60 bytes
 * each). Pure and browser-safe: the CLI feeds it rows read from a file, the dashboard rows parsed
 * from an uploaded CSV.
 */
import type { PlaceJob } from "../../client/index.js";
import type { ColumnMapping } from "./column-mapping.js";
import type { FieldIssue } from "./place-row.js";
import { rowToJob } from "./place-row.js";

/** One row of a places file: its values by column, its 1-based data row, where it is ("line 3"). */
export interface PlaceFileRow {
  values: Record<string, unknown>;
  row: number;
  where: string;
}

export interface CheckedRow {
  row: PlaceFileRow;
  /** The job to send, null when the row has issues. */
  job: PlaceJob | null;
  issues: FieldIssue[];
}

export class RowChecker {
  private readonly seen = new Map<string, number>();
  private placeIdColumn: string | null | undefined;

  /** `checkJob`: the server's rules for one job (job-checks.ts in Node, job-rules.ts with a standalone validator). */
  constructor(
    private readonly mapping: ColumnMapping,
    private readonly checkJob: (job: PlaceJob) => FieldIssue[],
  ) {}

  check(row: PlaceFileRow): CheckedRow {
    if (this.placeIdColumn === undefined) {
      this.placeIdColumn = this.mapping.placeIdColumn(Object.keys(row.values));
    }
    const { job, issues } = rowToJob(row.values, row.row, this.mapping, this.placeIdColumn);
    if (job) {
      // A value that could not be read is reported once, not again as missing.
      const reported = new Set(issues.map((i) => i.field));
      issues.push(...this.checkJob(job).filter((i) => !reported.has(i.field)));
      const first = this.seen.get(job.place_id);
      if (first !== undefined) {
        issues.push({ field: "place_id", message: `duplicate "${job.place_id}" (first at row ${first})` });
      } else {
        this.seen.set(job.place_id, row.row);
      }
    }
    return { row, job: issues.length === 0 ? job : null, issues };
  }
}
