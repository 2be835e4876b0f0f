/**
 * One chunk of an import's rows → the store's columns: parse (JSON lines), draft, normalize
 * (build-record.ts), keep inside --bbox, compute the match keys and encode the columns. Pure and
 * self-contained, so it runs the same in an import thread (import-thread.ts) and in the importing
 * thread itself (small files). Duplicate ids are not dropped here: only the importer sees every chunk.
 */
import { buildRecord } from "./build-record.js";
import { type Bbox, draftFromLine, type ReferenceItem } from "./formats/open-reference-file.js";
import { recordKeys } from "./match/match-keys.js";
import type { ReferenceFormat } from "./record.js";
import { emptyStagedRows, pushColumns, rowColumns, type StagedRows } from "./store/row-columns.js";

export interface ImportChunk {
  format: ReferenceFormat;
  bbox: Bbox | null;
  items: ReferenceItem[];
}

export interface ChunkResult {
  rows: StagedRows;
  /** Skipped rows per reason (see ImportReport.skipReasons). */
  skips: Record<string, number>;
  /** Row-level errors, verbatim (at most `MAX_CHUNK_ERRORS`). */
  errors: string[];
}

const MAX_CHUNK_ERRORS = 10;

function inside(b: Bbox, lat: number, lon: number): boolean {
  return lat >= b.south && lat <= b.north && lon >= b.west && lon <= b.east;
}

export function normalizeChunk(chunk: ImportChunk): ChunkResult {
  const rows = emptyStagedRows();
  const skips: Record<string, number> = {};
  const errors: string[] = [];
  const skip = (reason: string) => {
    skips[reason] = (skips[reason] ?? 0) + 1;
  };
  for (const item of chunk.items) {
    const parsed = "text" in item && item.text !== undefined ? draftFromLine(item, chunk.format) : item;
    if (parsed === null) continue;
    if (parsed.error !== undefined) {
      skip("invalid row");
      if (errors.length < MAX_CHUNK_ERRORS) errors.push(parsed.error);
      continue;
    }
    const built = buildRecord(parsed.draft!);
    if ("skip" in built) {
      skip(built.skip);
      continue;
    }
    const record = built.record;
    if (chunk.bbox) {
      if (record.latitude === null || record.longitude === null) {
        skip("no coordinates (--bbox given)");
        continue;
      }
      if (!inside(chunk.bbox, record.latitude, record.longitude)) {
        skip("outside --bbox");
        continue;
      }
    }
    pushColumns(rows, rowColumns({ record, keys: recordKeys(record) }));
  }
  return { rows, skips, errors };
}
