/**
 * A batch's `attribute_statuses` (`GET /batches/{id}?enrichments=`, API.md §3.2) as UTF-8 JSON, built
 * by the store that read the rows. Why here and not in the route: on a 100,000-job batch the rows
 * took 40–70 ms to clone out of the SQLite reader thread, 40–80 ms to render and 15–25 ms to
 * serialize into ~12 MB (measured one by one, in process), all on the event loop; a burst of such
 * requests (a break-it trial: 20 at once) kept POST /enrich waiting 0.36–0.77 s. Built in the
 * statistics reader thread, the view crosses as bytes whose buffer is transferred.
 */
import {
  ATTRIBUTE_STATUSES,
  type AttributeStatus,
  isAttributeKey,
  type PublicAttributeKey,
} from "../domain/attributes.js";
import type { BatchAttributeStatusRow } from "./port.js";

const utf8 = new TextEncoder();

export type StatusBuckets = Record<AttributeStatus, { total: number; ids: string[] }>;

/**
 * For each asked attribute, the place_ids per attribute status, all four statuses always present. A
 * job counts under the status its result gave the attribute; one that requested the attribute but
 * has no status for it yet (not processed, or an attribute this deployment cannot enrich) counts as
 * NOT_RUN, as GET /jobs shows it. Jobs that did not request the attribute are in no bucket.
 */
export function renderAttributeStatuses(
  rows: readonly BatchAttributeStatusRow[],
  attributes: readonly PublicAttributeKey[],
): Record<string, StatusBuckets> {
  const out: Record<string, StatusBuckets> = {};
  for (const attribute of attributes) {
    const buckets = Object.fromEntries(
      ATTRIBUTE_STATUSES.map((status) => [status, { total: 0, ids: [] as string[] }]),
    ) as StatusBuckets;
    for (const [placeId, statuses, requested] of rows) {
      const status =
        (isAttributeKey(attribute) ? statuses?.[attribute] : undefined) ??
        (requested.includes(attribute) ? "NOT_RUN" : undefined);
      if (!status) continue;
      buckets[status].total++;
      buckets[status].ids.push(placeId);
    }
    out[attribute] = buckets;
  }
  return out;
}

/** renderAttributeStatuses as UTF-8 JSON, in a buffer of its own (transferable between threads). */
export function attributeStatusesJson(
  rows: readonly BatchAttributeStatusRow[],
  attributes: readonly PublicAttributeKey[],
): Uint8Array {
  return utf8.encode(JSON.stringify(renderAttributeStatuses(rows, attributes)));
}
