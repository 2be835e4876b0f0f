/**
 * `?include=` of the batch endpoints (API.md §2.5): `metadata` asks for the batch statistics, which are
 * `null` by default because the published Python client (0.0.9–0.0.12) accepts only null there.
 * Comma-separated like `?enrichments=`; anything but `metadata` is a 422 at ["query", "include"].
 */
import { ApiError } from "./errors.js";

export const INCLUDE_OPTIONS = ["metadata"] as const;

/** true when `include` names `metadata`; undefined or empty → false. */
export function includesMetadata(include: string | undefined): boolean {
  if (include === undefined) return false;
  const wanted = include
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((w) => !(INCLUDE_OPTIONS as readonly string[]).includes(w));
  if (unknown.length > 0) {
    throw ApiError.validation(
      unknown.map((w) => ({
        loc: ["query", "include"],
        msg: `Unknown include "${w}": the only option is "metadata"`,
        type: "enum",
      })),
    );
  }
  return wanted.length > 0;
}
