/**
 * One job result as one flat record, a column per value: `place_id`, `status`, `error`, then the
 * job's inputs as `input_<field>` (so the file stands alone: which place each row is, without joining
 * it back to the submitted file; the prefix keeps `input_phone` apart from the found `phone`), then
 * per output field `<field>` (objects and lists as JSON text in CSV), `<field>_confidence` and
 * `<field>_reasoning`, then per attribute `<attribute>_status` (RUN, RUN_CONDITION_FAILED, NOT_RUN,
 * ERROR). Columns appear in the order the server lists the fields.
 */
import type { PlaceJobResult } from "../../client/index.js";

export type FlatValue = string | number | boolean | null | object;
export type FlatRecord = Record<string, FlatValue>;

export function flattenResult(job: PlaceJobResult): FlatRecord {
  const record: FlatRecord = {
    place_id: job.place_id,
    status: job.status,
    error: job.job_metadata?.error ?? null,
  };
  for (const [field, value] of Object.entries(job.inputs ?? {})) {
    // The API's own additions: the client's discriminator, and `id` when it only repeats place_id.
    if (field === "input_type" || (field === "id" && value === job.place_id)) continue;
    record[`input_${field}`] = (value ?? null) as FlatValue;
  }
  const reasoning = job.reasoning ?? {};
  const confidence = job.confidence_scores ?? {};
  for (const [field, value] of Object.entries(job.outputs ?? {})) {
    record[field] = (value ?? null) as FlatValue;
    record[`${field}_confidence`] = confidence[field] ?? null;
    record[`${field}_reasoning`] = reasoning[field] ?? null;
  }
  // Attribute-level keys (the chain attribute's `chain`) that are no output field.
  for (const [key, level] of Object.entries(confidence)) {
    if (!(`${key}_confidence` in record)) record[`${key}_confidence`] = level;
  }
  for (const [key, text] of Object.entries(reasoning)) {
    if (!(`${key}_reasoning` in record)) record[`${key}_reasoning`] = text;
  }
  for (const [attribute, status] of Object.entries(job.job_metadata?.attribute_status ?? {})) {
    record[`${attribute}_status`] = status;
  }
  return record;
}

/** A value as a CSV cell: absent is empty, objects and lists are JSON. */
export function cellText(value: FlatValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
