/**
 * Web Mercator for the places map: coordinates to the plane, a view fitted to the places' bounds,
 * and the map tiles (z/x/y) behind that view when a tile URL is configured.
 */
export interface MapPoint {
  lat: number;
  lng: number;
}

const TILE = 256;
const MAX_LAT = 85.05112878;

/** World pixel coordinates at zoom 0 (0..256). */
export function project({ lat, lng }: MapPoint): { x: number; y: number } {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return {
    x: ((lng + 180) / 360) * TILE,
    y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * TILE,
  };
}

/** The input coordinates of a job result: latitude/longitude, else a WKT point; null without either. */
export function placePoint(inputs: Record<string, unknown> | undefined): MapPoint | null {
  if (!inputs) return null;
  const { latitude, longitude, wkt_geometry } = inputs;
  if (typeof latitude === "number" && typeof longitude === "number") return { lat: latitude, lng: longitude };
  if (typeof wkt_geometry === "string") {
    const match = /^\s*POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)\s*$/i.exec(wkt_geometry);
    if (match) return { lat: Number(match[2]), lng: Number(match[1]) };
  }
  return null;
}

export interface MapView {
  /** Zoom level (integer, for tiles) and the world pixel at the view's top left at that zoom. */
  zoom: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The largest integer zoom (≤ 18) at which every point fits in width × height with a margin. */
export function fitView(points: MapPoint[], width: number, height: number, margin = 24): MapView {
  const projected = points.map(project);
  const xs = projected.map((p) => p.x);
  const ys = projected.map((p) => p.y);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  let zoom = 18;
  while (zoom > 0) {
    const scale = 2 ** zoom;
    if ((maxX - minX) * scale <= width - 2 * margin && (maxY - minY) * scale <= height - 2 * margin) break;
    zoom--;
  }
  const scale = 2 ** zoom;
  return {
    zoom,
    left: ((minX + maxX) / 2) * scale - width / 2,
    top: ((minY + maxY) / 2) * scale - height / 2,
    width,
    height,
  };
}

/** A point's position in the view. */
export function toView(view: MapView, point: MapPoint): { x: number; y: number } {
  const { x, y } = project(point);
  const scale = 2 ** view.zoom;
  return { x: x * scale - view.left, y: y * scale - view.top };
}

/** The tiles covering the view: their URLs and positions in it. */
export function tilesOf(
  view: MapView,
  template: string,
): Array<{ href: string; x: number; y: number; size: number }> {
  const count = 2 ** view.zoom;
  const tiles = [];
  for (let ty = Math.floor(view.top / TILE); ty * TILE < view.top + view.height; ty++) {
    if (ty < 0 || ty >= count) continue;
    for (let tx = Math.floor(view.left / TILE); tx * TILE < view.left + view.width; tx++) {
      const wrapped = ((tx % count) + count) % count;
      const href = template
        .replace("{z}", String(view.zoom))
        .replace("{x}", String(wrapped))
        .replace("{y}", String(ty));
      tiles.push({ href, x: tx * TILE - view.left, y: ty * TILE - view.top, size: TILE });
    }
  }
  return tiles;
}
