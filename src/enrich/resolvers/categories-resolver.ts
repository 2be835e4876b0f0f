/**
 * categories → categories (Overture codes, most specific first).
 * Condition: none (categories can come from the name via brand detection, or later sources).
 * Union of the codes from category hints and brand tags; deeper codes first, then by support.
 */
import { sortMostSpecific } from "../taxonomy/category-mapper.js";
import { defineResolver } from "./define-resolver.js";
import { pickList } from "./fusion.js";

export const categoriesResolver = defineResolver({
  attribute: "categories",
  resolveFields: (_place, evidence) => ({ categories: pickList(evidence, "categories", sortMostSpecific) }),
});
