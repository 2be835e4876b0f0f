/**
 * An uploaded places CSV checked as `place-enrich submit` checks a file (docs/cli.md): the same
 * separator guess, csv-parse options, column mapping (with the user's overrides, like `--map`),
 * value coercion and the server's own rules (its JSON schema of a job, generated at build time, and
 * src/api/job-input.ts), duplicates reported. Nothing is sent here.
 */

import validateJob from "virtual:job-validator";
import { parse } from "csv-parse/browser/esm/sync";
import { ColumnMapping } from "../../../src/cli/place-files/column-mapping.js";
import { detectDelimiter } from "../../../src/cli/place-files/csv-dialect.js";
import { type CsvRecord, CsvRows, csvParseOptions } from "../../../src/cli/place-files/csv-records.js";
import { type JobValidator, jobIssues } from "../../../src/cli/place-files/job-rules.js";
import type { FieldIssue } from "../../../src/cli/place-files/place-row.js";
import { RowChecker } from "../../../src/cli/place-files/row-checker.js";
import type { PlaceJob } from "../../../src/client/index.js";

/** Rows one upload takes: one request of the API. A larger file is for the CLI (`place-enrich submit`). */
export const MAX_UPLOAD_ROWS = 50_000;
/** Bad rows listed; the rest are counted (as the CLI does). */
export const MAX_LISTED_BAD_ROWS = 50;

export interface BadRow {
  where: string;
  row: number;
  issues: FieldIssue[];
}

export interface PlacesCheck {
  columns: string[];
  /** column → the field it is sent as (null: left out). */
  fields: Record<string, string | null>;
  placeIds: string;
  rows: number;
  jobs: PlaceJob[];
  badRows: number;
  listed: BadRow[];
  delimiter: string;
}

export class PlacesFileError extends Error {}

/** The text of an uploaded file: UTF-8, or Windows-1252 (a superset of Latin-1) when asked. */
export function decodePlacesFile(bytes: ArrayBuffer, encoding: "utf-8" | "windows-1252"): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw new PlacesFileError(
      "The file is not UTF-8 text. An export from Excel may be Windows-1252: choose that encoding and try again.",
    );
  }
}

/** Reads and checks every row; `overrides` maps a column to a field ("" leaves the column out). */
export function checkPlacesCsv(
  text: string,
  overrides: ReadonlyMap<string, string> = new Map(),
): PlacesCheck {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const delimiter = detectDelimiter(firstLine);
  let records: CsvRecord[];
  try {
    // Reading stops at the header plus MAX_UPLOAD_ROWS + 1 records: a 200,000-row file was parsed in
    // full before it was refused; one record more than the limit is enough to refuse it.
    records = parse(text, {
      ...csvParseOptions(delimiter),
      to: MAX_UPLOAD_ROWS + 2,
    }) as unknown as CsvRecord[];
  } catch (error) {
    throw new PlacesFileError(`Not a readable CSV file: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new PlacesFileError("The file is empty (a header line is expected).");
  if (records.length - 1 > MAX_UPLOAD_ROWS) {
    const limit = MAX_UPLOAD_ROWS.toLocaleString("en-US");
    throw new PlacesFileError(
      `More than ${limit} rows (reading stopped at row ${(MAX_UPLOAD_ROWS + 1).toLocaleString("en-US")}): the dashboard takes up to ${limit} a batch. Send larger files with \`place-enrich submit\` (docs/cli.md), or split the file.`,
    );
  }
  const mapping = new ColumnMapping(overrides);
  const checker = new RowChecker(mapping, (job) => jobIssues(validateJob as JobValidator, job));
  const rows = new CsvRows();
  const check: PlacesCheck = {
    columns: [],
    fields: {},
    placeIds: "row numbers",
    rows: 0,
    jobs: [],
    badRows: 0,
    listed: [],
    delimiter,
  };
  for (const record of records) {
    const row = rows.next(record);
    if (!row) continue;
    check.rows++;
    const checked = checker.check(row);
    if (checked.job) check.jobs.push(checked.job);
    else {
      check.badRows++;
      if (check.listed.length < MAX_LISTED_BAD_ROWS) {
        check.listed.push({ where: row.where, row: row.row, issues: checked.issues });
      }
    }
  }
  check.columns = rows.columns.filter((c) => c !== "");
  for (const column of check.columns) check.fields[column] = mapping.fieldOf(column);
  const idColumn = mapping.placeIdColumn(check.columns);
  if (idColumn) check.placeIds = `column "${idColumn}"`;
  return check;
}
