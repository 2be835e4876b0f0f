/**
 * One ReferenceRow → the column values both stores write, and back: the light key columns every
 * candidate is scored with, and the full record as a JSON document read only for the chosen ones.
 * An import's rows (import-chunk.ts) store a rebuildable document instead (rebuildable-doc.ts: the
 * core the import computed and the original fields, the rest completed on read); decodeDoc reads both.
 *
 * The document is compact (encodeDoc): null fields, empty lists and empty objects are left out and
 * restored on read (decodeDoc), which older full documents pass through unchanged. Measured on the
 * shipped 3,082 real Overture places: 1,727 bytes a record in full, 1,425 compact (the dataset's
 * original fields, kept verbatim for the `*_original` outputs, are 869 of them). Compressing each
 * document was measured and left out: deflate-raw at level 1 (with or without a preset dictionary of
 * Overture's field names) or brotli at quality 1 brings it to 460–730 bytes but costs 28–65 µs per
 * record to write and ~50 µs to read (a zlib context per call), more CPU than the whole rest of the
 * write path on a 2-core machine.
 */

import type { AddressObject } from "../../enrich/normalize/address-fields.js";
import { ADDRESS_KEYS } from "../../enrich/normalize/address-fields.js";
import type { MatchKeys } from "../match/match-keys.js";
import { isRebuildableDoc, rebuildRecord } from "../rebuildable-doc.js";
import type { ReferenceFormat, ReferenceRecord } from "../record.js";
import { spatialKey } from "./geo-box.js";
import type { ReferenceCandidate, ReferenceRow } from "./port.js";

export interface RowColumns {
  recordId: string;
  sortKey: number;
  doc: string;
  lat: number | null;
  lon: number | null;
  nameKey: string;
  /** E.164 numbers separated by spaces, or null. */
  phones: string | null;
  domain: string | null;
  house: string | null;
  streetKey: string | null;
  postcode: string | null;
  cityKey: string | null;
  category: string | null;
}

/** Record fields that are lists (restored as [] when absent from a compact document). */
const LIST_FIELDS = [
  "altNames",
  "phones",
  "websites",
  "categories",
  "sourceCategoryLabels",
  "sourceCategoryIds",
  "emails",
] as const;
/** Record fields that may be null (restored as null when absent). */
const NULLABLE_FIELDS = [
  "latitude",
  "longitude",
  "address",
  "domain",
  "brandName",
  "brandWikidata",
  "status",
  "dateClosed",
  "dateRefreshed",
  "dateCreated",
  "openingHours",
  "confidence",
] as const;

/**
 * The record as a compact JSON document: its null fields, empty lists, empty socials and the
 * address's null parts left out. `original` (the dataset's own fields) is kept exactly as read.
 */
export function encodeDoc(record: ReferenceRecord): string {
  const out: Record<string, unknown> = {};
  for (const key in record) {
    const value = record[key as keyof ReferenceRecord];
    if (value === null || key === "original") continue;
    if (Array.isArray(value)) {
      if (value.length > 0) out[key] = value;
    } else if (key === "address") {
      const address: Record<string, string> = {};
      for (const k of ADDRESS_KEYS) {
        const part = (value as AddressObject)[k];
        if (part !== null) address[k] = part;
      }
      out.address = address;
    } else if (key === "socials") {
      if (Object.keys(value as object).length > 0) out.socials = value;
    } else out[key] = value;
  }
  if (Object.keys(record.original).length > 0) out.original = record.original;
  return JSON.stringify(out);
}

/**
 * A stored document → the record with every field present: a rebuildable one (an import's: the
 * original fields, rebuildable-doc.ts) built again as its `format` reads it, a compact or full one
 * restored.
 */
export function decodeDoc(doc: string, format: ReferenceFormat): ReferenceRecord {
  if (isRebuildableDoc(doc)) return rebuildRecord(doc, format);
  const r = JSON.parse(doc) as Record<string, unknown>;
  for (const f of LIST_FIELDS) r[f] ??= [];
  for (const f of NULLABLE_FIELDS) r[f] ??= null;
  r.socials ??= {};
  r.original ??= {};
  if (r.address) {
    const a = r.address as Record<string, unknown>;
    for (const k of ADDRESS_KEYS) a[k] ??= null;
  }
  return r as unknown as ReferenceRecord;
}

/** A full record and its keys → its columns (the document: encodeDoc). */
export function rowColumns(row: ReferenceRow): RowColumns {
  return keyColumns(row.record, row.keys, encodeDoc(row.record));
}

/** A record's id and coordinates, its match keys and its stored document → its columns. */
export function keyColumns(
  record: { id: string; latitude: number | null; longitude: number | null },
  keys: MatchKeys,
  doc: string,
): RowColumns {
  return {
    recordId: record.id,
    sortKey: spatialKey(record.latitude, record.longitude),
    doc,
    lat: record.latitude,
    lon: record.longitude,
    nameKey: keys.nameKey,
    phones: keys.phones.length > 0 ? keys.phones.join(" ") : null,
    domain: keys.domain,
    house: keys.house,
    streetKey: keys.streetKey,
    postcode: keys.postcode,
    cityKey: keys.cityKey,
    category: keys.category,
  };
}

/**
 * Rows ready for a store, column by column: what an import thread hands the importing thread (arrays
 * of strings and numbers clone far cheaper than one object per row), and what `ReferenceImport.add`
 * takes. Every array has one entry per row.
 */
export type StagedRows = { [K in keyof RowColumns]: RowColumns[K][] };

/** The staging order of the columns (both stores' staging tables have them in this order). */
export const STAGED_FIELDS = [
  "sortKey",
  "recordId",
  "doc",
  "lat",
  "lon",
  "nameKey",
  "phones",
  "domain",
  "house",
  "streetKey",
  "postcode",
  "cityKey",
  "category",
] as const satisfies ReadonlyArray<keyof RowColumns>;

export function emptyStagedRows(): StagedRows {
  return Object.fromEntries(STAGED_FIELDS.map((f) => [f, []])) as unknown as StagedRows;
}

export function stagedCount(rows: StagedRows): number {
  return rows.recordId.length;
}

/** Appends one row's columns. */
export function pushColumns(rows: StagedRows, c: RowColumns): void {
  for (const f of STAGED_FIELDS) (rows[f] as unknown[]).push(c[f]);
}

/** ReferenceRows → StagedRows (normalization already done; this only encodes the columns). */
export function stageRows(rows: readonly ReferenceRow[]): StagedRows {
  const out = emptyStagedRows();
  for (const row of rows) pushColumns(out, rowColumns(row));
  return out;
}

/** The rows whose index `keep` accepts, in order. */
export function filterStaged(rows: StagedRows, keep: (i: number) => boolean): StagedRows {
  const out = emptyStagedRows();
  const n = stagedCount(rows);
  for (let i = 0; i < n; i++)
    if (keep(i)) for (const f of STAGED_FIELDS) (out[f] as unknown[]).push(rows[f][i]);
  return out;
}

/** The key columns' names, in the order both stores select them. */
export const KEY_COLUMNS =
  "pk, lat, lon, name_key, phones, domain, house, street_key, postcode, city_key, category";

/** Shared by every candidate without a phone (most): one array fewer per candidate; never mutated. */
const NO_PHONES: string[] = [];

/**
 * The stored phones column (E.164 numbers separated by spaces, or null) as a list. A single number
 * (the usual case for a record with a phone) skips split(), which costs ~0.35 µs a candidate (measured decoding ~300 candidates
 * per job: 1.4 → 1.05 µs each with JSON.parse).
 */
function phoneList(phones: string | null): string[] {
  if (!phones) return NO_PHONES;
  return phones.indexOf(" ") < 0 ? [phones] : phones.split(" ");
}

export function candidateFromRow(r: Record<string, unknown>): ReferenceCandidate {
  const phones = r.phones as string | null;
  return {
    pk: Number(r.pk),
    latitude: (r.lat as number | null) ?? null,
    longitude: (r.lon as number | null) ?? null,
    nameKey: r.name_key as string,
    phones: phoneList(phones),
    domain: (r.domain as string | null) ?? null,
    house: (r.house as string | null) ?? null,
    streetKey: (r.street_key as string | null) ?? null,
    postcode: (r.postcode as string | null) ?? null,
    cityKey: (r.city_key as string | null) ?? null,
    category: (r.category as string | null) ?? null,
  };
}

/** A candidate from a raw row: the query index first, then KEY_COLUMNS in order (no per-row object keys). */
export function candidateFromArray(r: readonly unknown[]): ReferenceCandidate {
  const phones = r[5] as string | null;
  return {
    pk: Number(r[1]),
    latitude: (r[2] as number | null) ?? null,
    longitude: (r[3] as number | null) ?? null,
    nameKey: r[4] as string,
    phones: phoneList(phones),
    domain: (r[6] as string | null) ?? null,
    house: (r[7] as string | null) ?? null,
    streetKey: (r[8] as string | null) ?? null,
    postcode: (r[9] as string | null) ?? null,
    cityKey: (r[10] as string | null) ?? null,
    category: (r[11] as string | null) ?? null,
  };
}

/**
 * The columns of a partial candidate (see ReferenceCandidate.partial), in the order
 * candidatesFromJson reads them: what the cheap pass scores every candidate with.
 */
export const LIGHT_KEY_COLUMNS = "pk, lat, lon, name_key, phones, domain, house";

/** The columns completeCandidates adds, after the pk. */
export const DETAIL_KEY_COLUMNS = "pk, street_key, postcode, city_key, category";

/**
 * Partial candidates from one JSON text: a list of LIGHT_KEY_COLUMNS value lists (what SQLite's
 * `json_group_array` of `json_array(...)` returns; its REALs are written with 17 significant digits,
 * so coordinates read back exactly). One string per job crosses from SQLite to JavaScript instead of
 * ~300 rows: better-sqlite3 spends ~1.3 µs handing over each row, JSON.parse far less. Measured on the
 * 1M-place bench index (bare lookup per CPU-second, same runs): rows of 11 columns 530–600, one JSON
 * list of 11 columns 720, of these 7 840.
 */
export function candidatesFromJson(text: string): ReferenceCandidate[] {
  const rows = JSON.parse(text) as unknown[][];
  const out = new Array<ReferenceCandidate>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const phones = r[4] as string | null;
    out[i] = {
      pk: r[0] as number,
      latitude: r[1] as number | null,
      longitude: r[2] as number | null,
      nameKey: r[3] as string,
      phones: phoneList(phones),
      domain: r[5] as string | null,
      house: r[6] as string | null,
      streetKey: null,
      postcode: null,
      cityKey: null,
      category: null,
      partial: true,
    };
  }
  return out;
}

/**
 * Fills the partial candidates among `candidates` in place from `rows` (DETAIL_KEY_COLUMNS value lists,
 * any order); a candidate whose pk has no row stays partial.
 */
export function completeFromRows(
  candidates: readonly ReferenceCandidate[],
  rows: readonly unknown[][],
): void {
  const byPk = new Map<number, readonly unknown[]>();
  for (const r of rows) byPk.set(Number(r[0]), r);
  for (const c of candidates) {
    if (!c.partial) continue;
    const r = byPk.get(c.pk);
    if (!r) continue;
    c.streetKey = (r[1] as string | null) ?? null;
    c.postcode = (r[2] as string | null) ?? null;
    c.cityKey = (r[3] as string | null) ?? null;
    c.category = (r[4] as string | null) ?? null;
    c.partial = false;
  }
}

/** The pks of the partial candidates among `candidates`, each once. */
export function partialPks(candidates: readonly ReferenceCandidate[]): number[] {
  const pks = new Set<number>();
  for (const c of candidates) if (c.partial) pks.add(c.pk);
  return [...pks];
}

/** FTS / tsquery-safe tokens: the name key's words are [a-z0-9]+ already; anything else is dropped. */
export function safeTokens(tokens: readonly string[]): string[] {
  return tokens.filter((t) => /^[a-z0-9]+$/.test(t));
}

/**
 * Appends to `out[i]` the records a name search found by the job's address (`byAddress`), each
 * once and none it already holds from the name ranking: `rows` are [query index, candidate].
 */
export function appendByAddress(
  out: ReferenceCandidate[][],
  rows: Iterable<readonly [number, ReferenceCandidate]>,
): void {
  const have = new Map<number, Set<number>>();
  for (const [i, c] of rows) {
    let pks = have.get(i);
    if (!pks) {
      pks = new Set(out[i]!.map((x) => x.pk));
      have.set(i, pks);
    }
    if (pks.has(c.pk)) continue;
    pks.add(c.pk);
    c.byAddress = true;
    out[i]!.push(c);
  }
}
