/**
 * The views both stores write as jobs complete (SQLite migration 11, PostgreSQL migration 10): each
 * completed job still owned by its worker, rendered as its PlaceJobResult JSON from the result the
 * worker computed and the row's own fields. Rendered once here, a page later copies the text.
 */
import { renderCompletedJob } from "../domain/job-result-view.js";
import type { CompletedJob } from "./port.js";
import { AttributeDecoder } from "./row-mapping.js";

/** What completeJobs reads of an owned row: [pk, place_id, attributes (JSON list), attempts]. */
export type OwnedJobRow = readonly [
  pk: number | string,
  placeId: string,
  attributes: string,
  attempts: number,
];

/**
 * The jobs of `completed` whose row is in `owned` (the others lost their lease: left out), each with
 * its view as JSON text, in the order of `completed`.
 */
export function renderCompletedViews(
  completed: readonly CompletedJob[],
  owned: readonly OwnedJobRow[],
): Array<{ job: CompletedJob; view: string }> {
  const byPk = new Map(owned.map((row) => [Number(row[0]), row]));
  const decoder = new AttributeDecoder(); // a claimed chunk's jobs mostly share one attribute list
  return completed.flatMap((job): Array<{ job: CompletedJob; view: string }> => {
    const row = byPk.get(job.pk);
    if (!row) return [];
    // Rendered by the worker from its claim, which an owned row still matches.
    if (job.view !== undefined) return [{ job, view: job.view }];
    const [, placeId, attributes, attempts] = row;
    const view = renderCompletedJob({
      placeId,
      attributes: decoder.decode(attributes),
      attempts,
      result: job.result,
      attributeStatus: job.attributeStatus,
    });
    return [{ job, view: JSON.stringify(view) }];
  });
}
