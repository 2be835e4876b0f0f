/**
 * Overture Maps places (schema `places/place`, releases 2024–2026) → ReferenceDraft. Reads the
 * GeoParquet columns (geometry WKB, `bbox`, nested `names`, `categories` / `taxonomy`, `addresses`,
 * `websites`, `phones`, `socials`, `emails`, `brand`, `sources`, `operating_status`, `confidence`)
 * and the same fields in JSONL / GeoJSON exports (GeoJSON geometry or `latitude`/`longitude` there).
 * The newest `sources[].update_time` is the record's refresh date.
 */

import { lookupTable } from "../../lookup-table.js";
import type { ReferenceDraft } from "../build-record.js";
import type { OperatingStatus } from "../record.js";
import { field, listOf, plainObject } from "./plain-value.js";
import { wkbPoint } from "./wkb.js";

const STATUS: Readonly<Record<string, OperatingStatus>> = lookupTable({
  open: "open",
  permanently_closed: "closed",
  closed: "closed",
  temporarily_closed: "temporarily_closed",
});

/** Point of a GeoJSON geometry (Point, or the mean of a polygon's first ring). */
export function geoJsonPoint(geometry: unknown): { lat: number; lng: number } | null {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (!g || typeof g !== "object") return null;
  if (g.type === "Point" && Array.isArray(g.coordinates)) {
    const [x, y] = g.coordinates as number[];
    return typeof x === "number" && typeof y === "number" ? { lat: y, lng: x } : null;
  }
  const flat: number[][] = [];
  const walk = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === "number") flat.push(c as number[]);
    else if (Array.isArray(c)) for (const x of c) walk(x);
  };
  walk(g.coordinates);
  if (flat.length === 0) return null;
  const lng = flat.reduce((s, p) => s + (p[0] ?? 0), 0) / flat.length;
  const lat = flat.reduce((s, p) => s + (p[1] ?? 0), 0) / flat.length;
  return { lat, lng };
}

function locate(row: Record<string, unknown>): { lat: unknown; lng: unknown } {
  const g = row.geometry;
  if (g instanceof Uint8Array) {
    const p = wkbPoint(g);
    if (p) return { lat: p.lat, lng: p.lng };
  } else if (g && typeof g === "object") {
    const p = geoJsonPoint(g);
    if (p) return { lat: p.lat, lng: p.lng };
  }
  if (row.latitude !== undefined || row.lat !== undefined)
    return { lat: row.latitude ?? row.lat, lng: row.longitude ?? row.lon ?? row.lng };
  const xmin = field(row, "bbox", "xmin");
  const xmax = field(row, "bbox", "xmax");
  const ymin = field(row, "bbox", "ymin");
  const ymax = field(row, "bbox", "ymax");
  if ([xmin, xmax, ymin, ymax].every((v) => typeof v === "number"))
    return { lat: ((ymin as number) + (ymax as number)) / 2, lng: ((xmin as number) + (xmax as number)) / 2 };
  return { lat: null, lng: null };
}

function commonNames(names: unknown): unknown[] {
  const out: unknown[] = [];
  const common = field(names, "common");
  if (common && typeof common === "object") {
    // A map language → name: parquet gives [{key, value}] or an object.
    if (Array.isArray(common)) for (const e of common) out.push(field(e, "value"));
    else out.push(...Object.values(common as Record<string, unknown>));
  }
  for (const rule of listOf(field(names, "rules"))) {
    if (field(rule, "variant") === "alternate" || field(rule, "variant") === "common")
      out.push(field(rule, "value"));
  }
  return out;
}

function newest(sources: unknown[]): string | null {
  let best: string | null = null;
  for (const s of sources) {
    const t = field(s, "update_time");
    if (typeof t === "string" && (best === null || t > best)) best = t;
  }
  return best;
}

export function overtureDraft(input: Record<string, unknown>, fromJson = false): ReferenceDraft {
  // GeoJSON features keep the fields under `properties`.
  const row =
    input.type === "Feature" && input.properties && typeof input.properties === "object"
      ? {
          ...(input.properties as Record<string, unknown>),
          geometry: input.geometry,
          id: input.id ?? (input.properties as Record<string, unknown>).id,
        }
      : input;
  const { lat, lng } = locate(row);
  const address = listOf(row.addresses)[0];
  const categories = [
    field(row, "categories", "primary"),
    ...listOf(field(row, "categories", "alternate")),
    field(row, "taxonomy", "primary"),
    ...listOf(field(row, "taxonomy", "alternates")),
  ].filter((c) => typeof c === "string");
  const status = typeof row.operating_status === "string" ? (STATUS[row.operating_status] ?? null) : null;
  // The original fields: the row without its geometry. A row without one is its own original (no
  // copy; a JSON line's text can then be stored as is, see rebuildable-doc.ts).
  let rest = row;
  if ("geometry" in row) {
    const { geometry: _g, ...others } = row;
    rest = others;
  }
  return {
    id: row.id,
    name: field(row, "names", "primary") ?? row.name,
    altNames: commonNames(row.names),
    latitude: lat,
    longitude: lng,
    streetLine: field(address, "freeform"),
    city: field(address, "locality"),
    state: field(address, "region"),
    postcode: field(address, "postcode"),
    country: field(address, "country"),
    phones: listOf(row.phones),
    websites: listOf(row.websites),
    emails: listOf(row.emails),
    socials: listOf(row.socials),
    categories,
    brandName: field(row, "brand", "names", "primary"),
    brandWikidata: field(row, "brand", "wikidata"),
    status,
    dateRefreshed: newest(listOf(row.sources)),
    confidence: row.confidence,
    original: fromJson ? rest : plainObject(rest),
  };
}

/** The --bbox condition on Overture's `bbox` column, for the parquet scan. */
export function overtureBboxWhere(b: { west: number; south: number; east: number; north: number }): string {
  return `bbox.xmax >= ${b.west} AND bbox.xmin <= ${b.east} AND bbox.ymax >= ${b.south} AND bbox.ymin <= ${b.north}`;
}
