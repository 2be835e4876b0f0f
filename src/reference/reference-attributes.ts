/**
 * The attributes the reference source gives evidence to, in a module of their own: the worker's main
 * thread needs the list (cached results of these are not reused past a reference change, see
 * job-processor.ts) without loading the matcher.
 */
import type { AttributeKey } from "../domain/attributes.js";

/** What the reference source can give evidence to (its failure makes these ERROR). */
export const REFERENCE_ATTRIBUTES: readonly AttributeKey[] = [
  "closed_permanently",
  "websites",
  "phoneNumbers",
  "openingHours",
  "names",
  "address",
  "categories",
  "coordinates",
  "socialHandles",
  "email_address",
  "chain",
  "cuisine",
  "overture_place",
  "foursquare_place",
  "reference_match",
];
