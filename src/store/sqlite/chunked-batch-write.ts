/**
 * A batch written in chunks inside one transaction that stays open between calls: the SQLite writer
 * thread inserts a chunk of jobs while the main thread is still encoding the next ones (see
 * threaded-sqlite-store.ts), instead of waiting for all 50,000 before the first insert.
 *
 *   begin(id, batch)   BEGIN IMMEDIATE, create or update the batch row
 *   write(id, jobs)    upsert a chunk of jobs (any number of times)
 *   end(id, commit, n) count the batch's rate-limit hits and COMMIT, returning the batch (all n chunks
 *                      received and the hits allowed), or ROLLBACK
 *
 * All or nothing: the first failure (a duplicate place_id, a SQLite error) rolls back at once and is
 * remembered; later writes are ignored and `end` throws it, whatever `commit` asked. While a write is
 * open the connection must run nothing else: the writer thread holds every other call until `end`
 * (store-thread.ts), since those calls would otherwise run inside this transaction.
 */
import type { BatchRecord } from "../port.js";
import type { BatchWrite, EncodedBatchInput, SqliteBatches } from "./batches.js";
import type { SqliteConnection } from "./connection.js";
import type { EncodedJobs } from "./encoded-jobs.js";

export class ChunkedBatchWrite {
  private write: BatchWrite | null = null;
  /** Chunks received by `add`. */
  private chunks = 0;
  private failure: { error: unknown } | null = null;

  private constructor(
    private readonly conn: SqliteConnection,
    private readonly batches: SqliteBatches,
    /** Chosen by the caller, unique among the writes of its process: later calls name it. */
    readonly id: number,
  ) {}

  /** Opens the transaction and the batch. A failure is kept for `end`, not thrown. */
  static begin(
    conn: SqliteConnection,
    batches: SqliteBatches,
    id: number,
    input: Omit<EncodedBatchInput, "jobs">,
  ): ChunkedBatchWrite {
    const chunked = new ChunkedBatchWrite(conn, batches, id);
    chunked.attempt(() => {
      conn.db.exec("BEGIN IMMEDIATE");
      chunked.write = batches.openBatch(input);
    });
    return chunked;
  }

  /** Upserts a chunk of jobs (openBatch/insertJobs); after a failure, does nothing. */
  add(jobs: EncodedJobs): void {
    this.chunks++;
    if (this.failure) return;
    this.attempt(() => this.batches.insertJobs(this.write!, jobs));
  }

  /**
   * Commits (`commit` true) and returns the batch and whether it was created, or rolls back (returns
   * null). `chunks`: how many `add` calls the caller made; fewer received (a message lost on the way)
   * rolls back and throws. Throws the first failure of begin/add (then nothing was stored), or
   * COMMIT's own error.
   */
  end(commit: boolean, chunks: number): { batch: BatchRecord; created: boolean } | null {
    if (this.failure) throw this.failure.error;
    if (!commit) {
      this.rollback();
      return null;
    }
    if (chunks !== this.chunks) {
      this.rollback();
      throw new Error(`batch write ${this.id}: ${this.chunks} of ${chunks} chunks received, rolled back`);
    }
    try {
      this.batches.countWriteHits(this.write!);
    } catch (error) {
      this.rollback();
      throw error;
    }
    // The batch filled the WAL far past the auto-checkpoint threshold (1,000 pages; 50,000 jobs are
    // ~20 MB), so COMMIT would copy it all into the database file before returning: ~120 ms of the
    // accept measured under load. The writer thread runs that checkpoint after its reply instead
    // (SqliteStore.checkpointWal).
    const autoCheckpoint = this.conn.db.pragma("wal_autocheckpoint", { simple: true }) as number;
    this.conn.db.pragma("wal_autocheckpoint = 0");
    try {
      this.conn.db.exec("COMMIT");
    } catch (error) {
      this.rollback();
      throw error;
    } finally {
      this.conn.db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
    }
    return { batch: this.write!.batch, created: this.write!.created };
  }

  private attempt(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.failure = { error };
      this.rollback();
    }
  }

  private rollback(): void {
    if (this.conn.db.inTransaction) this.conn.db.exec("ROLLBACK");
  }
}
