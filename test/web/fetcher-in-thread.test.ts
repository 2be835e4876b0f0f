import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { threadModule } from "../../src/threads/thread-module.js";
import type { FetchOutcome } from "../../src/web/fetch/fetch-outcome.js";
import { FIXTURE_PAGE, startWebFixtureServer, type WebFixtureServer } from "../support/web-fixture-server.js";

let server: WebFixtureServer;
beforeAll(async () => {
  server = await startWebFixtureServer();
});
afterAll(() => server.close());

describe("a page fetcher in a worker thread", () => {
  it("is built from the cloned config and fetches, one instance per thread", async () => {
    const config = {
      ...loadConfig({ WEB_ALLOW_PRIVATE_NETWORK: "on" }).web,
      allowedPorts: [server.port],
      perHostDelayMs: 0,
    };
    const thread = threadModule("./fetcher-thread", import.meta.url);
    const worker = new Worker(new URL(thread.filename), { workerData: { ...thread, config } });
    try {
      const fetch = async (url: string) => {
        worker.postMessage(url);
        const [outcome] = await once(worker, "message");
        return outcome as FetchOutcome;
      };
      const first = await fetch(`http://127.0.0.1:${server.port}/page`);
      expect(first).toMatchObject({ kind: "ok", text: FIXTURE_PAGE, fromCache: false });
      expect(await fetch(`http://127.0.0.1:${server.port}/page`)).toMatchObject({
        kind: "ok",
        fromCache: true,
      });
      expect(server.hits("/page", "127.0.0.1")).toHaveLength(1);
      worker.postMessage(null);
      await once(worker, "exit");
    } finally {
      await worker.terminate();
    }
  });
});
