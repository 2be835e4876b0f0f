/**
 * Evidence fusion shared by the resolvers: group the evidence for one output field by value, pick
 * the best-supported value (confidence.ts decides the level), and write the one-line reasoning
 * naming the evidence, e.g. "+12125550100 from input phone hint (valid US number); unverified".
 */
import type { Confidence } from "../../domain/attributes.js";
import { confidenceRank, fuseConfidence, inputProvenance, minConfidence } from "../confidence.js";
import type { Evidence } from "../types.js";

export interface FieldOutcome {
  value: unknown;
  confidence: Confidence;
  reasoning: string | null;
}

export const NO_VALUE: FieldOutcome = { value: null, confidence: "NONE", reasoning: null };

export interface ValueGroup {
  value: unknown;
  support: Evidence[];
  confidence: Confidence;
}

export function usable(e: Evidence): boolean {
  return e.value !== null && e.value !== undefined;
}

export function forField(evidence: readonly Evidence[], field: string): Evidence[] {
  return evidence.filter((e) => e.field === field);
}

/** Non-null evidence grouped by value, best supported first (ties: first seen). */
export function groupByValue(evidence: readonly Evidence[]): ValueGroup[] {
  const groups = new Map<string, ValueGroup>();
  for (const e of evidence) {
    if (!usable(e)) continue;
    // Strings (most values) are their own key; other values by their JSON.
    const key = typeof e.value === "string" ? `s${e.value}` : JSON.stringify(e.value);
    const g = groups.get(key);
    if (g) g.support.push(e);
    else groups.set(key, { value: e.value, support: [e], confidence: "NONE" });
  }
  const out = [...groups.values()];
  for (const g of out) g.confidence = fuseConfidence(g.support);
  // Array.prototype.sort is stable: equal confidence keeps first-seen order.
  if (out.length > 1) out.sort((a, b) => confidenceRank(b.confidence) - confidenceRank(a.confidence));
  return out;
}

/** Notes of rejected evidence (value null), for the reasoning when nothing usable remains. */
export function rejections(evidence: readonly Evidence[]): string[] {
  return [...new Set(evidence.filter((e) => !usable(e)).map((e) => e.note))];
}

export function describeValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(describeValue).join(", ");
  if (value && typeof value === "object") return "value";
  return String(value);
}

/** "<value> from <note> + <note>; unverified" (or "; client-supplied" for the name: confidence.ts). */
export function reasoningLine(valueText: string, support: readonly Evidence[]): string {
  const notes = [...new Set(support.map((e) => e.note))].join(" + ");
  const provenance = inputProvenance(support);
  return `${valueText} from ${notes}${provenance ? `; ${provenance}` : ""}`;
}

/** The single best value of a field; rejected hints explain a null. */
export function pickBest(
  evidence: readonly Evidence[],
  field: string,
  describe: (value: unknown) => string = describeValue,
): FieldOutcome {
  const own = forField(evidence, field);
  const best = groupByValue(own)[0];
  if (!best) {
    const why = rejections(own);
    return { value: null, confidence: "NONE", reasoning: why.length > 0 ? why.join("; ") : null };
  }
  return {
    value: best.value,
    confidence: best.confidence,
    reasoning: reasoningLine(describe(best.value), best.support),
  };
}

/**
 * A list field from evidence whose values are single items or arrays of items: union of the items,
 * ordered by `order` (default: support level, then first seen). Confidence is the lowest level
 * among the items kept (every item has to be backed at least that well).
 */
export function pickList(
  evidence: readonly Evidence[],
  field: string,
  order?: (items: string[]) => string[],
  max = 10,
): FieldOutcome {
  const own = forField(evidence, field);
  const items: Evidence[] = [];
  for (const e of own) {
    if (!usable(e)) continue;
    const values = Array.isArray(e.value) ? e.value : [e.value];
    for (const v of values) if (typeof v === "string" && v.length > 0) items.push({ ...e, value: v });
  }
  const groups = groupByValue(items);
  if (groups.length === 0) {
    const why = rejections(own);
    return { value: null, confidence: "NONE", reasoning: why.length > 0 ? why.join("; ") : null };
  }
  const byValue = new Map(groups.map((g) => [g.value as string, g]));
  const ordered = (
    order ? order(groups.map((g) => g.value as string)) : groups.map((g) => g.value as string)
  ).slice(0, max);
  let confidence: Confidence = "VERY_HIGH";
  const support: Evidence[] = [];
  for (const v of ordered) {
    const g = byValue.get(v);
    if (!g) continue;
    confidence = minConfidence(confidence, g.confidence);
    support.push(...g.support);
  }
  return { value: ordered, confidence, reasoning: reasoningLine(ordered.join(", "), support) };
}
