/**
 * The SQLite store as the service runs it: the same SqliteStore, in threads of its own, so that
 * no SQLite statement ever runs on the event loop that serves HTTP, renews leases and handles
 * signals. better-sqlite3 is synchronous; on the main thread a 50,000-job insert held the loop for
 * ~0.8 s and, with enrichment threads busy, a claimed batch's cache write for up to 360 ms (measured).
 *
 *   writer thread    every write (claims, completions, cache, batch creation, migrations)
 *   reader threads   the read-only calls of READ_METHODS (API views, authentication, cache lookups):
 *                    one for the short ones, one for the long ones (LONG_READS), one for a batch's
 *                    statistics (STATISTICS_READS)
 *   requests thread  the per-request writes of REQUEST_STATE_METHODS (rate limits, idempotency)
 *
 * Separate connections because in WAL mode readers never wait for the writer: a status poll is not queued
 * behind a worker's completion or a batch insert. A read issued after a write's promise resolved sees
 * that write (the write committed before its reply was sent).
 *
 * Calls cross by postMessage (structured clone: ~0.05 ms round trip plus the copy of the data). The
 * object implements the Store port by forwarding each method by name, so it follows SqliteStore's
 * methods without a second list to maintain. The threads are shared by every store the process
 * opens (tests open hundreds; a thread costs ~0.5 s to start under tsx) and never keep it alive idle.
 */
import { Worker } from "node:worker_threads";
import { threadModule } from "../../threads/thread-module.js";
import type { Store } from "../port.js";
import type { EncodedBatchInput } from "./batches.js";
import { ENCODE_CHUNK, encodeJobChunks, encodeJobs } from "./encoded-jobs.js";
import { deserializeError, type StoreCall, type StoreReply } from "./store-thread-protocol.js";

/** Port methods that only read: served by the reader connection. Everything else goes to the writer. */
const READ_METHODS = new Set<string>([
  "ping",
  "getOrgBySlug",
  "countOrgs",
  "listOrgs",
  "listApiKeys",
  "findApiKeyByHash",
  "findApiKeysByPrefix",
  "peekRateLimits",
  "getBatch",
  "listBatchJobStatuses",
  "listBatchPlaceIdsByStatus",
  "getBatchStats",
  "listBatchAttributeStatuses",
  "batchAttributeStatusesJson",
  "listBatches",
  "listJobs",
  "jobsPageJson",
  "getLatestJob",
  "getCachedResults",
  "queueStats",
  "getBatchWebhooks",
  "findUnmarkedFinishedBatches",
  "getOrgBudgetStates",
  "listOrgUsage",
]);

/**
 * The writes every API request makes (rate-limit counters, idempotency records): served by a third
 * connection, so that a request does not queue behind the workers' completions and cache writes on the
 * writer thread (measured under a running batch: 118–153 ms per cheap request that way, against
 * 45–73 ms without limits). SQLite still has one write lock: these short statements wait at most for
 * the writer's current transaction, in their own thread.
 */
const REQUEST_STATE_METHODS = new Set<string>([
  "consumeRateLimits",
  "beginIdempotentRequest",
  "finishIdempotentRequest",
  "abandonIdempotentRequest",
]);

const THREAD = threadModule("./store-thread", import.meta.url);

class StoreThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(private readonly role: string) {}

  call(storeId: number, method: string, args: unknown[]): Promise<unknown> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) worker.ref(); // a pending call keeps the process alive
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, storeId, method, args } satisfies StoreCall);
    });
  }

  private start(): Worker {
    const worker = new Worker(new URL(THREAD.filename), {
      workerData: { threadModule: THREAD.threadModule },
      name: `sqlite-${this.role}`,
    });
    worker.on("message", (reply: StoreReply) => {
      const call = this.pending.get(reply.id);
      if (!call) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) call.resolve(reply.value);
      else call.reject(deserializeError(reply.error));
    });
    const fail = (error: Error) => {
      // The thread is gone (it never throws by itself: calls catch their errors): its calls fail, and
      // so do later ones — a new thread would start without the stores this one held.
      if (this.worker === worker) this.worker = null;
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`SQLite ${this.role} thread exited (code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

/**
 * Reads that take long (tens of ms at 50,000 jobs: a 1,000-job page read and rendered, the workers'
 * cache lookups for a claimed chunk): they have a reader thread of their own, so that a batch status,
 * an authentication or a batch lookup never queues behind one. Measured with the service processing
 * a 50,000-job batch while a status, a page and /health were polled every 100 ms: the status's p99
 * was 118–169 ms with each call going to the less busy of two readers (a status still landed behind
 * a page whenever both had one waiting).
 */
const LONG_READS = new Set<string>(["jobsPageJson", "listJobs", "getCachedResults"]);

/**
 * A batch's statistics and attribute statuses: 0.3–0.8 s each on a 50,000–100,000-job batch (a
 * break-it trial: 20 at once held the workers' cache lookups, POST /enrich and every job page behind
 * them for 10–11 s when they shared LONG_READS' thread). A thread of their own; the API gives each
 * organization its share of it (api/heavy-read-gate.ts).
 */
const STATISTICS_READS = new Set<string>([
  "getBatchStats",
  "listBatchAttributeStatuses",
  "batchAttributeStatusesJson",
]);

/** Three reader threads: the short reads, LONG_READS, STATISTICS_READS. */
class ReaderThreads {
  private readonly short = new StoreThread("reader");
  private readonly long = new StoreThread("reader-long");
  private readonly statistics = new StoreThread("reader-statistics");

  call(storeId: number, method: string, args: unknown[]): Promise<unknown> {
    const thread = LONG_READS.has(method)
      ? this.long
      : STATISTICS_READS.has(method)
        ? this.statistics
        : this.short;
    return thread.call(storeId, method, args);
  }

  /** `open` and `close` reach every reader (each holds its own connection). */
  all(storeId: number, method: "open" | "close", args: unknown[]): Promise<unknown> {
    return Promise.all(
      [this.short, this.long, this.statistics].map((thread) => thread.call(storeId, method, args)),
    );
  }
}

const writer = new StoreThread("writer");
const readers = new ReaderThreads();
const requests = new StoreThread("requests");
let nextStoreId = 1;
/** Names the chunked batch writes of this process (SqliteStore.beginBatchWrite). */
let nextWriteId = 1;

/**
 * Opens the SQLite database at `path` on the writer, reader and requests threads. Returns a Store;
 * `close()` closes its three connections (running SQLite's `optimize`); calls after it are rejected.
 */
export function openThreadedSqliteStore(path: string): Store {
  const storeId = nextStoreId++;
  // Messages to a thread are handled in order: the opens precede every call below.
  const opened = Promise.all([
    writer.call(storeId, "open", [path]),
    readers.all(storeId, "open", [path]),
    // Its commits leave the WAL checkpoint to the writer's (connection.ts: autoCheckpoint).
    requests.call(storeId, "open", [path, { autoCheckpoint: false }]),
  ]);
  opened.catch(() => {}); // surfaces through the first call instead
  let closing: Promise<void> | null = null;
  const own: Partial<Store> = {
    kind: "sqlite",
    // The jobs cross as columns of strings and numbers (encoded-jobs.ts): cloning 50,000 job objects
    // was the slowest step of accepting. A large batch goes in chunks, each posted as soon as it is
    // encoded (or, when the jobs come as chunks, as soon as it came), so that the writer inserts while
    // this thread encodes or checks the rest (one transaction: chunked-batch-write.ts); between chunks
    // the event loop runs.
    async createOrAppendBatch(input) {
      const { jobs, ...rest } = input;
      type Accepted = Awaited<ReturnType<Store["createOrAppendBatch"]>>;
      if (Array.isArray(jobs) && jobs.length <= ENCODE_CHUNK) {
        const encoded: EncodedBatchInput = { ...rest, jobs: encodeJobs(jobs) };
        return (await writer.call(storeId, "createOrAppendEncodedBatch", [encoded])) as Accepted;
      }
      const id = nextWriteId++;
      // Failures of begin and of the chunks are kept by the writer and thrown by endBatchWrite.
      const steps = [writer.call(storeId, "beginBatchWrite", [id, rest])];
      let encoding: { error: unknown } | null = null;
      try {
        for await (const chunk of encodeJobChunks(jobs)) {
          steps.push(writer.call(storeId, "writeBatchJobs", [id, chunk]));
        }
      } catch (error) {
        encoding = { error };
      }
      // Always ended, even when encoding (or the chunk source) threw: the writer holds its other calls
      // until then. It commits only when it received every chunk (a chunk whose message failed leaves
      // the count short).
      const chunks = steps.length - 1;
      steps.push(writer.call(storeId, "endBatchWrite", [id, encoding === null, chunks]));
      const replies = await Promise.allSettled(steps);
      if (encoding) throw encoding.error;
      const end = replies.at(-1)!;
      if (end.status === "rejected") throw end.reason;
      return end.value as Accepted;
    },
    close() {
      closing ??= Promise.allSettled([
        readers.all(storeId, "close", []),
        requests.call(storeId, "close", []),
        writer.call(storeId, "close", []),
      ]).then(() => undefined);
      return closing;
    },
  };
  return new Proxy(own, {
    get(target, property) {
      if (property in target) return target[property as keyof Store];
      // Not thenable (so `await store` is the store), and no LISTEN/NOTIFY: SQLite workers poll.
      if (typeof property !== "string" || property === "then" || property === "watchForWork")
        return undefined;
      const thread = READ_METHODS.has(property)
        ? readers
        : REQUEST_STATE_METHODS.has(property)
          ? requests
          : writer;
      return (...args: unknown[]) => thread.call(storeId, property, args);
    },
  }) as Store;
}
