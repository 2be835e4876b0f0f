/**
 * A client that gave up on a 50,000-job create (closed its connection while the server was still at
 * it) retries with the same Idempotency-Key against a real server: it gets 409 while the first attempt
 * runs, then the first attempt's answer, and there is one batch (both stores).
 */
import { connect } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { type CliProcess, freePort, startCli, waitFor } from "../support/processes.js";
import { createTestDatabase, STORE_KINDS } from "../support/test-app.js";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.each(STORE_KINDS)("on %s", (kind) => {
  it("a retry after a dropped 50,000-job create gets one batch", async () => {
    const db = await createTestDatabase(kind);
    cleanups.push(db.cleanup);
    const port = await freePort();
    const server: CliProcess = startCli(["serve", "--no-workers"], {
      DATABASE_URL: db.url,
      HOST: "127.0.0.1",
      PORT: String(port),
    });
    cleanups.push(async () => {
      server.child.kill("SIGKILL");
      await server.exited;
    });
    const key = await waitFor(
      async () => /DEMO_API_KEY=(\S+)/.exec(server.output())?.[1],
      60_000,
      "demo key",
    );
    const root = `http://127.0.0.1:${port}`;
    await waitFor(async () => ((await fetch(`${root}/health`)).ok ? true : undefined), 60_000, "health");
    const jobs = Array.from({ length: 50_000 }, (_, i) => ({
      place_id: `p${i}`,
      inputs: { name: `Shop ${i}`, full_address: `${i} High St, Boston, MA 02108` },
    }));
    const body = JSON.stringify({ batch_name: "Big", jobs });
    const path = "/v1/demo/place_enrichment/batches";
    const headers = {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
      "idempotency-key": "create-big-1",
    };

    // The first attempt: the whole request is sent, then the client gives up before the answer.
    await new Promise<void>((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port }, () => {
        const head = Object.entries({
          ...headers,
          host: "127.0.0.1",
          "content-length": Buffer.byteLength(body),
        })
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join("");
        socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n`);
        socket.write(body, () =>
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 300),
        );
      });
      socket.on("error", reject);
    });

    // Retries, as a client with back-off does: 409 while the first one runs, then its answer.
    const statuses: number[] = [];
    const answer = await waitFor(
      async () => {
        const r = await fetch(`${root}${path}`, { method: "POST", headers, body });
        statuses.push(r.status);
        if (r.status === 409) {
          expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
          return undefined;
        }
        return {
          status: r.status,
          replayed: r.headers.get("idempotent-replayed"),
          json: (await r.json()) as any,
        };
      },
      60_000,
      "the retry's answer",
    );
    expect(answer.status).toBe(200);
    expect(answer.json.jobs.queued.length + answer.json.jobs.pending.length).toBe(50_000);
    const list = (await (
      await fetch(`${root}${path}?limit=10`, { headers: { authorization: `Bearer ${key}` } })
    ).json()) as { total: number; batches: Array<{ id: string }> };
    expect(list.total).toBe(1);
    expect(list.batches[0]!.id).toBe(answer.json.id);
    console.info(`${kind}: retries answered ${statuses.join(", ")} (replayed: ${answer.replayed})`);
  }, 180_000);
});
