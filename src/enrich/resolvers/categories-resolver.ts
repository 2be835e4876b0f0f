/**
 * categories → categories (Overture codes).
 * Condition: none (categories can come from the name via brand detection, or later sources).
 * Union of the codes from category hints and brand tags. Order: the categories the client stated
 * for the place (input hints, in the order given) lead — a brand's categories describe the brand,
 * and must not outrank what the client says this place is ("Chase Center" hinted `stadium_arena`);
 * then the others, deeper codes first.
 */
import { sortMostSpecific } from "../taxonomy/category-mapper.js";
import { defineResolver } from "./define-resolver.js";
import { pickList, usable } from "./fusion.js";

export const categoriesResolver = defineResolver({
  attribute: "categories",
  resolveFields: (_place, evidence) => {
    const stated: string[] = [];
    for (const e of evidence)
      if (e.field === "categories" && e.source === "inputs" && usable(e) && typeof e.value === "string")
        if (!stated.includes(e.value)) stated.push(e.value);
    const order = (codes: string[]) => [
      ...stated.filter((c) => codes.includes(c)),
      ...sortMostSpecific(codes.filter((c) => !stated.includes(c))),
    ];
    return { categories: pickList(evidence, "categories", order) };
  },
});
