/**
 * price_tier → price_tier (1–4), currency (ISO 4217).
 * Condition: none. Evidence: `price_tier`/`price_level`/`price` and `currency` input keys; the
 * currency of the place's country is weak evidence, offered only alongside a price tier.
 */
import { defineResolver } from "./define-resolver.js";
import { pickBest } from "./fusion.js";

export const priceTierResolver = defineResolver({
  attribute: "price_tier",
  resolveFields: (_place, evidence) => ({
    price_tier: pickBest(evidence, "price_tier"),
    currency: pickBest(evidence, "currency"),
  }),
});
