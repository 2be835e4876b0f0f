/**
 * assembleResult: the per-attribute results of one place → what the worker stores for the job
 * (StoredResult + attribute_status + filled bitmask).
 *
 * outputs / reasoning / confidence_scores hold every output field of every requested attribute
 * (null / null / NONE when an attribute produced nothing); enrichment_metadata[attr] is the
 * attribute's metadata plus `cached`; an attribute missing from `results` is NOT_RUN. The filled
 * bit (attribute `bit`) is set when any of the attribute's outputs is non-null (empty lists and
 * objects count as null).
 */
import { type AttributeKey, type AttributeStatus, attributeDefinition } from "../domain/attributes.js";
import type { AttributeResult } from "../domain/place.js";
import type { CompletedJobOutcome, StoredResult } from "../store/port.js";
import type { PreparedPlace } from "./types.js";

export type AssembledResult = Extract<CompletedJobOutcome, { result: StoredResult }>;

function isFilled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

export function assembleResult(
  place: PreparedPlace,
  attributes: readonly AttributeKey[],
  results: Partial<Record<AttributeKey, AttributeResult>>,
  fromCache: ReadonlySet<AttributeKey>,
  now: number,
): AssembledResult {
  const outputs: Record<string, unknown> = {};
  const reasoning: Record<string, string | null> = {};
  const confidence: Record<string, string> = {};
  const metadata: Record<string, unknown> = {};
  const attributeStatus: Partial<Record<AttributeKey, AttributeStatus>> = {};
  let filledMask = 0;
  for (const attribute of attributes) {
    const def = attributeDefinition(attribute);
    const r = results[attribute];
    attributeStatus[attribute] = r ? r.status : "NOT_RUN";
    let filled = false;
    for (const field of def.fields) {
      const value = r?.outputs[field];
      const has = isFilled(value);
      outputs[field] = has ? value : null;
      reasoning[field] = r?.reasoning[field] ?? null;
      confidence[field] = has ? (r?.confidence[field] ?? "NONE") : "NONE";
      filled ||= has;
    }
    if (filled) filledMask |= 1 << def.bit;
    metadata[attribute] = { ...(r?.metadata ?? {}), cached: fromCache.has(attribute) };
  }
  const result: StoredResult = {
    country_code: place.countryCode,
    inputs: place.echoedInputs,
    outputs,
    reasoning,
    confidence_scores: confidence,
    enrichment_metadata: metadata,
    last_enriched: new Date(now).toISOString(),
  };
  return { result, attributeStatus, filledMask };
}
