/**
 * The cache key of a place: sha256 over a canonical JSON of its normalized inputs — keys sorted,
 * strings whitespace-collapsed, empty values dropped — so key order and spacing do not matter.
 * `id` (= place_id) and `source` (the client's provenance label) do not change an enrichment and
 * are left out, so the same place submitted under another id hits the cache. INPUT_HASH_VERSION
 * is part of the hash: bump it when normalization or resolvers change what a place yields.
 */
import { createHash } from "node:crypto";
import { collapseWhitespace } from "./normalize/text.js";

export const INPUT_HASH_VERSION = 1;

const EXCLUDED_KEYS = new Set(["id", "source"]);

/** Canonical form: sorted keys, collapsed strings, null/undefined/"" and empty containers dropped. */
export function canonicalize(value: unknown, depth = 0): unknown {
  if (depth > 20) return null;
  if (typeof value === "string") {
    const s = collapseWhitespace(value);
    return s.length > 0 ? s : undefined;
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    const items = value.map((v) => canonicalize(v, depth + 1)).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = canonicalize((value as Record<string, unknown>)[key], depth + 1);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return undefined;
}

/**
 * `normalized`: the place's inputs after normalization (see prepare.ts: name cleaned, coordinates
 * from lat/lng or WKT as one pair, country code upper-cased).
 */
export function inputHash(normalized: Record<string, unknown>): string {
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(normalized)) if (!EXCLUDED_KEYS.has(k)) kept[k] = v;
  const json = JSON.stringify([INPUT_HASH_VERSION, canonicalize(kept) ?? null]);
  return createHash("sha256").update(json).digest("hex");
}
