/**
 * The threads that normalize an import's rows (import-thread.ts) while the importing thread reads
 * the file and writes the store: piscina, as for enrichment (src/worker/enrichment-pool.ts), so
 * queueing and thread failures are not ours to write. A thread costs ~1 s to start under tsx (less
 * compiled) and its modules (libphonenumber metadata, taxonomy) ~60 MB, so small files are
 * normalized in the importing thread instead (see importer.ts).
 */
import { Piscina } from "piscina";
import { RunningTasks } from "../threads/settled-shutdown.js";
import { threadModule } from "../threads/thread-module.js";
import type { ChunkResult, ImportChunk } from "./import-chunk.js";

const THREAD = threadModule("./import-thread", import.meta.url);
const YOUNG_GENERATION_MB = 96;
/** A chunk takes well under a second (~75 µs a place); past this, close() destroys regardless. */
const SETTLE_BOUND_MS = 10_000;

export class ImportPool {
  private readonly piscina: Piscina;
  private readonly running = new RunningTasks();

  constructor(readonly threads: number) {
    this.piscina = new Piscina({
      filename: THREAD.filename,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: { threadModule: THREAD.threadModule },
      // Normalization allocates many short-lived strings and objects: a larger young generation
      // (V8's default semi-space is 16 MB) means fewer scavenges — measured −6 % CPU per place
      // (75.5 → 70.7 µs, 150,000 synthetic Overture places, semi-space 32 MB).
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
  }

  normalize(chunk: ImportChunk): Promise<ChunkResult> {
    return this.running.track(this.piscina.run(chunk) as Promise<ChunkResult>);
  }

  /** Lets chunks still in the threads finish (see settled-shutdown.ts), then ends the threads. */
  async close(): Promise<void> {
    await this.running.settled(SETTLE_BOUND_MS);
    await this.piscina.destroy();
  }
}
