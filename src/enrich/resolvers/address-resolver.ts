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
      // Every part the value has, as an address line reads (new-user trial: the house number was left out).
      const a = v as Record<string, string | null>;
      const street = [a.house, a.street].filter(Boolean).join(" ");
      const unit = a.unit_number ? `unit ${a.unit_number}` : null;
      const parts = [unit, street, a.neighborhood, a.city, a.state, a.postalCode, a.country];
      return `address (${parts.filter(Boolean).join(", ") || "partial"})`;
    }),
  }),
  metadata: (_place, evidence) => {
    const used = evidence.find((e) => e.field === "address" && e.value !== null);
    return used?.detail ? { parser: used.detail } : {};
  },
});
