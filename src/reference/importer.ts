/**
 * importReference: a reference file → the reference store, streaming. Reads drafts (formats/),
 * normalizes them (build-record.ts), computes their match keys, stages them in batches, and commits
 * them as the source's new records at the end — a re-import replaces the source's records at once,
 * and a failed import leaves the previous ones in place. Rows that cannot be used are skipped and
 * counted by reason (the CLI prints them).
 */
import { buildRecord } from "./build-record.js";
import { type Bbox, openReferenceFile } from "./formats/open-reference-file.js";
import { nameTokens, recordKeys } from "./match/match-keys.js";
import type { ReferenceFormat } from "./record.js";
import type { ReferenceRow, ReferenceStore } from "./store/port.js";

export interface ImportOptions {
  file: string;
  source: string;
  format: ReferenceFormat;
  bbox?: Bbox | null;
  now: number;
  /** Rows staged per store call. */
  batchSize?: number;
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

function inside(b: Bbox, lat: number, lon: number): boolean {
  return lat >= b.south && lat <= b.north && lon >= b.west && lon <= b.east;
}

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

export async function importReference(store: ReferenceStore, options: ImportOptions): Promise<ImportReport> {
  const start = performance.now();
  const opened = await openReferenceFile(options.file, options.format, options.bbox ?? null);
  const job = await store.beginImport({
    name: options.source,
    format: options.format,
    file: options.file,
    now: options.now,
  });
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const skipReasons: Record<string, number> = {};
  const errors: string[] = [];
  const ids = new Set<string>();
  const tokenCounts = new Map<string, number>();
  let imported = 0;
  let skipped = 0;
  const skip = (reason: string) => {
    skipped++;
    skipReasons[reason] = (skipReasons[reason] ?? 0) + 1;
  };
  let batch: ReferenceRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await job.add(batch);
    batch = [];
    options.onProgress?.({ done: opened.done(), total: opened.total, unit: opened.unit, imported, skipped });
  };
  try {
    for await (const row of opened.rows) {
      if (row.error !== undefined) {
        skip("invalid row");
        if (errors.length < MAX_ERRORS) errors.push(row.error);
        continue;
      }
      const built = buildRecord(row.draft);
      if ("skip" in built) {
        skip(built.skip);
        continue;
      }
      const record = built.record;
      if (options.bbox) {
        if (record.latitude === null || record.longitude === null) {
          skip("no coordinates (--bbox given)");
          continue;
        }
        if (!inside(options.bbox, record.latitude, record.longitude)) {
          skip("outside --bbox");
          continue;
        }
      }
      if (ids.has(record.id)) {
        skip("duplicate id");
        continue;
      }
      ids.add(record.id);
      const keys = recordKeys(record);
      for (const token of new Set(nameTokens(keys.nameKey)))
        tokenCounts.set(token, (tokenCounts.get(token) ?? 0) + 1);
      batch.push({ record, keys });
      imported++;
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    const count = await job.commit(tokenCounts);
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
  }
}
