/**
 * A reference file → a stream of drafts, by format and file name: parquet (`.parquet`, read by
 * DuckDB), JSON lines (`.jsonl`, `.ndjson`, `.geojsonl`, `.geojsonseq`, optionally `.gz`), CSV (`.csv`),
 * GeoJSON FeatureCollection (`.geojson`, `.json`: read whole, so meant for extracts such as Overpass
 * output; a larger region belongs in a GeoJSON sequence or parquet).
 *
 * Rows that cannot be parsed (bad JSON line) come out as `{error}` with the line number and are
 * counted as skipped by the importer; nothing stops the import.
 */
import { readFile, stat } from "node:fs/promises";
import { extname } from "node:path";
import { createInterface } from "node:readline";
import { gunzipSync } from "node:zlib";
import { distance } from "fastest-levenshtein";
import type { ReferenceDraft } from "../build-record.js";
import type { ReferenceFormat } from "../record.js";
import { FLAT_COLUMNS, flatDraft } from "./flat.js";
import { fsqBboxWhere, fsqDraft } from "./fsq.js";
import { osmDraft } from "./osm.js";
import { overtureBboxWhere, overtureDraft } from "./overture.js";
import { readParquet } from "./parquet.js";
import { type ByteCounter, CsvParser, openText, readCsv, readLines } from "./text-files.js";

export interface Bbox {
  west: number;
  south: number;
  east: number;
  north: number;
}

export type DraftOrError =
  | {
      draft: ReferenceDraft;
      error?: undefined;
      /** `draft.original` as the JSON text it was parsed from, when it is that text's object unchanged. */
      originalText?: string;
    }
  | { error: string };

/**
 * A line of a JSON-lines file, not parsed yet: the import threads parse it (draftFromLine), so the
 * reading thread only splits lines.
 */
export interface RawLine {
  text: string;
  /** 1-based line number, for the error message. */
  line: number;
  draft?: undefined;
  error?: undefined;
  originalText?: undefined;
}

export type ReferenceItem = DraftOrError | RawLine;

export interface OpenedReferenceFile {
  /** Drafts (or row errors); JSON-lines files give their lines unparsed (`draftFromLine`). */
  rows: AsyncIterable<ReferenceItem>;
  /** Progress: `done()` out of `total` (bytes for text files, rows for parquet). */
  total: number;
  done(): number;
  unit: "bytes" | "rows";
}

export class ReferenceFileError extends Error {
  readonly code = "reference_file_invalid";
}

const RECORD_SEPARATOR = String.fromCharCode(0x1e);

type Layout = "parquet" | "lines" | "csv" | "geojson";

export function layoutOf(path: string): Layout {
  const name = path.toLowerCase().replace(/\.gz$/, "");
  const ext = extname(name);
  if (ext === ".parquet") return "parquet";
  if (ext === ".csv") return "csv";
  if ([".jsonl", ".ndjson", ".geojsonl", ".geojsonseq"].includes(ext)) return "lines";
  if (ext === ".geojson" || ext === ".json") return "geojson";
  throw new ReferenceFileError(
    `cannot tell the layout of ${path}: expected .parquet, .jsonl/.ndjson/.geojsonseq (optionally .gz), .csv or .geojson`,
  );
}

/** `fromJson`: the row came from JSON text (plain data already: `original` needs no copy). */
const TO_DRAFT: Readonly<
  Record<ReferenceFormat, (row: Record<string, unknown>, fromJson: boolean) => ReferenceDraft>
> = {
  overture: overtureDraft,
  fsq: fsqDraft,
  osm: osmDraft,
  jsonl: flatDraft,
  csv: flatDraft,
  geojson: flatDraft,
};

/** The format a file most likely holds when `--format` is not given. */
export function guessFormat(path: string): ReferenceFormat {
  const layout = layoutOf(path);
  if (layout === "parquet") return /fsq|foursquare/i.test(path) ? "fsq" : "overture";
  if (layout === "csv") return "csv";
  if (layout === "geojson") return /osm|overpass/i.test(path) ? "osm" : "geojson";
  return "jsonl";
}

/**
 * `rows` with a failure of the reading itself (not gzip, truncated, a CSV quote never closed, a
 * parquet file DuckDB cannot read) as a ReferenceFileError naming the file: the operator's to fix,
 * shown without a stack (break-it trial: "Error: incorrect header check" and a stack trace).
 */
async function* readErrors<T>(path: string, rows: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* rows;
  } catch (error) {
    if (error instanceof ReferenceFileError) throw error;
    throw new ReferenceFileError(`cannot read ${path}: ${(error as Error).message ?? String(error)}`);
  }
}

/**
 * The format of `path` when --format is not given: for JSON lines, the first row's shape decides
 * (formatOfRow), else the file name (guessFormat). New-user trial: an Overture JSONL export was read
 * as the own-file format and lost its categories without a word.
 */
export async function detectFormat(path: string): Promise<ReferenceFormat> {
  return (await sniffFormat(path)) ?? guessFormat(path);
}

/** The format a JSON-lines file's first row has (formatOfRow), or null (other layouts too). */
export async function sniffFormat(path: string): Promise<ReferenceFormat | null> {
  if (layoutOf(path) !== "lines") return null;
  const first = await firstLine(path);
  if (first === null) return null;
  try {
    return formatOfRow(JSON.parse(first));
  } catch {
    return null;
  }
}

/**
 * Columns of an own file (csv, jsonl, geojson lines: its header or first row) that the import does not
 * read (flat.ts FLAT_COLUMNS), each with the documented column it may have meant ("phone" → "phones"),
 * for a warning (re-check trial: a CSV `phone` column was dropped without a word). [] when the file's
 * layout has no header to read here (a GeoJSON document, parquet) or the format is a dataset's.
 */
export async function unreadColumns(
  path: string,
  format: ReferenceFormat,
): Promise<Array<{ column: string; meant: string | null }>> {
  if (format !== "csv" && format !== "jsonl" && format !== "geojson") return [];
  const layout = layoutOf(path);
  if (layout !== "csv" && layout !== "lines") return [];
  const first = await firstLine(path);
  if (first === null) return [];
  let columns: string[];
  if (layout === "csv") {
    const parser = new CsvParser();
    const [header] = [...parser.push(`${first}\n`)];
    columns = (header ?? []).map((h) => h.replace(/^\ufeff/, "").trim());
  } else {
    let row: unknown;
    try {
      row = JSON.parse(first);
    } catch {
      return [];
    }
    if (!row || typeof row !== "object" || Array.isArray(row)) return [];
    const r = row as Record<string, unknown>;
    const props = r.type === "Feature" && r.properties && typeof r.properties === "object" ? r.properties : r;
    columns = Object.keys(props).filter((k) => r.type !== "Feature" || k !== "type");
  }
  const known: readonly string[] = FLAT_COLUMNS;
  return columns
    .filter((c) => c !== "" && !known.includes(c))
    .map((column) => {
      const lower = column.toLowerCase();
      let meant: string | null = known.includes(lower) ? lower : null;
      for (const k of known) if (meant === null && distance(lower, k) <= 2) meant = k;
      return { column, meant };
    });
}

/** The first non-blank line of a text file (`.gz` too), or null; reads no further. */
async function firstLine(path: string): Promise<string | null> {
  const input = openText(path);
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      const t = (line.startsWith(RECORD_SEPARATOR) ? line.slice(1) : line).trim();
      if (t !== "") return t;
    }
    return null;
  } catch {
    return null;
  } finally {
    lines.close();
    (input as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * A dataset's format from one of its rows (a GeoJSON Feature: its properties), or null when it
 * could be any: Foursquare OS Places (`fsq_place_id`), Overture (`names.primary` or
 * `categories.primary`), OpenStreetMap (`tags` beside an OSM id — `osm_id`, `@id` or "node/…" —, or
 * a Feature with such an id and its tags as properties: Overpass output).
 */
export function formatOfRow(row: unknown): ReferenceFormat | null {
  if (!isObject(row)) return null;
  const p = row.type === "Feature" && isObject(row.properties) ? row.properties : row;
  if ("fsq_place_id" in p) return "fsq";
  if ((isObject(p.names) && "primary" in p.names) || (isObject(p.categories) && "primary" in p.categories))
    return "overture";
  const osmId = String(p.osm_id ?? p["@id"] ?? p.id ?? row.id ?? "");
  const osmLike = /^(node|way|relation)\/\d+$/.test(osmId);
  if ((isObject(p.tags) && ("osm_id" in p || osmLike)) || (osmLike && row.type === "Feature")) return "osm";
  return null;
}

async function parquetRowCount(path: string): Promise<number> {
  try {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const escaped = path.replace(/'/g, "''");
    const reader = await connection.runAndReadAll(
      `SELECT sum(num_rows) AS n FROM parquet_file_metadata('${escaped}')`,
    );
    const n = Number(reader.getRows()[0]?.[0] ?? 0);
    connection.closeSync();
    instance.closeSync();
    return n;
  } catch {
    return 0;
  }
}

/** One line of a JSON-lines file → its draft, a row error, or null for a blank line. */
export function draftFromLine(raw: RawLine, format: ReferenceFormat): DraftOrError | null {
  // GeoJSON text sequences (RFC 8142) start each record with the RS character.
  const t = (raw.text.startsWith(RECORD_SEPARATOR) ? raw.text.slice(1) : raw.text).trim();
  if (t === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return { error: `line ${raw.line}: not valid JSON` };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    return { error: `line ${raw.line}: not a JSON object` };
  const draft = TO_DRAFT[format](parsed as Record<string, unknown>, true);
  return draft.original === parsed ? { draft, originalText: t } : { draft };
}

/** A row of plain JSON data (a stored record's original fields) → its draft. */
export function draftFromRow(row: Record<string, unknown>, format: ReferenceFormat): ReferenceDraft {
  return TO_DRAFT[format](row, true);
}

export async function openReferenceFile(
  path: string,
  format: ReferenceFormat,
  bbox: Bbox | null = null,
): Promise<OpenedReferenceFile> {
  const layout = layoutOf(path);
  const toDraft = TO_DRAFT[format];
  const size = await stat(path).then(
    (s) => {
      if (!s.isFile()) throw new ReferenceFileError(`cannot read ${path}: not a file`);
      return s.size;
    },
    (error: NodeJS.ErrnoException) => {
      throw new ReferenceFileError(
        `cannot read ${path}: ${error.code === "ENOENT" ? "no such file" : error.message}`,
      );
    },
  );
  if (layout === "parquet") {
    let n = 0;
    const where = bbox ? (format === "fsq" ? fsqBboxWhere(bbox) : overtureBboxWhere(bbox)) : null;
    const total = await parquetRowCount(path);
    async function* rows(): AsyncGenerator<DraftOrError> {
      for await (const row of readParquet(path, where)) {
        n++;
        yield { draft: toDraft(row, false) };
      }
    }
    return { rows: readErrors(path, rows()), total, done: () => n, unit: "rows" };
  }
  const counter: ByteCounter = { bytes: 0 };
  if (layout === "csv") {
    async function* rows(): AsyncGenerator<DraftOrError> {
      for await (const row of readCsv(path, counter)) yield { draft: toDraft(row, true) };
    }
    return { rows: readErrors(path, rows()), total: size, done: () => counter.bytes, unit: "bytes" };
  }
  if (layout === "lines") {
    async function* rows(): AsyncGenerator<ReferenceItem> {
      let line = 0;
      for await (const text of readLines(path, counter)) {
        line++;
        yield { text, line };
      }
    }
    return { rows: readErrors(path, rows()), total: size, done: () => counter.bytes, unit: "bytes" };
  }
  let document: unknown;
  try {
    const bytes = await readFile(path);
    document = JSON.parse((path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8"));
  } catch (error) {
    throw new ReferenceFileError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const features = (document as { features?: unknown }).features;
  if (!Array.isArray(features)) throw new ReferenceFileError(`${path} is not a GeoJSON FeatureCollection`);
  let n = 0;
  async function* rows(): AsyncGenerator<DraftOrError> {
    for (const f of features as unknown[]) {
      n++;
      if (!f || typeof f !== "object") {
        yield { error: `feature ${n}: not an object` };
        continue;
      }
      yield { draft: toDraft(f as Record<string, unknown>, true) };
    }
  }
  return { rows: rows(), total: features.length, done: () => n, unit: "rows" };
}
