/**
 * The Overture places category taxonomy shipped in resources/overture-taxonomy (CC BY 4.0,
 * © Overture Maps Foundation): the codes Overture places `categories.primary/alternate` use, each
 * with its ancestors, plus the new-taxonomy → legacy code map and the `basic_category` → legacy
 * code map. Loaded once, lazily.
 */
import { readFileSync } from "node:fs";
import { resourcePath } from "../resources.js";

interface TaxonomyFile {
  categories: Record<string, string[]>;
  newToLegacy: Record<string, string>;
  basicToLegacy: Record<string, [string, "exact" | "closest"]>;
}

export interface Taxonomy {
  has(code: string): boolean;
  /** Ancestor codes, root first (empty for a root; null for an unknown code). */
  ancestors(code: string): readonly string[] | null;
  depth(code: string): number;
  /** A code of the newer Overture taxonomy mapped to the code this vocabulary uses. */
  fromNewCode(code: string): string | null;
  /**
   * An Overture `basic_category` label ("casual_eatery", "pizzaria") mapped to the code this
   * vocabulary uses: "exact" when Overture lists it as an exact or close match, "closest" when it
   * is the common ancestor of the label's members (see resources/overture-taxonomy/build.mjs).
   */
  fromBasicCategory(label: string): { code: string; kind: "exact" | "closest" } | null;
  /** Every key a hint may name: codes, new-taxonomy codes, basic-category labels. */
  vocabulary(): IterableIterator<string>;
  codes(): IterableIterator<string>;
  readonly size: number;
}

let taxonomy: Taxonomy | null = null;

/** The top-level category of a code ("coffee_shop" → "eat_and_drink"); the code itself when it is one. */
export function topLevelCategory(code: string): string {
  return loadTaxonomy().ancestors(code)?.[0] ?? code;
}

/** Whether some code of `a` and some code of `b` share their top-level category. */
export function shareTopLevel(a: readonly string[], b: readonly string[]): boolean {
  const roots = new Set(a.map(topLevelCategory));
  return b.some((c) => roots.has(topLevelCategory(c)));
}

export function loadTaxonomy(): Taxonomy {
  if (taxonomy) return taxonomy;
  const file = JSON.parse(
    readFileSync(resourcePath("overture-taxonomy/categories.json"), "utf8"),
  ) as TaxonomyFile;
  const categories = new Map(Object.entries(file.categories));
  const newToLegacy = new Map(Object.entries(file.newToLegacy));
  const basic = new Map(Object.entries(file.basicToLegacy ?? {}));
  taxonomy = {
    has: (code) => categories.has(code),
    ancestors: (code) => categories.get(code) ?? null,
    depth: (code) => categories.get(code)?.length ?? -1,
    fromNewCode: (code) => newToLegacy.get(code) ?? null,
    fromBasicCategory: (label) => {
      const hit = basic.get(label);
      return hit ? { code: hit[0], kind: hit[1] } : null;
    },
    vocabulary: function* () {
      yield* categories.keys();
      yield* newToLegacy.keys();
      yield* basic.keys();
    },
    codes: () => categories.keys(),
    size: categories.size,
  };
  return taxonomy;
}
