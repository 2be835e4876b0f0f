/**
 * OpenStreetMap features with tags → ReferenceDraft. Reads Overpass output converted to GeoJSON
 * (features with `id` "node/123" and the tags as properties, or under `properties.tags`) and JSON lines
 * `{osm_id, name, lat, lon, tags}`.
 *
 * Tags used: name / alt_name / official_name / brand / brand:wikidata, addr:*, phone / contact:phone,
 * website / contact:website / url, email / contact:email, contact:facebook|instagram|tiktok,
 * opening_hours, check_date (freshness), and the category keys (amenity, shop, ...). Lifecycle
 * prefixes (`disused:`, `was:`, `abandoned:`) on a category key, or `shop=vacant`, mean closed.
 */
import type { ReferenceDraft } from "../build-record.js";
import { geoJsonPoint } from "./overture.js";
import { plainObject } from "./plain-value.js";

const CATEGORY_KEYS = ["amenity", "shop", "tourism", "leisure", "office", "healthcare", "craft", "club"];
const LIFECYCLE = ["disused:", "was:", "abandoned:"];

function tagsOf(row: Record<string, unknown>): Record<string, string> {
  const props = (row.properties && typeof row.properties === "object" ? row.properties : row) as Record<
    string,
    unknown
  >;
  const nested =
    props.tags && typeof props.tags === "object" ? (props.tags as Record<string, unknown>) : props;
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(nested))
    if (typeof v === "string" || typeof v === "number") tags[k] = String(v);
  return tags;
}

function isClosed(tags: Record<string, string>): boolean {
  if (tags.shop === "vacant") return true;
  const live = CATEGORY_KEYS.some((k) => tags[k] !== undefined);
  const dead = Object.keys(tags).some((k) =>
    LIFECYCLE.some((p) => k.startsWith(p) && CATEGORY_KEYS.includes(k.slice(p.length))),
  );
  return dead && !live;
}

function lifecycleName(tags: Record<string, string>): string | undefined {
  for (const p of LIFECYCLE) if (tags[`${p}name`]) return tags[`${p}name`];
  return undefined;
}

export function osmDraft(row: Record<string, unknown>): ReferenceDraft {
  const tags = tagsOf(row);
  const props = (row.properties ?? {}) as Record<string, unknown>;
  const id = row.osm_id ?? row.id ?? props["@id"] ?? props.id;
  let lat: unknown = row.lat ?? row.latitude;
  let lng: unknown = row.lon ?? row.longitude;
  if (lat === undefined && row.geometry) {
    const p = geoJsonPoint(row.geometry);
    lat = p?.lat;
    lng = p?.lng;
  }
  const closed = isClosed(tags);
  // A closed feature's category keys carry the prefix: read them back without it for the category.
  const categoryTags = { ...tags };
  if (closed)
    for (const [k, v] of Object.entries(tags))
      for (const p of LIFECYCLE) if (k.startsWith(p)) categoryTags[k.slice(p.length)] ??= v;
  const pick = (...keys: string[]) => keys.map((k) => tags[k]).filter((v) => v !== undefined);
  return {
    id,
    name: tags.name ?? (row.name as string | undefined) ?? lifecycleName(tags),
    altNames: pick("alt_name", "official_name", "short_name"),
    latitude: lat,
    longitude: lng,
    house: tags["addr:housenumber"],
    street: tags["addr:street"],
    unit: tags["addr:unit"],
    city: tags["addr:city"],
    state: tags["addr:state"] ?? tags["addr:province"],
    postcode: tags["addr:postcode"],
    country: tags["addr:country"],
    fullAddress: tags["addr:full"],
    phones: pick("phone", "contact:phone", "contact:mobile").flatMap((p) => p.split(";")),
    websites: pick("website", "contact:website", "url").flatMap((w) => w.split(";")),
    emails: pick("email", "contact:email"),
    socials: [
      ...pick("contact:facebook", "facebook").map((v) => (v.includes("/") ? v : `facebook:${v}`)),
      ...pick("contact:instagram", "instagram").map((v) => (v.includes("/") ? v : `instagram:${v}`)),
      ...pick("contact:tiktok").map((v) => (v.includes("/") ? v : `tiktok:${v}`)),
    ],
    osmTags: categoryTags,
    brandName: tags.brand,
    brandWikidata: tags["brand:wikidata"],
    status: closed ? "closed" : null,
    dateRefreshed: tags.check_date ?? tags["survey:date"],
    openingHours: tags.opening_hours,
    original: plainObject({ id, lat, lon: lng, tags }),
  };
}
