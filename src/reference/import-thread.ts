/**
 * The body of one import thread (run by piscina, see import-pool.ts): a chunk of raw rows in, the
 * store's columns out (import-chunk.ts). No database: the importing thread writes.
 */
import { type ChunkResult, type ImportChunk, normalizeChunk } from "./import-chunk.js";

export default function run(chunk: ImportChunk): ChunkResult {
  return normalizeChunk(chunk);
}
