/**
 * The operator's own file (`jsonl`, `csv`, `geojson`): one place per row with the documented columns
 *
 *   id, name, latitude, longitude, full_address, street, house, city, state, postcode, country,
 *   phones, websites, categories, emails, socials, brand, operating_status, opening_hours
 *
 * List columns (phones, websites, categories, emails, socials) are JSON arrays, or strings separated
 * by `;` or `|` (CSV). `operating_status`: open | closed | permanently_closed | temporarily_closed.
 * GeoJSON: Point features with these properties (latitude/longitude from the geometry).
 */

import { lookupTable } from "../../lookup-table.js";
import type { ReferenceDraft } from "../build-record.js";
import type { OperatingStatus } from "../record.js";
import { geoJsonPoint } from "./overture.js";
import { listOf, plainObject } from "./plain-value.js";

export const FLAT_COLUMNS = [
  "id",
  "name",
  "latitude",
  "longitude",
  "full_address",
  "street",
  "house",
  "city",
  "state",
  "postcode",
  "country",
  "phones",
  "websites",
  "categories",
  "emails",
  "socials",
  "brand",
  "operating_status",
  "opening_hours",
] as const;

const STATUS: Readonly<Record<string, OperatingStatus>> = lookupTable({
  open: "open",
  closed: "closed",
  permanently_closed: "closed",
  temporarily_closed: "temporarily_closed",
});

export function flatDraft(input: Record<string, unknown>, fromJson = false): ReferenceDraft {
  let row = input;
  let lat: unknown = input.latitude;
  let lng: unknown = input.longitude;
  if (input.type === "Feature") {
    row = { ...((input.properties ?? {}) as Record<string, unknown>) };
    row.id ??= input.id;
    const p = geoJsonPoint(input.geometry);
    lat = row.latitude ?? p?.lat;
    lng = row.longitude ?? p?.lng;
  }
  const status = typeof row.operating_status === "string" ? row.operating_status.trim().toLowerCase() : "";
  const empty = (v: unknown) => (v === "" ? undefined : v);
  return {
    id: row.id,
    name: row.name,
    latitude: empty(lat),
    longitude: empty(lng),
    fullAddress: row.full_address,
    street: empty(row.street),
    house: row.house,
    city: row.city,
    state: row.state,
    postcode: row.postcode,
    country: row.country,
    phones: listOf(row.phones),
    websites: listOf(row.websites),
    categories: listOf(row.categories),
    emails: listOf(row.emails),
    socials: listOf(row.socials),
    brandName: row.brand,
    status: STATUS[status] ?? null,
    openingHours: row.opening_hours,
    original: fromJson ? row : plainObject(row),
  };
}
