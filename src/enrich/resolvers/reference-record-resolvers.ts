/**
 * overture_place, foursquare_place, reference_match: the matched reference record's own fields
 * (API.md §2.4), filled by the reference source (src/reference/reference-source.ts) from the best
 * match among sources of Overture format, of Foursquare format, and of any format.
 * Condition: none. Without a match every field is null; the reasoning says why (no reference
 * imported, no candidate, or the best candidate's probability below the threshold).
 * Confidence follows the match probability (reference-evidence.ts).
 */
import type { AttributeKey } from "../../domain/attributes.js";
import { attributeDefinition } from "../../domain/attributes.js";
import type { AttributeResolver } from "../types.js";
import { defineResolver } from "./define-resolver.js";
import { type FieldOutcome, pickBest } from "./fusion.js";

function describe(value: unknown): string {
  if (value && typeof value === "object" && !Array.isArray(value)) return "the record";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

function recordResolver(attribute: AttributeKey): AttributeResolver {
  const fields = attributeDefinition(attribute).fields;
  return defineResolver({
    attribute,
    resolveFields: (_place, evidence) => {
      const out: Partial<Record<string, FieldOutcome>> = {};
      for (const field of fields) out[field] = pickBest(evidence, field, describe);
      return out;
    },
    metadata: (_place, evidence) => {
      const used = evidence.find((e) => e.value !== null && e.detail?.match);
      return used?.detail ? { match: used.detail.match } : {};
    },
  });
}

export const overturePlaceResolver = recordResolver("overture_place");
export const foursquarePlaceResolver = recordResolver("foursquare_place");
export const referenceMatchResolver = recordResolver("reference_match");
