/** A failure as one line for the page: the API's status and detail, or what went wrong on the way. */
import { PlaceEnrichmentApiError, PlaceEnrichmentConnectionError } from "../../../src/client/index.js";

/**
 * `except`: a body field whose 422 issues the page shows at the field itself (fieldErrors); they
 * are left out here.
 */
export function errorText(error: unknown, options: { except?: string } = {}): string {
  if (error instanceof PlaceEnrichmentApiError) {
    const detail =
      typeof error.detail === "string"
        ? error.detail
        : error.issues
            .filter((issue) => options.except === undefined || issue.loc.at(-1) !== options.except)
            .slice(0, 5)
            .map((issue) => `${issue.loc.join(".")}: ${issue.msg}`)
            .join("; ");
    if (error.status === 401)
      return "The API key was not accepted (401). Check it, or create one with `place-enrich keys create <org>`.";
    if (error.status === 403) return "This key belongs to another organization (403).";
    return `${error.status}: ${detail || error.message}`;
  }
  if (error instanceof PlaceEnrichmentConnectionError)
    return `The server could not be reached: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** The messages of a 422's issues whose `loc` ends in `field` (e.g. `["body", "webhook_url"]`); [] otherwise. */
export function fieldErrors(error: unknown, field: string): string[] {
  if (!(error instanceof PlaceEnrichmentApiError) || error.status !== 422) return [];
  return error.issues.filter((issue) => issue.loc.at(-1) === field).map((issue) => issue.msg);
}

/** True when every issue of the error is one of `fieldErrors(error, field)`: nothing else to show. */
export function onlyFieldErrors(error: unknown, field: string): boolean {
  return (
    error instanceof PlaceEnrichmentApiError &&
    error.status === 422 &&
    error.issues.length > 0 &&
    error.issues.every((issue) => issue.loc.at(-1) === field)
  );
}
