/**
 * socialHandles → instagram, facebook, tiktok (account names, no `@` or URL).
 * Condition: none. Evidence: extra input keys (`instagram`, ...) and social profile URLs given as
 * `website`; handles are validated per platform.
 */
import { defineResolver } from "./define-resolver.js";
import { pickBest } from "./fusion.js";

export const socialHandlesResolver = defineResolver({
  attribute: "socialHandles",
  resolveFields: (_place, evidence) => ({
    instagram: pickBest(evidence, "instagram"),
    facebook: pickBest(evidence, "facebook"),
    tiktok: pickBest(evidence, "tiktok"),
  }),
});
