/**
 * One row of a places file to one job of the API, with the types a spreadsheet user expects: an
 * empty cell is an absent value, "40.7" (or "40,7" from a decimal-comma locale) is a number for
 * latitude and longitude, a country code is upper-cased ("us" → "US"), other values are trimmed
 * text. Problems are reported per field, never fixed silently.
 */
import type { PlaceJob } from "../../client/index.js";
import type { ColumnMapping } from "./column-mapping.js";

export interface FieldIssue {
  field: string;
  message: string;
}

const NUMBER_FIELDS = new Set(["latitude", "longitude"]);
const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const DECIMAL_COMMA = /^[-+]?\d+,\d+$/;

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

function asNumber(field: string, value: unknown, issues: FieldIssue[]): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  const text = String(value).trim();
  if (DECIMAL.test(text)) return Number(text);
  if (DECIMAL_COMMA.test(text)) return Number(text.replace(",", "."));
  issues.push({ field, message: `"${clip(text)}" is not a number` });
  return undefined;
}

function asText(value: unknown): unknown {
  if (typeof value === "string") return value.trim();
  if (typeof value === "bigint") return String(value);
  return value;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * The job of a row: its mapped fields, coerced; `placeIdColumn` null numbers the row (its 1-based
 * data row). Rows of JSON Lines already shaped as a job (`{place_id, inputs}`) are taken as they are.
 */
export function rowToJob(
  values: Record<string, unknown>,
  row: number,
  mapping: ColumnMapping,
  placeIdColumn: string | null,
): { job: PlaceJob | null; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  if (typeof values.__parse_error === "string") {
    return { job: null, issues: [{ field: "line", message: `not JSON: ${values.__parse_error}` }] };
  }
  if (typeof values.__extra_cells === "number") {
    issues.push({
      field: "line",
      message: `${values.__extra_cells} more cell(s) than the header has columns`,
    });
  }
  if (values.inputs !== null && typeof values.inputs === "object" && !Array.isArray(values.inputs)) {
    return { job: values as unknown as PlaceJob, issues };
  }
  let placeId: string | undefined = placeIdColumn === null ? String(row) : undefined;
  const inputs: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(values)) {
    if (column.startsWith("__")) continue;
    const field = mapping.fieldOf(column);
    if (field === null) continue;
    if (column === placeIdColumn) {
      if (isEmpty(raw)) issues.push({ field: "place_id", message: "empty" });
      else placeId = String(asText(raw));
      continue;
    }
    if (field === "place_id" || isEmpty(raw)) continue;
    if (NUMBER_FIELDS.has(field)) {
      const number = asNumber(field, raw, issues);
      if (number !== undefined) inputs[field] = number;
    } else if (field === "country_code" && typeof raw === "string") {
      inputs[field] = raw.trim().toUpperCase();
    } else {
      inputs[field] = asText(raw);
    }
  }
  if (placeId === undefined) return { job: null, issues };
  return { job: { place_id: placeId, inputs: inputs as PlaceJob["inputs"] }, issues };
}
