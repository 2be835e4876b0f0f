/**
 * When the reference data last changed (a source imported or removed), for the workers' cache rule:
 * results of the reference attributes cached before it are not reused (job-processor.ts). Reads the
 * one-row reference_state table through a reference store opened on first use (one connection) in
 * the database of DATABASE_URL; one read per claimed chunk, never one per job.
 */

import { openReferenceStore } from "./store/open-reference-store.js";
import type { ReferenceStore } from "./store/port.js";

export interface ReferenceChanges {
  /** ms since the epoch of the last import or removal; 0 when there was none. */
  changedAt(): Promise<number>;
  close(): Promise<void>;
}

export function referenceChanges(databaseUrl: string): ReferenceChanges {
  let store: ReferenceStore | null = null;
  return {
    async changedAt() {
      store ??= openReferenceStore(databaseUrl, { poolSize: 1 });
      return store.changedAt();
    },
    async close() {
      const open = store;
      store = null;
      await open?.close();
    },
  };
}
