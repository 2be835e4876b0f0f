/**
 * A reference place: one record of an imported POI dataset (Overture, Foursquare OS Places,
 * OpenStreetMap, or the operator's own file) after normalization with the same code as job inputs
 * (phones → E.164, websites → normalized URL + registrable domain, address → the API's address
 * object, categories → Overture codes), so both sides of a match compare like with like.
 *
 * Plain data only: records cross thread boundaries and are stored as JSON documents.
 */
import type { AddressObject } from "../enrich/normalize/address-fields.js";

/** The input formats `place-enrich import` reads. */
export const REFERENCE_FORMATS = ["overture", "fsq", "osm", "jsonl", "csv", "geojson"] as const;
export type ReferenceFormat = (typeof REFERENCE_FORMATS)[number];

/** Operating status as the datasets state it (Overture `operating_status`, FSQ `date_closed`, OSM lifecycle). */
export type OperatingStatus = "open" | "closed" | "temporarily_closed";

export interface ReferenceSocials {
  instagram?: string;
  facebook?: string;
  tiktok?: string;
}

export interface ReferenceRecord {
  /** The record's id in its dataset (Overture GERS id, fsq_place_id, `node/123` for OSM, ...). */
  id: string;
  name: string;
  /** Other names (OSM alt_name/official_name, Overture common names). */
  altNames: string[];
  latitude: number | null;
  longitude: number | null;
  address: AddressObject | null;
  /** E.164, first = main. */
  phones: string[];
  /** Normalized absolute URLs, first = main. */
  websites: string[];
  /** Registrable domain of websites[0] (tldts), or null. */
  domain: string | null;
  /** Overture category codes, most specific first. */
  categories: string[];
  /** The dataset's own category labels and ids (FSQ), kept for the foursquare_place attribute. */
  sourceCategoryLabels: string[];
  sourceCategoryIds: string[];
  emails: string[];
  socials: ReferenceSocials;
  brandName: string | null;
  /** Wikidata Q-id of the brand, when the dataset has one. */
  brandWikidata: string | null;
  status: OperatingStatus | null;
  /** ISO date (YYYY-MM-DD) the place closed, when known. */
  dateClosed: string | null;
  /** ISO date the record was last confirmed (FSQ date_refreshed, OSM check_date, Overture source update). */
  dateRefreshed: string | null;
  dateCreated: string | null;
  /** OSM `opening_hours` syntax, as the dataset has it. */
  openingHours: string | null;
  /** The dataset's own existence confidence 0..1 (Overture), or null. */
  confidence: number | null;
  /** The record as read (flattened for parquet), for the `*_original` output fields. */
  original: Record<string, unknown>;
}

/** A stored reference record with where it came from. */
export interface StoredReferenceRecord extends ReferenceRecord {
  /** The store's key of the record. */
  pk: number;
  /** The name the operator imported it under (`--source`). */
  source: string;
  format: ReferenceFormat;
}

/** Formats whose ids are the dataset's own, the same in every copy of it (GERS ids, fsq_place_id, OSM elements). */
const DATASET_IDS: ReadonlySet<ReferenceFormat> = new Set(["overture", "fsq", "osm"]);

/**
 * What makes two stored records one record of one dataset, imported under two source names (the
 * shipped default and the operator's own import of the same Overture rows): the dataset's id for
 * Overture, Foursquare and OSM; for the operator's own files, whose ids are only theirs, the id with
 * the name and the position to ~10 m. Such copies are one source, not two agreeing (new-user trial:
 * the same GERS id cited twice raised `open_closed_status` LOW → MEDIUM).
 */
export function recordIdentity(r: StoredReferenceRecord): string {
  if (DATASET_IDS.has(r.format)) return `${r.format}\u0000${r.id}`;
  const at =
    r.latitude === null || r.longitude === null ? "" : `${r.latitude.toFixed(4)},${r.longitude.toFixed(4)}`;
  return `own\u0000${r.id}\u0000${r.name}\u0000${at}`;
}
