/**
 * closed_permanently → open_closed_status, date_closed.
 * Condition: none (name is always present). Inputs say nothing about whether a place still
 * operates, so with only input-derived sources the status stays null (never a guessed "Open"),
 * with a reasoning saying no evidence source is available; later sources (reference datasets,
 * website checks) add evidence for these fields.
 */
import { defineResolver } from "./define-resolver.js";
import { pickBest } from "./fusion.js";

const NO_SOURCE =
  "no evidence about open/closed status: the inputs carry none and no status source is configured";

export const closedPermanentlyResolver = defineResolver({
  attribute: "closed_permanently",
  resolveFields: (_place, evidence) => {
    const status = pickBest(evidence, "open_closed_status");
    return {
      open_closed_status:
        status.value === null && status.reasoning === null ? { ...status, reasoning: NO_SOURCE } : status,
      date_closed: pickBest(evidence, "date_closed"),
    };
  },
});
