/**
 * closed_permanently → open_closed_status, date_closed.
 * Condition: none (name is always present). Inputs say nothing about whether a place still
 * operates, so with only input-derived sources the status stays null (never a guessed "Open"),
 * with a reasoning saying no evidence source is available. Reference datasets and the website
 * source add evidence; open-closed-rules.ts decides between them.
 */
import { defineResolver } from "./define-resolver.js";
import { forField, pickBest } from "./fusion.js";
import { resolveOpenClosed } from "./open-closed-rules.js";

export const closedPermanentlyResolver = defineResolver({
  attribute: "closed_permanently",
  resolveFields: (_place, evidence) => ({
    open_closed_status: resolveOpenClosed(forField(evidence, "open_closed_status"), evidence),
    date_closed: pickBest(evidence, "date_closed"),
  }),
});
