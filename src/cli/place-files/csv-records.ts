/**
 * CSV records (csv-parse's `{record, info}`) to the rows of a places file: the first record is the
 * header (names trimmed; an empty name drops its column), each later one a row with the line it
 * starts on (a quoted field with line breaks starts it earlier than csv-parse's `info.lines`) and
 * the count of cells beyond the header. Pure and browser-safe: the CLI streams a file through it,
 * the dashboard an uploaded one.
 */
import type { PlaceFileRow } from "./row-checker.js";

/** csv-parse options for a places file: BOM dropped, ragged rows kept (reported), cells untrimmed. */
export function csvParseOptions(delimiter: string) {
  return {
    delimiter,
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: false,
  } as const;
}

export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

export class CsvRows {
  private header: string[] | null = null;
  private row = 0;

  /** Whether the header was seen (a file without one is empty). */
  get hasHeader(): boolean {
    return this.header !== null;
  }

  get columns(): readonly string[] {
    return this.header ?? [];
  }

  /** The row of this record; null for the header. */
  next({ record, info }: CsvRecord): PlaceFileRow | null {
    // info.lines is the record's last line; fields with line breaks started it earlier.
    const breaks = record.reduce((n, field) => n + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    const line = info.lines - breaks;
    if (!this.header) {
      this.header = record.map((name) => name.trim());
      return null;
    }
    this.row++;
    const values: Record<string, unknown> = {};
    for (let i = 0; i < this.header.length; i++) {
      const name = this.header[i]!;
      if (name !== "") values[name] = record[i] ?? "";
    }
    if (record.length > this.header.length) values.__extra_cells = record.length - this.header.length;
    return { values, row: this.row, where: `line ${line}` };
  }
}
