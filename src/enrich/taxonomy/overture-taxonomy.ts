/**
 * The Overture places category taxonomy shipped in resources/overture-taxonomy (CC BY 4.0,
 * © Overture Maps Foundation): the codes Overture places `categories.primary/alternate` use, each
 * with its ancestors, plus the new-taxonomy → legacy code map. Loaded once, lazily.
 */
import { readFileSync } from "node:fs";
import { resourcePath } from "../resources.js";

interface TaxonomyFile {
  categories: Record<string, string[]>;
  newToLegacy: Record<string, string>;
}

export interface Taxonomy {
  has(code: string): boolean;
  /** Ancestor codes, root first (empty for a root; null for an unknown code). */
  ancestors(code: string): readonly string[] | null;
  depth(code: string): number;
  /** A code of the newer Overture taxonomy mapped to the code this vocabulary uses. */
  fromNewCode(code: string): string | null;
  codes(): IterableIterator<string>;
  readonly size: number;
}

let taxonomy: Taxonomy | null = null;

export function loadTaxonomy(): Taxonomy {
  if (taxonomy) return taxonomy;
  const file = JSON.parse(
    readFileSync(resourcePath("overture-taxonomy/categories.json"), "utf8"),
  ) as TaxonomyFile;
  const categories = new Map(Object.entries(file.categories));
  const newToLegacy = new Map(Object.entries(file.newToLegacy));
  taxonomy = {
    has: (code) => categories.has(code),
    ancestors: (code) => categories.get(code) ?? null,
    depth: (code) => categories.get(code)?.length ?? -1,
    fromNewCode: (code) => newToLegacy.get(code) ?? null,
    codes: () => categories.keys(),
    size: categories.size,
  };
  return taxonomy;
}
