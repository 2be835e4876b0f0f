/**
 * `npx tsx bench/web-worker-bench.ts`: the worker's jobs/s with the web source (WEB_FETCHING=on)
 * against a loopback site server, beside the same batch with fetching off, in the same run (issue 9).
 *
 * The site server serves the fixture pages of test/fixtures/web/ on loopback under 20 host names
 * (www.site0.example-shop.com …, resolved to 127.0.0.1 by the fixture enricher), so the fetcher's
 * per-host limits act as they would on the web; every place gets its own URL (a query string), so
 * the page cache never answers. Each place is a fixture page's business (its name, city and
 * country) with that page as its `website` hint. Both runs: the service as `serve` starts it (API +
 * workers, WORKER_THREADS threads, SQLite in threads) on a temp file, REFERENCE_DEFAULT=none; jobs/s
 * from the batch's created_at to its last job's update.
 *
 * Knobs: BENCH_WEB_JOBS (default 1000), BENCH_WEB_DELAY_MS: the site server's answer delay (default
 * 0; e.g. 200 to imitate real sites' latency).
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createOrgWithKey } from "../src/accounts/api-keys.js";
import { systemClock } from "../src/clock.js";
import { openMigratedStore, startService } from "../src/composition.js";
import { loadConfig } from "../src/config.js";
import { freePort, waitFor } from "../test/support/processes.js";
import { tempDatabasePath } from "../test/support/temp-db.js";

const JOBS = Number(process.env.BENCH_WEB_JOBS ?? 1000);
const DELAY_MS = Number(process.env.BENCH_WEB_DELAY_MS ?? 0);
const HOSTS = 20;
const DIR = join(import.meta.dirname, "../test/fixtures/web");
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Page {
  file: string;
  name: string;
  city: string;
  country?: string;
}

function pages(): Page[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith(".expected.json"))
    .sort()
    .flatMap((f) => {
      const { input, expected } = JSON.parse(readFileSync(join(DIR, f), "utf8"));
      if (!expected.names?.[0]) return [];
      return [
        {
          file: f.replace(/\.expected\.json$/, ".html"),
          name: expected.names[0] as string,
          city: (expected.address?.city as string | undefined) ?? "Springfield",
          country: input.country as string | undefined,
        },
      ];
    });
}

/** The sites: fixture pages and a robots.txt allowing all, on 127.0.0.1 (every name resolves there). */
async function startSites(): Promise<{ port: number; close(): Promise<void> }> {
  const bodies = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const send = () => {
      if (path === "/robots.txt") {
        res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nAllow: /\n");
        return;
      }
      const file = decodeURIComponent(path.slice(1));
      if (!/^[\w.-]+\.html$/.test(file)) {
        res.writeHead(404).end();
        return;
      }
      let body = bodies.get(file);
      if (!body) {
        try {
          body = readFileSync(join(DIR, file));
        } catch {
          res.writeHead(404).end();
          return;
        }
        bodies.set(file, body);
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
    };
    if (DELAY_MS > 0) setTimeout(send, DELAY_MS);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Runs one batch on a fresh service (API + workers, as `serve` starts them) with `env`; jobs/s by
 * the batch's own timestamps. In this process, because the website source must resolve the fixture
 * names to loopback: the threads use test/support/enrichers/web-fixture.ts (the standard enricher
 * with a resolver answering 127.0.0.1), which a `serve` process cannot be told to load.
 */
async function runBatch(label: string, env: Record<string, string>, jobs: unknown[]): Promise<number> {
  const db = tempDatabasePath();
  const port = await freePort();
  const config = loadConfig({
    ...process.env,
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: db.path,
    REFERENCE_DEFAULT: "none",
    LOG_LEVEL: "warn",
    ...env,
  });
  const setup = await openMigratedStore(config);
  const { key } = await createOrgWithKey(setup, "bench", Date.now());
  await setup.close();
  const service = await startService(config, { api: true, workers: true }, systemClock, {
    enricherModule: pathToFileURL(join(import.meta.dirname, "../test/support/enrichers/web-fixture.ts")).href,
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const created = await fetch(`${url}/v1/bench/place_enrichment/batches`, {
      method: "POST",
      headers,
      body: JSON.stringify({ batch_name: label, jobs, attribute_set: "core" }),
    });
    if (!created.ok) throw new Error(`${label}: create answered ${created.status}: ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const batch = await waitFor(
      async () => {
        const r = await fetch(`${url}/v1/bench/place_enrichment/batches/${id}?include=metadata`, { headers });
        const b = (await r.json()) as {
          status: string;
          created_at: string;
          updated_at: string;
          metadata: { status_counts: Record<string, number> };
        };
        return b.status === "completed" || b.status === "failed" ? b : undefined;
      },
      3_600_000,
      `${label}: the batch to finish`,
    );
    const seconds = (Date.parse(batch.updated_at) - Date.parse(batch.created_at)) / 1000;
    // Websites at HIGH: only a site read and verified on two agreeing facts gets there (an unread hint
    // stays MEDIUM), so this says the web source did run.
    const page = (await (
      await fetch(`${url}/v1/bench/place_enrichment/jobs?batchId=${id}&limit=1000`, { headers })
    ).json()) as { jobs: Array<{ confidence_scores?: Record<string, string> }> };
    const verified = page.jobs.filter((j) => j.confidence_scores?.website === "HIGH").length;
    const rate = jobs.length / seconds;
    say(
      `  ${label}: ${jobs.length} jobs in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} jobs/s; ${JSON.stringify(batch.metadata.status_counts)}; website HIGH on ${verified} of the first ${page.jobs.length}`,
    );
    return rate;
  } finally {
    await service.stop();
    db.cleanup();
  }
}

const corpus = pages();
const sites = await startSites();
try {
  const jobs = Array.from({ length: JOBS }, (_, i) => {
    const page = corpus[i % corpus.length]!;
    // Names the fixture enricher resolves to 127.0.0.1: one host per site for the fetcher's limits.
    const host = `www.site${i % HOSTS}.example-shop.com`;
    return {
      place_id: `p${i}`,
      inputs: {
        name: page.name,
        city: page.city,
        ...(page.country ? { country_code: page.country } : {}),
        website: `http://${host}:${sites.port}/${page.file}?place=${i}`,
      },
    };
  });
  say(
    `web-worker-bench: ${JOBS} places over ${corpus.length} fixture pages on ${HOSTS} loopback hosts, answer delay ${DELAY_MS} ms`,
  );
  const off = await runBatch("fetching off (baseline)", { WEB_FETCHING: "off" }, jobs);
  const on = await runBatch(
    "fetching on",
    {
      WEB_FETCHING: "on",
      WEB_ALLOW_PRIVATE_NETWORK: "true",
      WEB_ALLOWED_PORTS: String(sites.port),
      WEB_PER_HOST_DELAY_MS: "0",
    },
    jobs,
  );
  say(`  web source: ${(on / off).toFixed(3)}x the jobs/s of fetching off`);
} finally {
  await sites.close();
}
