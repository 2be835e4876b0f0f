/**
 * The body of a SQLite store thread (see threaded-sqlite-store.ts). It owns better-sqlite3
 * connections (one SqliteStore per store the process opened) and answers calls one at a time:
 *
 *   main → thread   {id, storeId, method, args}       `open` [path] / `close` create and drop a store
 *   thread → main   {id, ok: true, value} | {id, ok: false, error: SerializedError}
 *
 * better-sqlite3 is synchronous: here a long statement (a 50,000-job insert, a batch status read)
 * only holds this thread, never the event loop that serves HTTP.
 */
import { parentPort } from "node:worker_threads";
import { SqliteStore } from "./sqlite-store.js";
import { type StoreCall, type StoreReply, serializeError } from "./store-thread-protocol.js";

const stores = new Map<number, SqliteStore>();
/** Why a store could not be opened: every later call of that store fails with it. */
const openFailures = new Map<number, unknown>();

async function handle(call: StoreCall): Promise<unknown> {
  if (call.method === "open") {
    try {
      stores.set(call.storeId, new SqliteStore(call.args[0] as string));
    } catch (error) {
      openFailures.set(call.storeId, error);
      throw error;
    }
    return null;
  }
  const store = stores.get(call.storeId);
  if (!store) {
    const failure = openFailures.get(call.storeId);
    if (call.method === "close") {
      openFailures.delete(call.storeId);
      return null;
    }
    throw failure ?? new Error("the store is closed");
  }
  if (call.method === "close") {
    stores.delete(call.storeId);
    return store.close();
  }
  const method = (store as unknown as Record<string, unknown>)[call.method];
  if (typeof method !== "function" || call.method === "constructor") {
    throw new Error(`SqliteStore has no method ${call.method}`);
  }
  return method.apply(store, call.args);
}

parentPort!.on("message", async (call: StoreCall) => {
  let reply: StoreReply;
  try {
    reply = { id: call.id, ok: true, value: await handle(call) };
  } catch (error) {
    reply = { id: call.id, ok: false, error: serializeError(error) };
  }
  // Bytes (a rendered page, jobs-page-json.ts) are moved, not copied: their buffer is their own.
  const value = reply.ok ? reply.value : undefined;
  parentPort!.postMessage(reply, value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : []);
});
