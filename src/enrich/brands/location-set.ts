/**
 * NSI `locationSet` check, at country level: does a brand operate where the place is?
 *
 * Codes are resolved with country-coder (ISO codes, UN M49 regions like "150", Wikidata ids). With
 * coordinates the place's point is tested (exact for regions); with only a country code, the
 * country (or, for countries made of several features like GB and FR, any of its parts) is tested.
 * Undecidable codes (custom .geojson areas, point-and-radius circles without coordinates,
 * subdivisions like "us-ny" inside the place's country) make the answer "unknown" rather than "no".
 */
import { feature, featuresContaining, featuresIn, isIn } from "@rapideditor/country-coder";
import { haversineMetres } from "../normalize/coordinates.js";

export type LocationCode = string | readonly number[];

export interface LocationSet {
  include?: readonly LocationCode[];
  exclude?: readonly LocationCode[];
}

export interface PlaceLocation {
  country: string | null;
  /** [lon, lat] */
  point: readonly [number, number] | null;
}

export type LocationAnswer = "yes" | "no" | "unknown";

const countryCache = new Map<string, boolean | null>();

function countryIn(country: string, code: string): boolean | null {
  const key = `${country}|${code}`;
  const cached = countryCache.get(key);
  if (cached !== undefined) return cached;
  let answer = isIn(country, code);
  if (answer === false) {
    // Aggregates (GB = England + Scotland + ...; FR = metropolitan France + overseas) carry their
    // regions on their parts.
    answer = featuresIn(country, true).some((f) => isIn(f.properties.id, code) === true) ? true : answer;
  }
  countryCache.set(key, answer);
  return answer;
}

/**
 * The ids of the features containing `point` — its smallest feature and that feature's groups — for
 * as long as the point (one place's location) lives. Why: country-coder's `isIn(point, code)` runs a
 * point-in-polygon query per call, and a place's brand candidates ask it for every code of their
 * location sets; that query was 15 % of a job's enrichment (38 µs of 254, CPU profile of the bench's
 * realistic jobs, inputs only). `isIn(point, code)` is true exactly when the code's feature is the
 * smallest feature containing the point or one of its groups, which is what `featuresContaining`
 * returns for a point (null: no feature, so every answer is null).
 */
const containingByPoint = new WeakMap<object, ReadonlySet<string> | null>();

function featureIdsContaining(point: readonly [number, number]): ReadonlySet<string> | null {
  let ids = containingByPoint.get(point);
  if (ids === undefined) {
    const found = featuresContaining([point[0], point[1]]);
    ids = found.length > 0 ? new Set(found.map((f) => f.properties.id)) : null;
    containingByPoint.set(point, ids);
  }
  return ids;
}

/** `isIn(point, code)`, answered from the point's containing features (featureIdsContaining). */
export function pointIn(point: readonly [number, number], code: string): boolean | null {
  const ids = featureIdsContaining(point);
  const bounds = feature(code);
  if (!ids || !bounds) return null;
  return ids.has(bounds.properties.id);
}

function contains(code: LocationCode, loc: PlaceLocation, forExclude: boolean): boolean | null {
  if (typeof code !== "string") {
    if (!loc.point || code.length < 2) return null;
    const radiusKm = code[2] ?? 25;
    const d = haversineMetres(
      { lat: loc.point[1], lng: loc.point[0] },
      { lat: code[1] ?? 0, lng: code[0] ?? 0 },
    );
    return d <= radiusKm * 1000;
  }
  const c = code.toLowerCase();
  if (c.endsWith(".geojson")) return null;
  const sub = /^([a-z]{2})-[a-z0-9]+$/.exec(c);
  if (sub?.[1]) {
    if (!loc.country) return null;
    if (sub[1] !== loc.country.toLowerCase()) return false;
    return forExclude ? false : null;
  }
  if (loc.point) {
    const answer = pointIn(loc.point, c);
    if (answer !== null) return answer;
  }
  return loc.country ? countryIn(loc.country, c) : null;
}

export function locationSetAllows(ls: LocationSet, loc: PlaceLocation): LocationAnswer {
  if (!loc.country && !loc.point) return "unknown";
  for (const code of ls.exclude ?? []) {
    if (contains(code, loc, true) === true) return "no";
  }
  const include = ls.include ?? ["001"];
  let undecided = false;
  for (const code of include) {
    const answer = contains(code, loc, false);
    if (answer === true) return "yes";
    if (answer === null) undecided = true;
  }
  return undecided ? "unknown" : "no";
}
