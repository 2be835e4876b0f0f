/**
 * The rows of a places file, streamed one at a time with where each came from: CSV (csv-parse;
 * BOM, quotes, multi-line fields, `,` `;` tab `|` separators detected from the header), JSON Lines
 * (an object per line) and Parquet (hyparquet, one row group in memory at a time).
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import secureJsonParse from "secure-json-parse";
import { loneSurrogatePath } from "../../api/utf8.js";
import { detectDelimiter } from "./csv-dialect.js";
import { type CsvRecord, CsvRows, csvParseOptions } from "./csv-records.js";
import type { PlaceFileRow } from "./row-checker.js";
import { decodingStream, encodingLabel } from "./text-decoding.js";

export type PlaceFileFormat = "csv" | "jsonl" | "parquet";

export type { PlaceFileRow };

export class PlaceFileError extends Error {
  override name = "PlaceFileError";
}

/** The format from the file name: .csv/.tsv/.txt, .jsonl/.ndjson, .parquet. */
export function placeFileFormat(path: string): PlaceFileFormat {
  const lower = path.toLowerCase();
  if (/\.(csv|tsv|txt)$/.test(lower)) return "csv";
  if (/\.(jsonl|ndjson)$/.test(lower)) return "jsonl";
  if (lower.endsWith(".parquet")) return "parquet";
  throw new PlaceFileError(`${path}: unknown file type (expected .csv, .jsonl or .parquet)`);
}

export interface ReadOptions {
  /** CSV and JSONL text: utf8 (default) or latin1. */
  encoding?: string;
  /** CSV: the separator; detected from the header line when absent. */
  delimiter?: string;
}

export function readPlaceFile(path: string, options: ReadOptions = {}): AsyncGenerator<PlaceFileRow> {
  const format = placeFileFormat(path);
  if (format === "csv") return readCsv(path, options);
  if (format === "jsonl") return readJsonl(path, options);
  return readParquet(path);
}

/** The first line of the file, decoded, for the separator guess (a header is far below 64 KiB). */
async function headerLine(path: string, encoding: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = new TextDecoder(encodingLabel(encoding)).decode(buffer.subarray(0, bytesRead));
    return text.split(/\r?\n/, 1)[0] ?? "";
  } finally {
    await handle.close();
  }
}

async function* readCsv(path: string, options: ReadOptions): AsyncGenerator<PlaceFileRow> {
  const encoding = options.encoding ?? "utf8";
  const delimiter = options.delimiter ?? detectDelimiter(await headerLine(path, encoding));
  const parser = parse(csvParseOptions(delimiter));
  const input = createReadStream(path).pipe(decodingStream(encoding));
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  const rows = new CsvRows();
  for await (const record of parser as AsyncIterable<CsvRecord>) {
    const row = rows.next(record);
    if (row) yield row;
  }
  if (!rows.hasHeader) throw new PlaceFileError(`${path}: the file is empty (a header line is expected)`);
}

async function* readJsonl(path: string, options: ReadOptions): AsyncGenerator<PlaceFileRow> {
  const input = createReadStream(path).pipe(decodingStream(options.encoding ?? "utf8"));
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let row = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    row++;
    let values: unknown;
    try {
      // As the server parses a body: keys that could poison prototypes are refused, and so is a
      // lone surrogate escape (not storable), so that no such line is found only after 50,000 jobs
      // of the same batch were sent.
      const json = text.replace(/^\uFEFF/, "");
      values = secureJsonParse(json, { protoAction: "error", constructorAction: "error" });
      const bad = loneSurrogatePath(json, values);
      if (bad) throw new Error(`not valid Unicode at ${bad.join(".")}: a lone surrogate escape`);
    } catch (error) {
      values = { __parse_error: (error as Error).message };
    }
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
      values = { __parse_error: "a line must hold a JSON object" };
    }
    yield { values: values as Record<string, unknown>, row, where: `line ${line}` };
  }
}

async function* readParquet(path: string): AsyncGenerator<PlaceFileRow> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import("hyparquet");
  const { compressors } = await import("hyparquet-compressors");
  const file = await asyncBufferFromFile(path);
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new PlaceFileError(`${path}: not a readable Parquet file (${(error as Error).message})`);
  }
  let row = 0;
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const rows = await parquetReadObjects({ file, metadata, compressors, rowStart: start, rowEnd: end });
    for (const values of rows) {
      row++;
      yield { values: values as Record<string, unknown>, row, where: `row ${row}` };
    }
    start = end;
  }
}
