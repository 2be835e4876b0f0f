/** Messages between the main thread and a SQLite store thread, and how errors cross it. */
import { RateLimitRefusedError, type StoreConflictCode, StoreConflictError } from "../errors.js";
import type { RateLimitState } from "../port.js";

/**
 * One call: `method` of the store `storeId` (a thread serves every store its process opened). The
 * pseudo-methods `open` (args: [path]) and `close` create and drop that store.
 */
export interface StoreCall {
  id: number;
  storeId: number;
  method: string;
  args: unknown[];
}

export type StoreReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SerializedError };

/** What survives of an error: enough for the API's error mapping (class, `code`) and the logs. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  /** RateLimitRefusedError's states and costs. */
  states?: RateLimitState[];
  costs?: number[];
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === "string" ? { code } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
    ...(error instanceof RateLimitRefusedError ? { states: error.states, costs: error.costs } : {}),
  };
}

/**
 * The error again on this side: a StoreConflictError or RateLimitRefusedError stays one; others keep
 * name, code and stack.
 */
export function deserializeError(serialized: SerializedError): Error {
  if (serialized.name === "StoreConflictError") {
    return new StoreConflictError(serialized.code as StoreConflictCode, serialized.message);
  }
  if (serialized.name === "RateLimitRefusedError")
    return new RateLimitRefusedError(serialized.states ?? [], serialized.costs ?? []);
  const error = new Error(serialized.message) as Error & { code?: string };
  error.name = serialized.name;
  if (serialized.code !== undefined) error.code = serialized.code;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}
