/**
 * importReference: a reference file → the reference store, streaming. The importing thread reads the
 * file (formats/) in chunks; each chunk is normalized (import-chunk.ts: parse, build-record.ts, match
 * keys, columns; only what matching needs: rebuildable-doc.ts) by an import thread (import-pool.ts) —
 * or here, for small files — and the results are staged in file order while the threads work on the
 * next chunks. At the end the staged rows are
 * committed as the source's new records — a re-import replaces the source's records at once, and a
 * failed import leaves the previous ones in place. Rows that cannot be used are skipped and counted
 * by reason (the CLI prints them).
 *
 * Why threads: normalization (libphonenumber-js, URL and address parsing, category mapping) is
 * ~50–70 µs of CPU per Overture place, the store's part ~30 µs (SQLite) — on one thread the import
 * was bound by the former (5,914 places/s into SQLite, 1,000,000 synthetic places).
 */
import { availableParallelism } from "node:os";
import {
  type Bbox,
  openReferenceFile,
  ReferenceFileError,
  type ReferenceItem,
} from "./formats/open-reference-file.js";
import { type ChunkResult, type ImportChunk, normalizeChunk } from "./import-chunk.js";
import { ImportPool } from "./import-pool.js";
import { nameTokens } from "./match/match-keys.js";
import type { ReferenceFormat } from "./record.js";
import type { ReferenceStore } from "./store/port.js";
import { filterStaged, stagedCount } from "./store/row-columns.js";

export interface ImportOptions {
  file: string;
  source: string;
  format: ReferenceFormat;
  bbox?: Bbox | null;
  now: number;
  /** Rows per chunk: normalized together (in one thread) and staged in one store call. */
  batchSize?: number;
  /**
   * Commit even when rows that look like another format ("invalid row", "no id") outnumber the
   * imported ones (CLI `--allow-skips`); an import of no row at all is refused whatever this says.
   */
  allowSkips?: boolean;
  /**
   * Threads normalizing rows beside the importing thread (0: all in this thread). Default:
   * defaultImportThreads() — one per core for files past a few MB, none for small ones.
   */
  threads?: number;
  /**
   * Called when the commit starts ("committing": from then on the source is replaced unless the
   * process dies before the database commits) and when it has landed ("committed").
   */
  onPhase?: (phase: "committing" | "committed") => void;
  /** Called about every batch: `done` of `total` (bytes or rows), with the counts so far. */
  onProgress?: (p: {
    done: number;
    total: number;
    unit: "bytes" | "rows";
    imported: number;
    skipped: number;
  }) => void;
}

export interface ImportReport {
  source: string;
  format: ReferenceFormat;
  imported: number;
  skipped: number;
  /** Skipped rows per reason ("no name", "outside --bbox", "line 12: not valid JSON" → "invalid row"). */
  skipReasons: Record<string, number>;
  /** The first few row-level errors, verbatim. */
  errors: string[];
  seconds: number;
}

const DEFAULT_BATCH = 2000;
const MAX_ERRORS = 10;
const THREADS_FROM_BYTES = 8_000_000;
const THREADS_FROM_ROWS = 20_000;
const MAX_THREADS = 8;

/** `w,s,e,n` (degrees) → Bbox; throws with the reason. */
export function parseBbox(text: string): Bbox {
  const parts = text.split(",").map((s) => Number(s.trim()));
  const [west, south, east, north] = parts;
  if (
    parts.length !== 4 ||
    parts.some((n) => !Number.isFinite(n)) ||
    west! < -180 ||
    east! > 180 ||
    south! < -90 ||
    north! > 90 ||
    west! >= east! ||
    south! >= north!
  ) {
    throw new Error(
      `--bbox must be west,south,east,north in degrees with west < east and south < north, got "${text}"`,
    );
  }
  return { west: west!, south: south!, east: east!, north: north! };
}

/** Skip reasons that say the rows are not of the format they were read as (see refuseUnusable). */
const FORMAT_SKIPS = ["invalid row", "no id"] as const;

/**
 * Throws (ReferenceFileError, before the commit: the source keeps its records) when an import would
 * replace a source with nothing — no row imported — or, unless `allowSkips`, when more rows were
 * skipped as not of the format (FORMAT_SKIPS) than imported. New-user trial: a re-import without
 * `--format osm` skipped 8,917 of 8,917 rows ("no id"), exited 0 and left the source empty.
 */
function refuseUnusable(
  options: ImportOptions,
  imported: number,
  skipped: number,
  skipReasons: Record<string, number>,
  errors: readonly string[],
): void {
  const unusable = FORMAT_SKIPS.reduce((n, r) => n + (skipReasons[r] ?? 0), 0);
  if (imported > 0 && (unusable <= imported || options.allowSkips)) return;
  const reasons = Object.entries(skipReasons)
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => `${n} ${r}`)
    .join(", ");
  const example = errors[0] ? `; e.g. ${errors[0]}` : "";
  const what =
    imported === 0
      ? `no place of ${options.file} could be imported (${skipped} rows skipped${reasons ? `: ${reasons}` : ""}${example})`
      : `${unusable} rows of ${options.file} are not ${options.format} rows (${reasons}${example}) against ${imported} imported; --allow-skips imports those ${imported}`;
  const ownFile = options.format === "csv" || options.format === "jsonl" || options.format === "geojson";
  const columns =
    ownFile && (skipReasons["no id"] ?? 0) > 0
      ? " (your own files need `id` and `name` columns, lower case: docs/reference-data.md)"
      : "";
  const hint =
    unusable > 0 ? `; read as --format ${options.format}: is that the file's format?${columns}` : "";
  throw new ReferenceFileError(`${what}${hint}; source "${options.source}" is left as it was`);
}

/**
 * Import threads for a file of `total` `unit`s when ImportOptions.threads is not given: none below
 * THREADS_FROM (starting them costs more than they save), else one per core.
 */
export function defaultImportThreads(total: number, unit: "bytes" | "rows"): number {
  const big = unit === "bytes" ? total >= THREADS_FROM_BYTES : total >= THREADS_FROM_ROWS;
  return big ? Math.min(MAX_THREADS, availableParallelism()) : 0;
}

export async function importReference(store: ReferenceStore, options: ImportOptions): Promise<ImportReport> {
  const start = performance.now();
  const opened = await openReferenceFile(options.file, options.format, options.bbox ?? null);
  const job = await store.beginImport({
    name: options.source,
    format: options.format,
    file: options.file,
    now: options.now,
  });
  const chunkSize = options.batchSize ?? DEFAULT_BATCH;
  const threads = options.threads ?? defaultImportThreads(opened.total, opened.unit);
  const pool = threads > 0 ? new ImportPool(threads) : null;
  const skipReasons: Record<string, number> = {};
  const errors: string[] = [];
  const ids = new Set<string>();
  const tokenCounts = new Map<string, number>();
  let imported = 0;
  let skipped = 0;
  const skip = (reason: string, n = 1) => {
    skipped += n;
    skipReasons[reason] = (skipReasons[reason] ?? 0) + n;
  };
  /** A normalized chunk → the store, in file order (duplicate ids: the first one is kept). */
  const write = async (result: ChunkResult) => {
    for (const [reason, n] of Object.entries(result.skips)) skip(reason, n);
    for (const e of result.errors) if (errors.length < MAX_ERRORS) errors.push(e);
    let rows = result.rows;
    const n = stagedCount(rows);
    let duplicates: Set<number> | null = null;
    for (let i = 0; i < n; i++) {
      const id = rows.recordId[i]!;
      if (ids.has(id)) {
        duplicates ??= new Set();
        duplicates.add(i);
        skip("duplicate id");
        continue;
      }
      ids.add(id);
      for (const token of new Set(nameTokens(rows.nameKey[i]!)))
        tokenCounts.set(token, (tokenCounts.get(token) ?? 0) + 1);
    }
    if (duplicates) {
      const drop = duplicates;
      rows = filterStaged(rows, (i) => !drop.has(i));
    }
    if (stagedCount(rows) > 0) await job.add(rows);
    imported += stagedCount(rows);
    options.onProgress?.({ done: opened.done(), total: opened.total, unit: opened.unit, imported, skipped });
  };
  // Chunks in flight in the threads: enough to keep each busy while the importing thread writes.
  const inFlight: Array<Promise<ChunkResult>> = [];
  const maxInFlight = Math.max(1, threads * 2);
  let items: ReferenceItem[] = [];
  const submit = async () => {
    const chunk: ImportChunk = { format: options.format, bbox: options.bbox ?? null, items };
    items = [];
    if (!pool) return write(normalizeChunk(chunk));
    const pending = pool.normalize(chunk);
    // A failure surfaces when its turn comes; until then it must not count as unhandled.
    pending.catch(() => {});
    inFlight.push(pending);
    while (inFlight.length >= maxInFlight) await write(await inFlight.shift()!);
  };
  try {
    for await (const item of opened.rows) {
      items.push(item);
      if (items.length >= chunkSize) await submit();
    }
    if (items.length > 0) await submit();
    while (inFlight.length > 0) await write(await inFlight.shift()!);
    refuseUnusable(options, imported, skipped, skipReasons, errors);
    options.onPhase?.("committing");
    // The reference changes when the commit lands, not when the import began (options.now).
    const count = await job.commit(tokenCounts, options.now + Math.round(performance.now() - start));
    options.onPhase?.("committed");
    return {
      source: options.source,
      format: options.format,
      imported: count,
      skipped,
      skipReasons,
      errors,
      seconds: Math.round((performance.now() - start) / 10) / 100,
    };
  } catch (error) {
    await job.abort();
    throw error;
  } finally {
    await pool?.close();
  }
}
