/**
 * The body of a SQLite store thread (see threaded-sqlite-store.ts). It owns better-sqlite3
 * connections (one SqliteStore per store the process opened) and answers calls one at a time:
 *
 *   main → thread   {id, storeId, method, args}       `open` [path, options?] / `close` create and drop a store
 *   thread → main   {id, ok: true, value} | {id, ok: false, error: SerializedError}
 *
 * better-sqlite3 is synchronous: here a long statement (a 50,000-job insert, a batch status read)
 * only holds this thread, never the event loop that serves HTTP.
 *
 * A large batch arrives as a chunked write (beginBatchWrite, writeBatchJobs…, endBatchWrite: one open
 * transaction, chunked-batch-write.ts); meanwhile every other call waits here, in arrival order.
 */
import { parentPort } from "node:worker_threads";
import type { SqliteConnectionOptions } from "./connection.js";
import { SqliteStore } from "./sqlite-store.js";
import { type StoreCall, type StoreReply, serializeError } from "./store-thread-protocol.js";

const stores = new Map<number, SqliteStore>();
/** Why a store could not be opened: every later call of that store fails with it. */
const openFailures = new Map<number, unknown>();

async function handle(call: StoreCall): Promise<unknown> {
  if (call.method === "open") {
    try {
      stores.set(
        call.storeId,
        new SqliteStore(call.args[0] as string, call.args[1] as SqliteConnectionOptions | undefined),
      );
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

/**
 * The chunked batch write in progress (SqliteStore.beginBatchWrite): until its endBatchWrite, only its
 * own calls run; every other call (of any store: one thread, one queue) waits in `held`, in order,
 * since on this store it would run inside the open transaction. They waited as long before: the whole
 * insert was one synchronous call.
 */
let openWrite: { storeId: number; id: unknown } | null = null;
const held: StoreCall[] = [];

function belongsToOpenWrite(call: StoreCall): boolean {
  return (
    openWrite !== null &&
    call.storeId === openWrite.storeId &&
    (call.method === "writeBatchJobs" || call.method === "endBatchWrite") &&
    call.args[0] === openWrite.id
  );
}

async function answer(call: StoreCall): Promise<void> {
  let reply: StoreReply;
  try {
    reply = { id: call.id, ok: true, value: await handle(call) };
  } catch (error) {
    reply = { id: call.id, ok: false, error: serializeError(error) };
  }
  parentPort!.postMessage(reply, reply.ok ? transferablesOf(reply.value) : []);
}

/**
 * The buffers of the bytes a reply carries, at its top or one level down (a rendered page,
 * jobs-page-json.ts; a batch's place-id lists, PlaceIdLists): moved to the main thread, not copied.
 * They come from TextEncoder, which gives each its own buffer (Buffer.from's small buffers share a
 * pool, which must never be transferred).
 */
function transferablesOf(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number) => {
    if (v instanceof Uint8Array) found.add(v.buffer as ArrayBuffer);
    else if (depth < 2 && v !== null && typeof v === "object" && !Array.isArray(v))
      for (const inner of Object.values(v)) visit(inner, depth + 1);
  };
  visit(value, 0);
  return [...found];
}

function dispatch(call: StoreCall): void {
  if (openWrite !== null && !belongsToOpenWrite(call)) {
    held.push(call);
    return;
  }
  if (call.method === "beginBatchWrite") openWrite = { storeId: call.storeId, id: call.args[0] };
  // SqliteStore's methods do their work synchronously in the call: the next dispatch sees its effect.
  const answered = answer(call);
  if (call.method === "endBatchWrite") {
    // The checkpoint its commit left out (chunked-batch-write.ts), once the reply is on its way.
    const store = stores.get(call.storeId);
    if (store) void answered.then(() => store.checkpointWal()).catch(() => {});
    openWrite = null;
    // In arrival order; one of them may open the next write, and the rest wait again behind it.
    for (const next of held.splice(0)) dispatch(next);
  }
}

parentPort!.on("message", dispatch);
