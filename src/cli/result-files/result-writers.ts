/**
 * Writing flat result records (flat-result.ts) to CSV, JSON Lines or Parquet with constant memory.
 * CSV and Parquet need every column before the first row, and the columns are only known once every
 * page was read (a later job may carry fields an earlier one did not), so the records are spooled to
 * a temporary JSON Lines file first and written out from it; JSON Lines is written directly.
 */

import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { stringify } from "csv-stringify";
import { cellText, type FlatRecord } from "./flat-result.js";
import { neutralizeFormula } from "./spreadsheet-formula.js";

export type ResultFormat = "csv" | "jsonl" | "parquet";

export function resultFormat(path: string): ResultFormat | null {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".parquet")) return "parquet";
  return null;
}

/** Rows per Parquet row group and per spool read: ~10,000 × ~1 KB flat records ≈ 10 MB in memory. */
const PARQUET_ROWS_PER_GROUP = 10_000;

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

async function closeStream(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, "finish");
}

type ColumnKind = "number" | "boolean" | "text";

/** Accepts records one by one; `finish()` writes the output file. */
export class ResultFileWriter {
  private readonly columns = new Map<string, ColumnKind | null>();
  private stream: WriteStream | null = null;
  private spoolDir: string | null = null;
  private spoolPath: string | null = null;
  records = 0;

  private constructor(
    private readonly path: string,
    private readonly format: ResultFormat,
  ) {}

  static async open(path: string, format: ResultFormat): Promise<ResultFileWriter> {
    const writer = new ResultFileWriter(path, format);
    if (format === "jsonl") {
      writer.stream = createWriteStream(path);
    } else {
      writer.spoolDir = await mkdtemp(join(tmpdir(), "place-enrich-results-"));
      writer.spoolPath = join(writer.spoolDir, "records.jsonl");
      writer.stream = createWriteStream(writer.spoolPath);
    }
    await once(writer.stream, "open");
    return writer;
  }

  async add(record: FlatRecord): Promise<void> {
    for (const [column, value] of Object.entries(record)) {
      const seen = this.columns.get(column);
      if (value === null || value === undefined) {
        if (seen === undefined) this.columns.set(column, null);
        continue;
      }
      const kind: ColumnKind =
        typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "text";
      if (seen === undefined || seen === null) this.columns.set(column, kind);
      else if (seen !== kind) this.columns.set(column, "text");
    }
    this.records++;
    await write(this.stream!, `${JSON.stringify(record)}\n`);
  }

  async finish(): Promise<void> {
    await closeStream(this.stream!);
    if (this.format === "jsonl") return;
    try {
      if (this.format === "csv") await this.writeCsv();
      else await this.writeParquet();
    } finally {
      await rm(this.spoolDir!, { recursive: true, force: true });
    }
  }

  /** Removes the spool (after a failure). */
  async abandon(): Promise<void> {
    this.stream?.destroy();
    if (this.spoolDir) await rm(this.spoolDir, { recursive: true, force: true });
  }

  private async *spooled(): AsyncGenerator<FlatRecord> {
    const lines = createInterface({
      input: createReadStream(this.spoolPath!),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) if (line) yield JSON.parse(line) as FlatRecord;
  }

  private async writeCsv(): Promise<void> {
    const columns = [...this.columns.keys()];
    const out = createWriteStream(this.path);
    const csv = stringify({ header: true, columns });
    csv.pipe(out);
    for await (const record of this.spooled()) {
      if (!csv.write(columns.map((c) => neutralizeFormula(cellText(record[c]))))) await once(csv, "drain");
    }
    csv.end();
    await once(out, "finish");
  }

  private async writeParquet(): Promise<void> {
    const { ParquetWriter, fileWriter, schemaFromColumnData } = await import("hyparquet-writer");
    const columns = [...this.columns.entries()];
    const typeOf = (kind: ColumnKind | null) =>
      kind === "number" ? "DOUBLE" : kind === "boolean" ? "BOOLEAN" : "STRING";
    const schema = schemaFromColumnData({
      columnData: columns.map(([name, kind]) => ({ name, data: [], type: typeOf(kind), nullable: true })),
    });
    const writer = new ParquetWriter({ writer: fileWriter(this.path), schema });
    let buffer: FlatRecord[] = [];
    const flush = async () => {
      if (buffer.length === 0) return;
      const rows = buffer;
      buffer = [];
      await writer.write({
        rowGroupSize: PARQUET_ROWS_PER_GROUP,
        columnData: columns.map(([name, kind]) => ({
          name,
          type: typeOf(kind),
          nullable: true,
          data: rows.map((r) => {
            const value = r[name];
            if (value === null || value === undefined) return null;
            return kind === "text" || kind === null ? cellText(value) : value;
          }),
        })),
      });
    };
    for await (const record of this.spooled()) {
      buffer.push(record);
      if (buffer.length >= PARQUET_ROWS_PER_GROUP) await flush();
    }
    await flush();
    await writer.finish();
  }
}
