/**
 * Resolver scaffolding: every resolver declares its attribute, its run condition and how its
 * fields are fused; this wrapper guarantees the AttributeResult shape — every output field present,
 * null values with confidence NONE, empty lists as null — and the RUN / RUN_CONDITION_FAILED status.
 *
 * Run conditions are about inputs: an attribute whose condition fails (e.g. coordinates without any
 * coordinate input) is RUN_CONDITION_FAILED — unless some source still produced usable evidence for
 * it (a later reference dataset may fill an address for a place given only by coordinates).
 */
import { type AttributeKey, attributeDefinition } from "../../domain/attributes.js";
import type { AttributeResult } from "../../domain/place.js";
import type { AttributeResolver, Evidence, PreparedPlace } from "../types.js";
import { type FieldOutcome, NO_VALUE, usable } from "./fusion.js";

export interface ResolverSpec {
  attribute: AttributeKey;
  /** Why the attribute cannot run for this place (missing inputs), or null. */
  conditionFailure?(place: PreparedPlace): string | null;
  /** Outcomes per output field; fields left out are null/NONE. */
  resolveFields(place: PreparedPlace, evidence: readonly Evidence[]): Partial<Record<string, FieldOutcome>>;
  /** Extra metadata (parser used, brand id, ...). */
  metadata?(place: PreparedPlace, evidence: readonly Evidence[]): Record<string, unknown>;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return typeof value === "string" && value.length === 0;
}

export function emptyResult(
  attribute: AttributeKey,
  status: AttributeResult["status"],
  why: string | null,
): AttributeResult {
  const fields = attributeDefinition(attribute).fields;
  // Plain loops: this runs for every attribute of every place (Object.fromEntries costs ~3x more).
  const outputs: AttributeResult["outputs"] = {};
  const reasoning: AttributeResult["reasoning"] = {};
  const confidence: AttributeResult["confidence"] = {};
  for (const f of fields) {
    outputs[f] = null;
    reasoning[f] = why;
    confidence[f] = "NONE";
  }
  return { status, outputs, reasoning, confidence, metadata: {} };
}

export function defineResolver(spec: ResolverSpec): AttributeResolver {
  const fields = attributeDefinition(spec.attribute).fields;
  const ownFields = new Set(fields);
  return {
    attribute: spec.attribute,
    resolve(place, allEvidence) {
      const evidence = allEvidence.filter((e) => ownFields.has(e.field));
      const counts = {
        evidenceCount: evidence.length,
        rejectedCount: evidence.filter((e) => !usable(e)).length,
      };
      const failure = spec.conditionFailure?.(place) ?? null;
      if (failure !== null && !evidence.some(usable)) {
        const result = emptyResult(spec.attribute, "RUN_CONDITION_FAILED", `not run: ${failure}`);
        result.metadata = { ...counts, condition: failure };
        return result;
      }
      const outcomes = spec.resolveFields(place, evidence);
      const result = emptyResult(spec.attribute, "RUN", null);
      for (const f of fields) {
        const o = outcomes[f] ?? NO_VALUE;
        const empty = isEmpty(o.value);
        result.outputs[f] = empty ? null : o.value;
        result.confidence[f] = empty ? "NONE" : o.confidence;
        result.reasoning[f] = o.reasoning;
      }
      result.metadata = { ...counts, ...(spec.metadata?.(place, evidence) ?? {}) };
      return result;
    },
  };
}
