// Entry of a worker thread when the service runs from TypeScript sources (tsx, tests): tsx's loader,
// registered in the main thread, does not reach worker threads (measured on Node 20.20), so this
// registers it in the thread, then loads the thread's real module (workerData.threadModule).
// Compiled (dist/), threads load their .js module directly. See thread-module.ts.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const threadModule = await import(workerData.threadModule);

export default threadModule.default;
