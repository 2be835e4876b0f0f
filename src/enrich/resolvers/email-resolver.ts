/**
 * email_address → email. Condition: none. Evidence: `email`/`email_address` input keys, syntax-
 * and domain-checked (public suffix required).
 */
import { defineResolver } from "./define-resolver.js";
import { pickBest } from "./fusion.js";

export const emailResolver = defineResolver({
  attribute: "email_address",
  resolveFields: (_place, evidence) => ({ email: pickBest(evidence, "email") }),
});
