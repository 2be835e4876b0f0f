/**
 * The point of a WKB geometry (what GeoParquet's `geometry` column holds): a Point's coordinates; a
 * LineString's or a Polygon's outer ring's vertex mean; for a Multi* or collection, the first member's
 * point (Overture places are points; OSM-derived files may hold polygons). Both byte orders, ISO
 * (1000s) and EWKB (flag bits, SRID) dimension encodings. Null when unreadable.
 */
import type { LatLng } from "../../enrich/normalize/coordinates.js";

interface Cursor {
  view: DataView;
  offset: number;
}

function readGeometry(c: Cursor): LatLng | null {
  const little = c.view.getUint8(c.offset) === 1;
  const raw = c.view.getUint32(c.offset + 1, little);
  c.offset += 5;
  if (raw & 0x20000000) c.offset += 4; // EWKB SRID
  const iso = raw & 0xffff;
  const type = iso % 1000;
  const isoDims = Math.floor(iso / 1000);
  const dims =
    2 +
    ((raw & 0x80000000) !== 0 || isoDims === 1 || isoDims === 3 ? 1 : 0) +
    ((raw & 0x40000000) !== 0 || isoDims === 2 || isoDims === 3 ? 1 : 0);
  const u32 = () => {
    const v = c.view.getUint32(c.offset, little);
    c.offset += 4;
    return v;
  };
  const points = (n: number): LatLng | null => {
    let x = 0;
    let y = 0;
    for (let i = 0; i < n; i++) {
      x += c.view.getFloat64(c.offset, little);
      y += c.view.getFloat64(c.offset + 8, little);
      c.offset += dims * 8;
    }
    return n > 0 ? { lat: y / n, lng: x / n } : null;
  };
  switch (type) {
    case 1:
      return points(1);
    case 2:
      return points(u32());
    case 3: {
      const rings = u32();
      return rings > 0 ? points(u32()) : null;
    }
    case 4:
    case 5:
    case 6:
    case 7:
      return u32() > 0 ? readGeometry(c) : null;
    default:
      return null;
  }
}

export function wkbPoint(bytes: Uint8Array | null | undefined): LatLng | null {
  if (!bytes || bytes.length < 21) return null;
  try {
    const p = readGeometry({
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      offset: 0,
    });
    return p &&
      Number.isFinite(p.lat) &&
      Number.isFinite(p.lng) &&
      Math.abs(p.lat) <= 90 &&
      Math.abs(p.lng) <= 180
      ? p
      : null;
  } catch {
    return null;
  }
}
