/** Coordinates from `latitude`/`longitude` or a WKT `POINT(lon lat)` string. */

export interface LatLng {
  lat: number;
  lng: number;
}

function toNumber(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(v)) return Number(v);
  return null;
}

function inRange(lat: number, lng: number): boolean {
  return lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180;
}

/** Both numbers (or numeric strings) in range, else null. */
export function parseLatLng(latitude: unknown, longitude: unknown): LatLng | null {
  const lat = toNumber(latitude);
  const lng = toNumber(longitude);
  if (lat === null || lng === null || !inRange(lat, lng)) return null;
  return { lat, lng };
}

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const WKT_POINT = new RegExp(
  String.raw`^\s*(?:SRID\s*=\s*\d+\s*;\s*)?POINT\s*(?:Z|M|ZM)?\s*\(\s*(${NUM})\s+(${NUM})(?:\s+${NUM}){0,2}\s*\)\s*$`,
  "i",
);

/** `POINT(lon lat)` (case-insensitive, any spacing, optional SRID prefix and Z/M values). */
export function parseWktPoint(wkt: unknown): LatLng | null {
  if (typeof wkt !== "string" || wkt.length > 500) return null;
  const m = WKT_POINT.exec(wkt);
  if (!m) return null;
  const lng = Number(m[1]);
  const lat = Number(m[2]);
  return Number.isFinite(lat) && Number.isFinite(lng) && inRange(lat, lng) ? { lat, lng } : null;
}

/** Great-circle distance in metres. */
export function haversineMetres(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}
