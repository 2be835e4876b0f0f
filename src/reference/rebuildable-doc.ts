/**
 * The stored document of an imported row whose full record can be rebuilt from the dataset's own
 * fields: `{"rebuild":1,"latitude":…,"longitude":…,"original":{…}}`. An import computes only what
 * matching needs (build-record.ts buildCore: the match keys' inputs) and stores the row's original
 * fields, which it keeps anyway for the `*_original` outputs; the full normalized record (websites,
 * socials, emails, other names, dates, …) is built again, by the same code, for the few records a
 * job matches (getRecords: one per job and source). Measured on 200,000 synthetic Overture places:
 * see docs/reference-data.md ("How long an import takes").
 *
 * The coordinates are stored as the import read them: the original fields may not hold them (WKB or
 * GeoJSON geometry is left out of `original`).
 *
 * OSM rows are not rebuildable (their `original` is a summary of the element, not the draft's input)
 * and keep the full document (row-columns.ts encodeDoc).
 */
import { buildRecord } from "./build-record.js";
import { draftFromRow } from "./formats/open-reference-file.js";
import type { ReferenceFormat, ReferenceRecord } from "./record.js";

const REBUILDABLE: ReadonlySet<ReferenceFormat> = new Set(["overture", "fsq", "jsonl", "csv", "geojson"]);

/** Whether an import of `format` stores rebuildable documents. */
export function rebuildable(format: ReferenceFormat): boolean {
  return REBUILDABLE.has(format);
}

const PREFIX = '{"rebuild":1,';

/**
 * The document of one row. `originalText`: the original fields as JSON text already (the row's own
 * line of a JSON-lines file, when `original` is that line's object), written as is — no
 * JSON.stringify of what was just parsed.
 */
export function encodeRebuildableDoc(
  original: Record<string, unknown>,
  originalText: string | null,
  latitude: number | null,
  longitude: number | null,
): string {
  return `${PREFIX}"latitude":${latitude ?? "null"},"longitude":${longitude ?? "null"},"original":${originalText ?? JSON.stringify(original)}}`;
}

export function isRebuildableDoc(doc: string): boolean {
  return doc.startsWith(PREFIX);
}

/**
 * A rebuildable document → the full record, as an import of the same row would have built it (the
 * same draft, the stored coordinates). Throws if the row no longer builds (it did at import).
 */
export function rebuildRecord(doc: string, format: ReferenceFormat): ReferenceRecord {
  const stored = JSON.parse(doc) as {
    latitude: number | null;
    longitude: number | null;
    original: Record<string, unknown>;
  };
  const draft = draftFromRow(stored.original, format);
  draft.latitude = stored.latitude;
  draft.longitude = stored.longitude;
  const built = buildRecord(draft);
  if ("skip" in built) throw new Error(`stored reference record no longer builds: ${built.skip}`);
  built.record.original = stored.original;
  return built.record;
}
