/** A failure as one line for the page: the API's status and detail, or what went wrong on the way. */
import { PlaceEnrichmentApiError, PlaceEnrichmentConnectionError } from "../../../src/client/index.js";

export function errorText(error: unknown): string {
  if (error instanceof PlaceEnrichmentApiError) {
    const detail =
      typeof error.detail === "string"
        ? error.detail
        : (error.issues ?? [])
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
