/**
 * The stored document of an imported row whose full record is completed from the dataset's own
 * fields when read: `{"rebuild":2,"core":{…},"original":{…}}`. An import computes only what matching
 * needs (build-record.ts buildCore: id, name, coordinates, address, E.164 phones, domain, category
 * codes — the match keys' inputs) and stores it with the row's original fields, which it keeps
 * anyway for the `*_original` outputs; the rest of the normalized record (websites, social handles,
 * emails, other names, dates, brand, …) is computed, by the same code, for the few records a job
 * matches (getRecords: at most one per job and source). Storing the core rather than rebuilding it
 * too: rebuilding the whole record cost ~155 µs more per record read (phones and address parsing
 * again), which made matching 17 % slower in CPU on a sparse index (docs/reference-data.md).
 *
 * OSM rows are not rebuildable (their `original` is a summary of the element, not the draft's input)
 * and keep the full document (row-columns.ts encodeDoc).
 */
import { ADDRESS_KEYS, type AddressObject } from "../enrich/normalize/address-fields.js";
import { completeRecord, type RecordCore } from "./build-record.js";
import { draftFromRow } from "./formats/open-reference-file.js";
import type { ReferenceFormat, ReferenceRecord } from "./record.js";

const REBUILDABLE: ReadonlySet<ReferenceFormat> = new Set(["overture", "fsq", "jsonl", "csv", "geojson"]);

/** Whether an import of `format` stores rebuildable documents. */
export function rebuildable(format: ReferenceFormat): boolean {
  return REBUILDABLE.has(format);
}

const PREFIX = '{"rebuild":2,';

/** The core without its null address parts (restored on read). */
function compactCore(core: RecordCore): string {
  if (!core.address) return JSON.stringify(core);
  const address: Record<string, string> = {};
  for (const k of ADDRESS_KEYS) {
    const part = core.address[k];
    if (part !== null) address[k] = part;
  }
  return JSON.stringify({ ...core, address });
}

/**
 * The document of one row: its core (what the import computed for the match keys) and its original
 * fields. `originalText`: the original fields as JSON text already (the row's own line of a
 * JSON-lines file, when `original` is that line's object), written as is — no JSON.stringify of what
 * was just parsed.
 */
export function encodeRebuildableDoc(
  core: RecordCore,
  original: Record<string, unknown>,
  originalText: string | null,
): string {
  return `${PREFIX}"core":${compactCore(core)},"original":${originalText ?? JSON.stringify(original)}}`;
}

export function isRebuildableDoc(doc: string): boolean {
  return doc.startsWith(PREFIX);
}

/**
 * A rebuildable document → the full record, as an import of the same row would have built it: the
 * stored core, completed from the draft of the stored original fields (build-record.ts
 * completeRecord: websites, social handles, emails, other names, dates, …).
 */
export function rebuildRecord(doc: string, format: ReferenceFormat): ReferenceRecord {
  const stored = JSON.parse(doc) as { core: RecordCore; original: Record<string, unknown> };
  const core = stored.core;
  if (core.address) {
    const a = core.address as Partial<AddressObject>;
    core.address = Object.fromEntries(ADDRESS_KEYS.map((k) => [k, a[k] ?? null])) as AddressObject;
  }
  const record = completeRecord(draftFromRow(stored.original, format), core);
  record.original = stored.original;
  return record;
}
