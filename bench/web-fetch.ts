/**
 * `npx tsx bench/web-fetch.ts`: the page fetcher's cost per page against a bare undici request of
 * the same page in the same run, both on loopback (the fixture server), so the ratio is the
 * fetcher's own overhead: SSRF guard, pinning, scheduling, robots.txt lookup, decompression count,
 * decoding. Page cache off, no per-host pause, 8 requests in flight in both, 8 hosts.
 *
 * Knobs: BENCH_WEB_PAGES (default 2000), BENCH_WEB_PATH (default /page.gz).
 */
import { Agent, request } from "undici";
import { loadConfig } from "../src/config.js";
import { createPageFetcher } from "../src/web/fetch/page-fetcher.js";
import { fixtureResolver, startWebFixtureServer } from "../test/support/web-fixture-server.js";

const PAGES = Number(process.env.BENCH_WEB_PAGES ?? 2000);
const PATH = process.env.BENCH_WEB_PATH ?? "/page.gz";
const IN_FLIGHT = 8;

async function inParallel(count: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return performance.now() - started;
}

const server = await startWebFixtureServer();
// The baseline reaches the same `*.test` names through a lookup hook that answers 127.0.0.1.
const agent = new Agent({
  connections: 1,
  connect: {
    lookup: (_host, options, callback) =>
      (options as { all?: boolean }).all
        ? (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
            { address: "127.0.0.1", family: 4 },
          ])
        : callback(null, "127.0.0.1", 4),
  },
});
const pages = createPageFetcher(
  {
    ...loadConfig({ WEB_ALLOW_PRIVATE_NETWORK: "on" }).web,
    allowedPorts: [server.port],
    perHostDelayMs: 0,
    perHostConcurrency: 1,
    concurrency: IN_FLIGHT,
    pageCacheTtlMs: 0,
  },
  { resolver: fixtureResolver },
);
const url = (i: number) => server.url(PATH, `h${i % 8}.test`);
try {
  // Warm both (connections, robots.txt, JIT).
  await inParallel(200, async (i) => {
    await (await request(url(i), { dispatcher: agent })).body.text();
    await pages.fetchPage(url(i));
  });
  const rounds: Array<[number, number]> = [];
  for (let round = 0; round < 5; round++) {
    const bare = await inParallel(PAGES, async (i) => {
      const response = await request(url(i), { dispatcher: agent, headers: { "accept-encoding": "gzip" } });
      await response.body.arrayBuffer();
    });
    const fetcher = await inParallel(PAGES, async (i) => {
      const outcome = await pages.fetchPage(url(i));
      if (outcome.kind !== "ok") throw new Error(outcome.reason);
    });
    rounds.push([bare, fetcher]);
  }
  const ratios = rounds.map(([bare, fetcher]) => fetcher / bare).sort((a, b) => a - b);
  console.log(
    `median ratio (fetchPage time / bare time) over ${rounds.length} rounds: ${ratios[2]!.toFixed(2)}x`,
  );
  for (const [bare, fetcher] of rounds) {
    console.log(
      `${PAGES} × ${PATH}: bare undici ${(PAGES / (bare / 1000)).toFixed(0)} pages/s, ` +
        `fetchPage ${(PAGES / (fetcher / 1000)).toFixed(0)} pages/s, ratio ${(fetcher / bare).toFixed(2)}x`,
    );
  }
} finally {
  await pages.close();
  await agent.close();
  await server.close();
}
