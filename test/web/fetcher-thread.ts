/**
 * A worker thread that builds its own page fetcher from cloned config (as an enrichment thread
 * will) and fetches the URLs it is sent, posting each outcome back.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { WebConfig } from "../../src/config.js";
import { createPageFetcher } from "../../src/web/fetch/page-fetcher.js";

const pages = createPageFetcher(workerData.config as WebConfig);
parentPort!.on("message", async (url: string | null) => {
  if (url === null) {
    await pages.close();
    parentPort!.close();
    return;
  }
  parentPort!.postMessage(await pages.fetchPage(url));
});
