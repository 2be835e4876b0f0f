/**
 * The ranked candidates of development sets (each job's top K with their features), ranked once by the
 * real matcher with the neutral model and kept in a JSON file between runs. The top K come from the
 * cheap pass alone, so a model only re-orders them: every fit and every held-out figure can be
 * computed from these lists without ranking again (ranking is most of a fit: 150–300 s here).
 *
 * File: { features: FEATURE_NAMES, ranked: { [set name]: RankedJob[] } }; ignored when its feature list
 * differs from the matcher's. Stale after any change of the matcher's candidates or features' code.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FEATURE_NAMES } from "../../src/reference/match/features.js";
import { neutralMatchModel } from "../../src/reference/match/match-model.js";
import type { MatchSet } from "./datasets.js";
import { loadReference, type RankedJob, rankSet } from "./harness.js";

export class RankedCache {
  private readonly ranked: Record<string, RankedJob[]> = {};
  private dirty = false;

  /** `path` null: nothing read or written (rank every set in this run). */
  constructor(private readonly path: string | null) {
    if (!path || !existsSync(path)) return;
    const file = JSON.parse(readFileSync(path, "utf8")) as {
      features: string[];
      ranked: Record<string, RankedJob[]>;
    };
    if (file.features.join(",") === FEATURE_NAMES.join(",")) Object.assign(this.ranked, file.ranked);
  }

  /** The set's ranked jobs (by set name), ranked now when not kept yet. */
  async of(set: MatchSet): Promise<RankedJob[]> {
    const kept = this.ranked[set.name];
    if (kept) return kept;
    const dir = mkdtempSync(join(tmpdir(), "ranked-cache-"));
    try {
      const { store } = await loadReference(set, dir);
      try {
        const { ranked } = await rankSet(set, store, neutralMatchModel());
        this.ranked[set.name] = ranked;
        this.dirty = true;
        return ranked;
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Writes the file when something was ranked in this run. */
  save(): void {
    if (!this.path || !this.dirty) return;
    writeFileSync(this.path, JSON.stringify({ features: FEATURE_NAMES, ranked: this.ranked }));
    this.dirty = false;
  }
}
