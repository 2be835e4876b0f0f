/**
 * Confidence policy: the one place that decides how far each piece of evidence can be trusted.
 *
 * - Evidence strength maps to a level: verified → VERY_HIGH, strong → HIGH, moderate → MEDIUM,
 *   weak → LOW. A field without usable evidence is NONE.
 * - Evidence derived only from the client's own inputs ("inputs"; "nsi": brand data looked up
 *   from the input name; "prefilled": values the client sent as prefilled_data) is an unverified hint: never more than MEDIUM, and its reasoning says
 *   "unverified". The one exception is the client's own name for the place (`name`): it is not a
 *   claim about the place to check but the client's identifier of it, echoed as "client-supplied"
 *   at HIGH (never VERY_HIGH, which needs verification). README's "Evidence today" states the same.
 * - Agreement: when two or more independent sources (not input-derived) back the same value, the
 *   level rises one step, at most to HIGH (VERY_HIGH needs "verified" evidence).
 */
import type { Confidence } from "../domain/attributes.js";
import type { Evidence, EvidenceStrength } from "./types.js";

export const STRENGTH_CONFIDENCE: Readonly<Record<EvidenceStrength, Confidence>> = {
  verified: "VERY_HIGH",
  strong: "HIGH",
  moderate: "MEDIUM",
  weak: "LOW",
};

/** Sources whose evidence only restates or looks up what the client submitted. */
export const INPUT_DERIVED_SOURCES: ReadonlySet<string> = new Set(["inputs", "nsi", "prefilled"]);

/** Highest level input-derived evidence may reach. */
export const INPUT_DERIVED_CAP: Confidence = "MEDIUM";

/** Fields for which input-derived evidence may reach HIGH: the client's own identifier of the place. */
export const SELF_IDENTIFYING_FIELDS: Readonly<Record<string, Confidence>> = { name: "HIGH" };

const RANK: Readonly<Record<Confidence, number>> = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3, VERY_HIGH: 4 };
const BY_RANK: readonly Confidence[] = ["NONE", "LOW", "MEDIUM", "HIGH", "VERY_HIGH"];

export function confidenceRank(c: Confidence): number {
  return RANK[c];
}

export function minConfidence(a: Confidence, b: Confidence): Confidence {
  return RANK[a] <= RANK[b] ? a : b;
}

export function maxConfidence(a: Confidence, b: Confidence): Confidence {
  return RANK[a] >= RANK[b] ? a : b;
}

export function isInputDerived(source: string): boolean {
  return INPUT_DERIVED_SOURCES.has(source);
}

/**
 * The word the reasoning ends with for a value backed only by input-derived evidence: "client-
 * supplied" when every piece is a self-identifying field (the name), "unverified" otherwise; null
 * when some evidence is independent of the inputs.
 */
export function inputProvenance(support: readonly Evidence[]): "client-supplied" | "unverified" | null {
  if (!support.every((e) => isInputDerived(e.source))) return null;
  return support.every((e) => e.source === "inputs" && SELF_IDENTIFYING_FIELDS[e.field] !== undefined)
    ? "client-supplied"
    : "unverified";
}

/** The level one piece of evidence supports on its own (NONE for rejected evidence: value null). */
export function evidenceConfidence(e: Evidence): Confidence {
  if (e.value === null || e.value === undefined) return "NONE";
  const level = STRENGTH_CONFIDENCE[e.strength];
  if (!isInputDerived(e.source)) return level;
  return minConfidence(level, SELF_IDENTIFYING_FIELDS[e.field] ?? INPUT_DERIVED_CAP);
}

/** The level a set of evidence backing the same value supports together. */
export function fuseConfidence(supporting: readonly Evidence[]): Confidence {
  let best: Confidence = "NONE";
  const independent = new Set<string>();
  for (const e of supporting) {
    best = maxConfidence(best, evidenceConfidence(e));
    if (e.value !== null && e.value !== undefined && !isInputDerived(e.source)) independent.add(e.source);
  }
  if (independent.size >= 2 && RANK[best] < RANK.HIGH) {
    best = BY_RANK[RANK[best] + 1] ?? best;
  }
  return best;
}
