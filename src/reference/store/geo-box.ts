/**
 * Geometry helpers of the reference indexes: the lat/lon box around a point (what the R*Tree and the
 * PostgreSQL GiST point index are queried with; the exact distance is checked afterwards) and the spatial sort
 * key records are loaded in, so that places near each other sit on the same pages.
 */

const METRES_PER_DEGREE = 111_320;

export interface Box {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/** The box holding every point within `radiusM` of (lat, lon); clamped at the poles, not wrapped at ±180°. */
export function boxAround(lat: number, lon: number, radiusM: number): Box {
  const dLat = radiusM / METRES_PER_DEGREE;
  const cos = Math.max(0.01, Math.cos((lat * Math.PI) / 180));
  const dLon = radiusM / (METRES_PER_DEGREE * cos);
  return {
    minLat: Math.max(-90, lat - dLat),
    maxLat: Math.min(90, lat + dLat),
    minLon: Math.max(-180, lon - dLon),
    maxLon: Math.min(180, lon + dLon),
  };
}

function spread16(v: number): number {
  let x = v & 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

/**
 * Z-order (Morton) key of a point on a 65,536 × 65,536 grid (cells ~600 m × 300 m at the equator),
 * 0..2^32-1; records without coordinates get 2^32 (they sort last).
 */
export function spatialKey(lat: number | null, lon: number | null): number {
  if (lat === null || lon === null) return 2 ** 32;
  const y = Math.min(65535, Math.max(0, Math.floor(((lat + 90) / 180) * 65536)));
  const x = Math.min(65535, Math.max(0, Math.floor(((lon + 180) / 360) * 65536)));
  return (spread16(x) | (spread16(y) << 1)) >>> 0;
}
