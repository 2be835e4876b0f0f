/**
 * Fair shares of the store's costly reads: a batch's statistics (`?include=metadata`), its attribute
 * statuses (`?enrichments=`) and job pages take 0.3–0.8 s each on a 50,000–100,000-job batch, and
 * they queue on a thread of their own (SQLite) or the shared pool (PostgreSQL). A break-it trial sent
 * 20 `?enrichments=` requests at once on a 100,000-job batch: every other costly read of the
 * service, of any organization, waited 10–11 s behind them (on PostgreSQL /ready and small statuses
 * 1.6–2.9 s). So each organization runs at most `perOrg` of them at once; the rest wait their turn
 * here, in arrival order, holding no store resource: another organization's read waits for at most
 * `perOrg` reads of each other organization, never for one organization's whole burst. One gate for
 * statistics and attribute statuses, another for job pages (api/app.ts): with one for both, the same
 * burst kept the organization's own 3-job page waiting 4.4 s (measured after the change above).
 */
export class HeavyReadGate {
  private readonly orgs = new Map<string, { running: number; waiting: Array<() => void> }>();

  /** `perOrg`: costly reads of one organization run at once (≥ 1). */
  constructor(private readonly perOrg: number) {
    if (!(perOrg >= 1)) throw new RangeError(`perOrg must be at least 1, got ${perOrg}`);
  }

  /** Reads of `orgId` running now and waiting (for tests and metrics). */
  load(orgId: string): { running: number; waiting: number } {
    const org = this.orgs.get(orgId);
    return { running: org?.running ?? 0, waiting: org?.waiting.length ?? 0 };
  }

  /** Runs `read` once fewer than `perOrg` of `orgId`'s reads are running; its result or error. */
  async run<T>(orgId: string, read: () => Promise<T>): Promise<T> {
    let org = this.orgs.get(orgId);
    if (!org) {
      org = { running: 0, waiting: [] };
      this.orgs.set(orgId, org);
    }
    if (org.running >= this.perOrg) {
      const queue = org.waiting;
      await new Promise<void>((resolve) => queue.push(resolve));
    } else {
      org.running++;
    }
    try {
      return await read();
    } finally {
      // The slot passes to the next waiter as it is (running unchanged), or is given back.
      const next = org.waiting.shift();
      if (next) next();
      else if (--org.running === 0) this.orgs.delete(orgId);
    }
  }
}

/** Costly reads one organization runs at once (see HeavyReadGate). */
export const HEAVY_READS_PER_ORG = 2;
