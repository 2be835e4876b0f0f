/**
 * The point of a WKB geometry (what GeoParquet's `geometry` column holds): a Point's coordinates, or
 * for any other type the mean of its vertices (Overture places are points; OSM-derived files may
 * hold polygons). Handles both byte orders and the ISO / EWKB Z and M flags. Null when unreadable.
 */
import type { LatLng } from "../../enrich/normalize/coordinates.js";

export function wkbPoint(bytes: Uint8Array | null | undefined): LatLng | null {
  if (!bytes || bytes.length < 21) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const little = view.getUint8(0) === 1;
    const rawType = view.getUint32(1, little);
    const hasSrid = (rawType & 0x20000000) !== 0;
    const ewkbZ = (rawType & 0x80000000) !== 0;
    const ewkbM = (rawType & 0x40000000) !== 0;
    const iso = rawType & 0xffff;
    const type = iso % 1000;
    const dims =
      2 +
      (ewkbZ || Math.floor(iso / 1000) === 1 || Math.floor(iso / 1000) === 3 ? 1 : 0) +
      (ewkbM || Math.floor(iso / 1000) === 2 || Math.floor(iso / 1000) === 3 ? 1 : 0);
    const start = 5 + (hasSrid ? 4 : 0);
    if (type === 1) {
      const x = view.getFloat64(start, little);
      const y = view.getFloat64(start + 8, little);
      return Number.isFinite(x) && Number.isFinite(y) ? { lat: y, lng: x } : null;
    }
    // Other geometries: average every coordinate pair after the header (good enough for a POI).
    let sumX = 0;
    let sumY = 0;
    let n = 0;
    const stride = dims * 8;
    for (let off = bytes.length - stride; off >= start; off -= stride) {
      const x = view.getFloat64(off, little);
      const y = view.getFloat64(off + 8, little);
      if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) break;
      sumX += x;
      sumY += y;
      n++;
    }
    return n > 0 ? { lat: sumY / n, lng: sumX / n } : null;
  } catch {
    return null;
  }
}
