/**
 * The places of a batch on a map: their input coordinates in Web Mercator, fitted to their bounds.
 * Without a tile URL (the default: nothing is fetched from elsewhere) a graticule stands in for the
 * base map; with DASHBOARD_TILE_URL the tiles are drawn behind.
 */
import type { PlaceJobResult } from "../../../src/client/index.js";
import { fitView, type MapPoint, placePoint, tilesOf, toView } from "../lib/places-map.js";

const WIDTH = 800;
const HEIGHT = 420;

export function PlaceMap(props: { jobs: PlaceJobResult[]; tileUrl: string | null; total: number }) {
  const placed = props.jobs
    .map((job) => ({ job, point: placePoint(job.inputs as Record<string, unknown>) }))
    .filter((p): p is { job: PlaceJobResult; point: MapPoint } => p.point !== null);
  if (placed.length === 0) {
    return <p class="muted">No place of this batch has coordinates to draw.</p>;
  }
  const view = fitView(
    placed.map((p) => p.point),
    WIDTH,
    HEIGHT,
  );
  const tiles = props.tileUrl ? tilesOf(view, props.tileUrl) : [];
  const grid = graticule(view);
  return (
    <figure class="map">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Map of ${placed.length} places${props.total > props.jobs.length ? ` (the first ${props.jobs.length} of ${props.total})` : ""}`}
      >
        <rect width={WIDTH} height={HEIGHT} class="map-sea" />
        {tiles.map((tile) => (
          <image
            key={tile.href}
            href={tile.href}
            x={tile.x}
            y={tile.y}
            width={tile.size}
            height={tile.size}
          />
        ))}
        {!tiles.length &&
          grid.map((line) => (
            <line key={line.key} x1={line.x1} y1={line.y1} x2={line.x2} y2={line.y2} class="map-grid" />
          ))}
        {placed.map(({ job, point }) => {
          const { x, y } = toView(view, point);
          const name = String((job.inputs as Record<string, unknown>).name ?? job.place_id);
          return (
            <circle key={job.place_id} cx={x} cy={y} r={5} class={`map-dot status-${job.status}`}>
              <title>
                {name} ({job.place_id}): {job.status}
              </title>
            </circle>
          );
        })}
      </svg>
      <figcaption class="muted">
        {placed.length.toLocaleString("en-US")} places with coordinates
        {props.total > props.jobs.length
          ? `, of the first ${props.jobs.length.toLocaleString("en-US")} jobs`
          : ""}
        ; zoom {view.zoom}
        {tiles.length ? "" : ", lines every few degrees (no map tiles configured)"}.
      </figcaption>
    </figure>
  );
}

/** Meridians and parallels at a spacing that gives a few lines across the view. */
function graticule(view: import("../lib/places-map.js").MapView) {
  const degreesAcross = (view.width / (256 * 2 ** view.zoom)) * 360;
  const steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30];
  const step = steps.find((s) => degreesAcross / s <= 8) ?? 30;
  const lines: Array<{ key: string; x1: number; y1: number; x2: number; y2: number }> = [];
  const west = lngAt(view, 0);
  const east = lngAt(view, view.width);
  for (let lng = Math.ceil(west / step) * step; lng <= east; lng += step) {
    const { x } = toView(view, { lat: 0, lng });
    lines.push({ key: `m${lng.toFixed(4)}`, x1: x, y1: 0, x2: x, y2: view.height });
  }
  const north = latAt(view, 0);
  const south = latAt(view, view.height);
  for (let lat = Math.ceil(south / step) * step; lat <= north; lat += step) {
    const { y } = toView(view, { lat, lng: 0 });
    lines.push({ key: `p${lat.toFixed(4)}`, x1: 0, y1: y, x2: view.width, y2: y });
  }
  return lines;
}

function lngAt(view: import("../lib/places-map.js").MapView, x: number): number {
  return ((view.left + x) / (256 * 2 ** view.zoom)) * 360 - 180;
}

function latAt(view: import("../lib/places-map.js").MapView, y: number): number {
  const n = Math.PI - (2 * Math.PI * (view.top + y)) / (256 * 2 ** view.zoom);
  return (180 / Math.PI) * Math.atan(Math.sinh(n));
}
