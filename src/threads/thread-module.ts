/**
 * Where a worker thread's code is. Running from TypeScript sources (tsx, tests), a thread first loads
 * typescript-entry.mjs, which registers tsx and then imports the `.ts` module; compiled, the thread
 * loads the `.js` module itself. Both receive the module's URL as `workerData.threadModule`.
 */
const RUNNING_TYPESCRIPT = import.meta.url.endsWith(".ts");

export interface ThreadModule {
  /** What to pass as the Worker's (or piscina's) filename. */
  filename: string;
  /** To merge into workerData. */
  threadModule: string;
}

/**
 * `path`: the thread module relative to the caller's file, without extension (e.g. "./store-thread");
 * `base`: the caller's `import.meta.url`.
 */
export function threadModule(path: string, base: string): ThreadModule {
  const module = new URL(`${path}.${RUNNING_TYPESCRIPT ? "ts" : "js"}`, base).href;
  return {
    filename: RUNNING_TYPESCRIPT ? new URL("./typescript-entry.mjs", import.meta.url).href : module,
    threadModule: module,
  };
}

/** A sibling module's URL with the extension the running code has (.ts from sources, .js compiled). */
export function moduleUrl(path: string, base: string): string {
  return new URL(`${path}.${RUNNING_TYPESCRIPT ? "ts" : "js"}`, base).href;
}
