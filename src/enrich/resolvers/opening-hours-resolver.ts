/**
 * openingHours → opening_hours, opening_hours_grouped_by_hours, is_open_24h.
 * Condition: none. The three fields come from the same parse of one source, so each is picked from
 * its own evidence; an unparseable hint leaves them null with the parse error as reasoning.
 */
import { defineResolver } from "./define-resolver.js";
import { pickBest } from "./fusion.js";

const describe = (v: unknown) => (typeof v === "boolean" ? String(v) : "weekly hours");

export const openingHoursResolver = defineResolver({
  attribute: "openingHours",
  resolveFields: (_place, evidence) => ({
    opening_hours: pickBest(evidence, "opening_hours", describe),
    opening_hours_grouped_by_hours: pickBest(evidence, "opening_hours_grouped_by_hours", describe),
    is_open_24h: pickBest(evidence, "is_open_24h", describe),
  }),
});
