/**
 * address → address (object with every key of API.md's address).
 * Condition: some address input — `full_address` or any address part (house, street, city, state,
 * postalCode, country). Coordinates alone are not enough: there is no offline reverse geocoder.
 */
import { normalizedInputs } from "../prepare.js";
import { defineResolver } from "./define-resolver.js";
import { pickBest } from "./fusion.js";

export const addressResolver = defineResolver({
  attribute: "address",
  conditionFailure: (place) => {
    const n = normalizedInputs(place);
    return n.fullAddress === null && Object.keys(n.addressParts).length === 0
      ? "no address input (full_address or address parts)"
      : null;
  },
  resolveFields: (_place, evidence) => ({
    address: pickBest(evidence, "address", (v) => {
      const a = v as Record<string, string | null>;
      return `address (${[a.street, a.city, a.state, a.postalCode, a.country].filter(Boolean).join(", ") || "partial"})`;
    }),
  }),
  metadata: (_place, evidence) => {
    const used = evidence.find((e) => e.field === "address" && e.value !== null);
    return used?.detail ? { parser: used.detail } : {};
  },
});
