/** Helpers both stores use to keep a batch's bookkeeping in step with its jobs. */

/** The distinct non-null batch pks among the jobs a statement changed (standalone jobs have none). */
export function distinctBatchPks(batchPks: ReadonlyArray<number | null>): number[] {
  const out = new Set<number>();
  for (const pk of batchPks) if (pk !== null) out.add(Number(pk));
  return [...out];
}
