/**
 * The jobs of a places file, checked row by row: read, mapped, coerced, validated with the server's
 * rules, duplicates of a place_id reported. `checkPlaceFile` reads the whole file once and reports;
 * `placeJobs` reads it again and yields the good jobs, so a file is sent only after every row was
 * seen, without holding the rows (constant memory but for the set of place ids, ~60 bytes each:
 * ~18 MB for 300,000 rows).
 */
import type { PlaceJob } from "../../client/index.js";
import { ColumnMapping } from "./column-mapping.js";
import { checkJob } from "./job-checks.js";
import { type ReadOptions, readPlaceFile } from "./place-file-rows.js";
import type { FieldIssue } from "./place-row.js";
import { type CheckedRow, RowChecker } from "./row-checker.js";

export type { CheckedRow };

export interface PlaceFileOptions extends ReadOptions {
  /** column → field (`--map`). */
  map?: ReadonlyMap<string, string>;
}

export interface BadRow {
  where: string;
  row: number;
  issues: FieldIssue[];
}

/** Bad rows listed in a report; the rest are counted. */
export const MAX_LISTED_BAD_ROWS = 50;

export interface PlaceFileReport {
  rows: number;
  good: number;
  badRows: number;
  /** The first MAX_LISTED_BAD_ROWS bad rows. */
  listed: BadRow[];
  /** Where the place ids come from: a column's name, or "row numbers". */
  placeIds: string;
  ignoredColumns: string[];
}

export async function* checkedRows(path: string, options: PlaceFileOptions): AsyncGenerator<CheckedRow> {
  const checker = new RowChecker(new ColumnMapping(options.map ?? new Map()), checkJob);
  for await (const row of readPlaceFile(path, options)) yield checker.check(row);
}

/** Reads the whole file and reports what it holds and what is wrong, sending nothing. */
export async function checkPlaceFile(path: string, options: PlaceFileOptions): Promise<PlaceFileReport> {
  const report: PlaceFileReport = {
    rows: 0,
    good: 0,
    badRows: 0,
    listed: [],
    placeIds: "row numbers",
    ignoredColumns: [],
  };
  const mapping = new ColumnMapping(options.map ?? new Map());
  for await (const checked of checkedRows(path, { ...options })) {
    report.rows++;
    if (report.rows === 1) {
      // What the first row's columns map to (JSON Lines rows may differ; the first one stands for all).
      const columns = Object.keys(checked.row.values).filter((c) => !c.startsWith("__"));
      const idColumn = mapping.placeIdColumn(columns);
      if ("inputs" in checked.row.values) report.placeIds = "the rows' place_id";
      else if (idColumn) report.placeIds = `column "${idColumn}"`;
      if (!("inputs" in checked.row.values)) for (const column of columns) mapping.fieldOf(column);
    }
    if (checked.issues.length === 0) {
      report.good++;
      continue;
    }
    report.badRows++;
    if (report.listed.length < MAX_LISTED_BAD_ROWS) {
      report.listed.push({ where: checked.row.where, row: checked.row.row, issues: checked.issues });
    }
  }
  report.ignoredColumns = [...mapping.ignored];
  return report;
}

/** The good jobs of the file, in file order (a second read). */
export async function* placeJobs(path: string, options: PlaceFileOptions): AsyncGenerator<PlaceJob> {
  for await (const checked of checkedRows(path, options)) if (checked.job) yield checked.job;
}
