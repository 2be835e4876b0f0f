/**
 * phoneNumbers → phone (E.164), phone_additional (string[]).
 * Condition: none. The best-supported valid number is `phone`; other distinct valid numbers, in
 * order, are `phone_additional`. Invalid hints are rejected evidence: they only explain a null.
 */

import { minConfidence } from "../confidence.js";
import { defineResolver } from "./define-resolver.js";
import { forField, groupByValue, reasoningLine, rejections } from "./fusion.js";

export const phoneResolver = defineResolver({
  attribute: "phoneNumbers",
  resolveFields: (_place, evidence) => {
    const own = forField(evidence, "phone");
    const groups = groupByValue(own);
    const rejected = rejections(own);
    const [first, ...rest] = groups;
    if (!first) {
      return {
        phone: {
          value: null,
          confidence: "NONE",
          reasoning: rejected.length > 0 ? rejected.join("; ") : null,
        },
      };
    }
    const extra = rejected.length > 0 ? ` (rejected: ${rejected.join("; ")})` : "";
    const phone = {
      value: first.value,
      confidence: first.confidence,
      reasoning: reasoningLine(String(first.value), first.support) + extra,
    };
    if (rest.length === 0) return { phone };
    return {
      phone,
      phone_additional: {
        value: rest.map((g) => g.value),
        confidence: rest.reduce((c, g) => minConfidence(c, g.confidence), first.confidence),
        reasoning: reasoningLine(
          rest.map((g) => String(g.value)).join(", "),
          rest.flatMap((g) => g.support),
        ),
      },
    };
  },
});
