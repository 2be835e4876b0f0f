/**
 * Access to the name-suggestion-index package (BSD-3-Clause; data © OpenStreetMap contributors and
 * the NSI project): its JSON files and its own name normalization (`simplify`: lower case, no
 * spaces, punctuation or diacritics, `&` → "and"). Loaded synchronously and lazily via require so
 * that importing the enricher costs nothing until a brand is looked up.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

let simplifyFn: ((s: string) => string) | null = null;

export function nsiSimplify(s: string): string {
  simplifyFn ??= (require("name-suggestion-index") as { simplify: (s: string) => string }).simplify;
  return simplifyFn(s);
}

/** Parses one of the package's dist JSON files, e.g. "json/nsi.min.json". */
export function readNsiJson<T>(path: string): T {
  // The package's "exports" map does not expose dist/* to Node; go from its main file (dist/js/nsi.cjs).
  const dist = join(dirname(require.resolve("name-suggestion-index")), "..");
  return JSON.parse(readFileSync(join(dist, path), "utf8")) as T;
}
