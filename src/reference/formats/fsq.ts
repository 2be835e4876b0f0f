/**
 * Foursquare OS Places (`fsq_place_id, name, latitude, longitude, address, locality, region,
 * postcode, country, tel, website, email, facebook_id, instagram, twitter, fsq_category_ids,
 * fsq_category_labels, date_created, date_refreshed, date_closed`) → ReferenceDraft. A record with
 * `date_closed` is closed. Parquet, JSONL or CSV rows with those columns.
 */
import type { ReferenceDraft } from "../build-record.js";
import { listOf, plainObject } from "./plain-value.js";

export function fsqDraft(row: Record<string, unknown>, fromJson = false): ReferenceDraft {
  const closed = row.date_closed !== null && row.date_closed !== undefined && row.date_closed !== "";
  const facebook =
    row.facebook_id === null || row.facebook_id === undefined ? undefined : String(row.facebook_id);
  return {
    id: row.fsq_place_id,
    name: row.name,
    latitude: row.latitude,
    longitude: row.longitude,
    streetLine: row.address,
    city: row.locality,
    state: row.region,
    postcode: row.postcode,
    country: row.country,
    phones: listOf(row.tel),
    websites: listOf(row.website),
    emails: listOf(row.email),
    socialHandles: { facebook, instagram: row.instagram ?? undefined },
    categoryLabels: listOf(row.fsq_category_labels),
    categoryIds: listOf(row.fsq_category_ids),
    status: closed ? "closed" : null,
    dateClosed: row.date_closed,
    dateRefreshed: row.date_refreshed,
    dateCreated: row.date_created,
    original: fromJson ? row : plainObject(row),
  };
}

export function fsqBboxWhere(b: { west: number; south: number; east: number; north: number }): string {
  return `longitude BETWEEN ${b.west} AND ${b.east} AND latitude BETWEEN ${b.south} AND ${b.north}`;
}
