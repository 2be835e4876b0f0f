/**
 * Rules the JSON schema cannot express (API.md §2.1–2.2): a locator is required, latitude and
 * longitude come together, wkt_geometry must be a POINT, place_ids are unique within a request,
 * prefilled_data is keyed by attribute keys. Also turns a validated request job into the store's
 * NewJob (attributes resolved, refresh merged).
 */
import {
  type AttributeSetName,
  attributeDefinition,
  attributeMeant,
  isAttributeKey,
  isPublicAttributeKey,
  type PublicAttributeKey,
  resolveRequestedAttributes,
} from "../domain/attributes.js";
import type { PlaceInputs, PrefilledData } from "../domain/place.js";
import type { NewJob } from "../store/port.js";
import { clip } from "./echo.js";
import type { ValidationIssue } from "./errors.js";
import { jsonShapeViolation } from "./json-shape.js";

export interface RequestJob {
  place_id: string;
  inputs: PlaceInputs;
  attributes?: PublicAttributeKey[];
  attribute_set?: AttributeSetName;
  refresh?: boolean;
  prefilled_data?: PrefilledData | null;
}

const WKT_POINT =
  /^\s*POINT\s*\(\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s+(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*\)\s*$/i;

function present(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");
}

const ADDRESS_PARTS = ["street", "house", "city", "state", "postalCode", "country"] as const;

type Loc = Array<string | number>;

/**
 * A path built only when an issue needs it: checking 50,000 valid jobs built two paths per job for
 * nothing (measured in the accept profile: part of checkRequestJobs' ~130 ms and of the collector's).
 */
type LazyLoc = () => Loc;

/** An issue when `value` (stored and echoed) nests too deep or holds too many members. */
function shapeIssue(value: unknown, at: LazyLoc, what: string): ValidationIssue | null {
  const violation = jsonShapeViolation(value);
  if (!violation) return null;
  const loc = at();
  return violation.kind === "depth"
    ? { loc, msg: `${what} nest deeper than ${violation.limit} levels (the limit)`, type: "too_deep" }
    : {
        loc,
        msg: `${what} hold more than ${violation.limit} keys and list items in all (the limit)`,
        type: "too_many_members",
      };
}

/** Issues for one place's inputs; `loc` is the path of the inputs object. */
export function checkPlaceInputs(inputs: PlaceInputs, loc: Loc): ValidationIssue[] {
  return placeInputIssues(inputs, () => loc);
}

function placeInputIssues(inputs: PlaceInputs, at: LazyLoc): ValidationIssue[] {
  const shape = shapeIssue(inputs, at, "inputs");
  if (shape) return [shape];
  const issues: ValidationIssue[] = [];
  const hasLat = present(inputs.latitude);
  const hasLng = present(inputs.longitude);
  if (hasLat !== hasLng) {
    const missing = hasLat ? "longitude" : "latitude";
    issues.push({
      loc: [...at(), missing],
      msg: `${missing} is required when ${hasLat ? "latitude" : "longitude"} is given`,
      type: "missing",
    });
  }
  let hasWkt = false;
  if (present(inputs.wkt_geometry)) {
    const match = WKT_POINT.exec(String(inputs.wkt_geometry));
    const lon = match ? Number(match[1]) : Number.NaN;
    const lat = match ? Number(match[2]) : Number.NaN;
    if (!match || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      issues.push({
        loc: [...at(), "wkt_geometry"],
        msg: "wkt_geometry must be POINT(lon lat) with lon in -180..180 and lat in -90..90",
        type: "value_error",
      });
    } else {
      hasWkt = true;
    }
  }
  const hasLocator =
    (hasLat && hasLng) ||
    hasWkt ||
    present(inputs.full_address) ||
    ADDRESS_PARTS.some((p) => present(inputs[p]));
  if (!hasLocator && issues.length === 0) {
    issues.push({
      loc: at(),
      msg: "A place needs at least one locator: latitude+longitude, wkt_geometry, full_address or address parts",
      type: "missing_locator",
    });
  }
  return issues;
}

/**
 * Issues for a job's prefilled_data: every key must be an attribute key of the public API (values
 * that are not objects are already schema 422s). `loc` is the path of the prefilled_data object.
 */
export function checkPrefilledData(prefilled: PrefilledData | null | undefined, loc: Loc): ValidationIssue[] {
  return prefilledIssues(prefilled, () => loc);
}

/** `Unknown attribute "x"` and, when attributeMeant finds one, what was probably meant ("website"). */
export function unknownAttributeMessage(name: string): string {
  const meant = attributeMeant(name);
  if (meant === null) return `Unknown attribute "${clip(name)}"`;
  const fields = isAttributeKey(meant)
    ? `; its output fields are ${attributeDefinition(meant).fields.join(", ")}`
    : "";
  return `Unknown attribute "${clip(name)}": did you mean "${meant}"? (the attribute key${fields})`;
}

function prefilledIssues(prefilled: PrefilledData | null | undefined, at: LazyLoc): ValidationIssue[] {
  if (!prefilled) return [];
  const shape = shapeIssue(prefilled, at, "prefilled_data");
  if (shape) return [shape];
  return Object.keys(prefilled)
    .filter((key) => !isPublicAttributeKey(key))
    .map((key) => ({
      loc: [...at(), key],
      msg: `${unknownAttributeMessage(key)}: prefilled_data is keyed by attribute keys (GET /attributes)`,
      type: "enum",
    }));
}

/**
 * Issues across the request's jobs: locators, prefilled_data keys and duplicate place_ids, all of them
 * (the 422 caps the list).
 */
export function checkRequestJobs(
  jobs: readonly RequestJob[],
  loc: Array<string | number>,
): ValidationIssue[] {
  return new RequestJobsCheck(loc).check(jobs, 0, jobs.length);
}

/**
 * checkRequestJobs a range of jobs at a time (a batch checked chunk by chunk): the place_ids seen
 * in earlier ranges count as duplicates too, so the ranges must come in order, each once.
 */
export class RequestJobsCheck {
  /** place_id → index of its first job. */
  private readonly seen = new Map<string, number>();

  /** `loc`: the path of the jobs array, e.g. ["body", "jobs"]. */
  constructor(private readonly loc: ReadonlyArray<string | number>) {}

  /** Issues of jobs[from] up to jobs[to - 1]. */
  check(jobs: readonly RequestJob[], from: number, to: number): ValidationIssue[] {
    const { loc, seen } = this;
    const issues: ValidationIssue[] = [];
    for (let i = from; i < to; i++) {
      const job = jobs[i]!;
      const first = seen.get(job.place_id);
      if (first !== undefined) {
        issues.push({
          loc: [...loc, i, "place_id"],
          msg: `Duplicate place_id "${job.place_id}" (first at index ${first})`,
          type: "duplicate",
        });
      } else {
        seen.set(job.place_id, i);
      }
      const inputIssues = placeInputIssues(job.inputs, () => [...loc, i, "inputs"]);
      if (inputIssues.length > 0) issues.push(...inputIssues);
      if (job.prefilled_data) {
        issues.push(...prefilledIssues(job.prefilled_data, () => [...loc, i, "prefilled_data"]));
      }
    }
    return issues;
  }
}

/** Issues for a single job sent outside a batch (`POST /jobs`, `POST /enrich`). */
export function checkSingleJob(job: RequestJob): ValidationIssue[] {
  return [
    ...checkPlaceInputs(job.inputs, ["body", "inputs"]),
    ...checkPrefilledData(job.prefilled_data, ["body", "prefilled_data"]),
  ];
}

const resolvedDefaults = new WeakMap<object, PublicAttributeKey[]>();

/**
 * The job's own attributes win; a job without any takes the request's; neither means `core`. Jobs of
 * one request share `defaults` (the same object): their attribute list is resolved once.
 */
export function toNewJob(
  job: RequestJob,
  defaults: { attributes?: PublicAttributeKey[]; attribute_set?: AttributeSetName; refresh?: boolean },
): NewJob {
  const own = job.attributes !== undefined || job.attribute_set !== undefined;
  let attributes: PublicAttributeKey[];
  if (own) attributes = resolveRequestedAttributes(job.attributes, job.attribute_set);
  else {
    // Resolved once per request, not once per job (jobs without their own attributes share the array).
    attributes =
      resolvedDefaults.get(defaults) ??
      resolveRequestedAttributes(defaults.attributes, defaults.attribute_set);
    resolvedDefaults.set(defaults, attributes);
  }
  return {
    placeId: job.place_id,
    inputs: job.inputs,
    attributes,
    refresh: Boolean(job.refresh || defaults.refresh),
    prefilled: job.prefilled_data && Object.keys(job.prefilled_data).length > 0 ? job.prefilled_data : null,
  };
}
