/**
 * One ReferenceRow → the column values both stores write, and back: the light key columns every
 * candidate is scored with, and the full record as a JSON document read only for the chosen ones.
 */

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

export function rowColumns(row: ReferenceRow): RowColumns {
  const { record, keys } = row;
  return {
    recordId: record.id,
    sortKey: spatialKey(record.latitude, record.longitude),
    doc: JSON.stringify(record),
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

/** The key columns' names, in the order both stores select them. */
export const KEY_COLUMNS =
  "pk, lat, lon, name_key, phones, domain, house, street_key, postcode, city_key, category";

/** Shared by every candidate without a phone (most): one array fewer per candidate; never mutated. */
const NO_PHONES: string[] = [];

export function candidateFromRow(r: Record<string, unknown>): ReferenceCandidate {
  const phones = r.phones as string | null;
  return {
    pk: Number(r.pk),
    latitude: (r.lat as number | null) ?? null,
    longitude: (r.lon as number | null) ?? null,
    nameKey: r.name_key as string,
    phones: phones ? phones.split(" ") : NO_PHONES,
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
    phones: phones ? phones.split(" ") : NO_PHONES,
    domain: (r[6] as string | null) ?? null,
    house: (r[7] as string | null) ?? null,
    streetKey: (r[8] as string | null) ?? null,
    postcode: (r[9] as string | null) ?? null,
    cityKey: (r[10] as string | null) ?? null,
    category: (r[11] as string | null) ?? null,
  };
}

/** FTS / tsquery-safe tokens: the name key's words are [a-z0-9]+ already; anything else is dropped. */
export function safeTokens(tokens: readonly string[]): string[] {
  return tokens.filter((t) => /^[a-z0-9]+$/.test(t));
}
