/**
 * cuisine → cuisines (string[] of OSM `cuisine` values: "pizza", "coffee_shop", "italian", ...).
 * Condition: none. Evidence: `cuisine`/`cuisines` input keys, the brand's NSI cuisine tag, and
 * restaurant-type categories from hints ("italian_restaurant" → italian, weak).
 */
import { defineResolver } from "./define-resolver.js";
import { pickList } from "./fusion.js";

export const cuisineResolver = defineResolver({
  attribute: "cuisine",
  resolveFields: (_place, evidence) => ({ cuisines: pickList(evidence, "cuisines") }),
});
