/**
 * One chunk of an import's rows → the store's columns: parse (JSON lines), draft, compute what
 * matching needs (build-record.ts buildCore), keep inside --bbox, compute the match keys and encode
 * the columns. The stored document is the row's original fields (rebuildable-doc.ts), from which
 * the full record is built when a job matches it; formats whose original fields cannot rebuild it
 * (OSM) get the full record here. Pure and self-contained, so it runs the same in an import thread
 * (import-thread.ts) and in the importing thread itself (small files). Duplicate ids are not dropped
 * here: only the importer sees every chunk.
 */
import { buildCore, completeRecord } from "./build-record.js";
import { type Bbox, draftFromLine, type ReferenceItem } from "./formats/open-reference-file.js";
import { recordKeys } from "./match/match-keys.js";
import { encodeRebuildableDoc, rebuildable } from "./rebuildable-doc.js";
import type { ReferenceFormat } from "./record.js";
import { emptyStagedRows, encodeDoc, keyColumns, pushColumns, type StagedRows } from "./store/row-columns.js";

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
  const rebuild = rebuildable(chunk.format);
  for (const item of chunk.items) {
    const parsed = "text" in item && item.text !== undefined ? draftFromLine(item, chunk.format) : item;
    if (parsed === null) continue;
    if (parsed.error !== undefined) {
      skip("invalid row");
      if (errors.length < MAX_CHUNK_ERRORS) errors.push(parsed.error);
      continue;
    }
    const draft = parsed.draft!;
    const built = buildCore(draft);
    if ("skip" in built) {
      skip(built.skip);
      continue;
    }
    const core = built.core;
    if (chunk.bbox) {
      if (core.latitude === null || core.longitude === null) {
        skip("no coordinates (--bbox given)");
        continue;
      }
      if (!inside(chunk.bbox, core.latitude, core.longitude)) {
        skip("outside --bbox");
        continue;
      }
    }
    const doc = rebuild
      ? encodeRebuildableDoc(core, draft.original, parsed.originalText ?? null)
      : encodeDoc(completeRecord(draft, core));
    pushColumns(rows, keyColumns(core, recordKeys(core), doc));
  }
  return { rows, skips, errors };
}
