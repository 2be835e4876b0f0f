/**
 * coordinates → coordinates ([lat, lng]), coordinates_distance (metres from the input point).
 * Condition: latitude/longitude or wkt_geometry given and valid (no offline geocoder for addresses).
 * The distance is measured from the input coordinates to the chosen ones (0 when they are the
 * input's); null when there are no input coordinates.
 */
import { haversineMetres } from "../normalize/coordinates.js";
import { normalizedInputs } from "../prepare.js";
import { defineResolver } from "./define-resolver.js";
import { pickBest } from "./fusion.js";

export const coordinatesResolver = defineResolver({
  attribute: "coordinates",
  conditionFailure: (place) => {
    const n = normalizedInputs(place);
    if (n.coordinates) return null;
    return n.coordinatesRejected ?? "no coordinate input (latitude/longitude or wkt_geometry)";
  },
  resolveFields: (place, evidence) => {
    const coordinates = pickBest(evidence, "coordinates", (v) => JSON.stringify(v));
    const pair = coordinates.value as [number, number] | null;
    if (!pair || place.latitude === null || place.longitude === null) return { coordinates };
    const metres = Math.round(
      haversineMetres({ lat: place.latitude, lng: place.longitude }, { lat: pair[0], lng: pair[1] }),
    );
    return {
      coordinates,
      coordinates_distance: {
        value: metres,
        confidence: coordinates.confidence,
        reasoning:
          metres === 0 ? "0 m: the coordinates are the input's" : `${metres} m from the input coordinates`,
      },
    };
  },
});
