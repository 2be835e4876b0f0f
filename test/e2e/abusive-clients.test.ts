/**
 * Abusive clients against a real `place-enrich serve --no-workers` (SQLite) over TCP (issue 12):
 * stalled 30 MB uploads with valid keys, slow headers, a stalled 1 KB body, a silent connection.
 * Every socket is answered and closed within seconds, the upload budget keeps RSS bounded while the
 * attack runs, and RSS comes back once the clients are gone.
 */
import { afterAll, describe, expect, it } from "vitest";
import { freePort, runCli, startCli, waitFor } from "../support/processes.js";
import { RawClient, rssMb } from "../support/raw-client.js";
import { tempDatabasePath } from "../support/temp-db.js";

const db = tempDatabasePath();
const MIB = 1024 * 1024;
const env = {
  DATABASE_URL: db.path,
  HOST: "127.0.0.1",
  BODY_LIMIT_MB: "32",
  UPLOAD_BUFFER_PER_KEY_MB: "64",
  UPLOAD_BUFFER_MB: "96",
  BODY_IDLE_TIMEOUT_SECONDS: "2",
  HEADERS_TIMEOUT_SECONDS: "2",
};
let server: ReturnType<typeof startCli> | null = null;
afterAll(async () => {
  server?.child.kill("SIGKILL");
  await server?.exited;
  db.cleanup();
});

function postHead(key: string, contentLength: number): string {
  return (
    "POST /v1/demo/place_enrichment/batches HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
    `Authorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`
  );
}

describe("abusive clients against a real server", () => {
  it("cuts stalled uploads, slow headers and silent connections within seconds; RSS stays bounded", async () => {
    const port = await freePort();
    server = startCli(["serve", "--no-workers"], { ...env, PORT: String(port) });
    const keyA = await waitFor(
      async () => /DEMO_API_KEY=(\S+)/.exec(server!.output())?.[1],
      60_000,
      "demo key",
    );
    const root = `http://127.0.0.1:${port}`;
    await waitFor(async () => ((await fetch(`${root}/health`)).ok ? true : undefined), 60_000, "health");
    const created = await runCli(["keys", "create", "demo", "--json"], { DATABASE_URL: db.path });
    const keyB = JSON.parse(created.stdout.trim().split("\n").pop()!).api_key as string;
    const pid = server.child.pid!;
    // Settle, then the baseline: the enrichment thread's data is loaded by now.
    for (let i = 0; i < 5; i++)
      await fetch(`${root}/v1/demo/place_enrichment/batches`, {
        headers: { authorization: `Bearer ${keyA}` },
      });
    const baseline = await rssMb(pid);

    // 1. 60 connections (30 with each key) declare 30 MiB, send it in 1 MiB chunks and stall.
    const declared = 30 * MIB;
    const chunk = Buffer.alloc(MIB, 0x20);
    const uploads = Array.from({ length: 60 }, (_, i) => ({
      client: new RawClient(port),
      key: i % 2 ? keyB : keyA,
    }));
    let peak = baseline;
    const sampler = setInterval(() => {
      rssMb(pid).then(
        (mb) => (peak = Math.max(peak, mb)),
        () => {},
      );
    }, 100);
    const started = Date.now();
    await Promise.all(
      uploads.map(async ({ client, key }) => {
        await client.write(postHead(key, declared));
        for (let sent = 0; sent < declared - MIB && !client.isClosed; sent += MIB) await client.write(chunk);
        // ...and stall with the last MiB never sent.
      }),
    );
    // Meanwhile the server answers others at once.
    const health = Date.now();
    expect((await fetch(`${root}/health`)).status).toBe(200);
    expect(Date.now() - health).toBeLessThan(1000);
    await Promise.race([
      Promise.all(uploads.map((u) => u.client.closed)),
      new Promise((r) => setTimeout(r, 20_000)),
    ]);
    clearInterval(sampler);
    const outcomes = uploads.map((u) => u.client.outcome());
    for (const u of uploads) u.client.destroy();
    // Every socket answered and closed: 2 bodies of key A and 1 of key B fit the budget (96 MiB in all,
    // 64 per key) and were cut by the idle timeout; the others were refused before their body was read.
    expect(outcomes.filter((o) => o.closedAfterMs === null)).toEqual([]);
    const count = (status: number) => outcomes.filter((o) => o.status === status).length;
    // A refused upload's answer can be lost to a reset when the client is still writing as the server
    // closes (TCP discards unread data on RST): such a socket has no status but was closed all the same.
    const unanswered = outcomes.filter((o) => o.status === null).length;
    expect(count(408)).toBe(3);
    expect(count(429) + count(503) + unanswered).toBe(57);
    expect(count(429)).toBeGreaterThanOrEqual(28 - unanswered);
    // How many answers are lost that way depends on timing (6 of 57 on a quiet machine, 34 at a load
    // average of 10): the refusals' bodies are checked on those that arrived.
    expect(count(429) + count(503)).toBeGreaterThan(0);
    expect(Math.max(...outcomes.map((o) => o.closedAfterMs!))).toBeLessThan(15_000);
    const stalled = outcomes.find((o) => o.status === 408)!;
    expect(JSON.parse(stalled.body).detail).toMatch(/stalled.*BODY_IDLE_TIMEOUT_SECONDS/);
    for (const refused of outcomes.filter((o) => o.status === 503 || o.status === 429)) {
      expect(JSON.parse(refused.body).detail).toMatch(/UPLOAD_BUFFER_(PER_KEY_)?MB/);
    }
    // Three 30 MiB bodies buffered at most (and their copies): far from 60 × 30 MB.
    expect(peak - baseline).toBeLessThan(400);
    console.info(
      `stalled uploads: RSS baseline ${baseline.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, all closed after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    // 2. Slow headers (slowloris), 3. a stalled 1 KB body, 4. a connection that sends nothing.
    const slow = new RawClient(port);
    const slowWriter = (async () => {
      await slow.write("GET /health HTTP/1.1\r\nHost: x\r\n");
      for (let i = 0; i < 20 && !slow.isClosed; i++) {
        await new Promise((r) => setTimeout(r, 500));
        await slow.write(`X-Slow-${i}: y\r\n`);
      }
    })();
    const small = new RawClient(port);
    await small.write(postHead(keyA, 2048));
    await small.write(Buffer.alloc(1024, 0x20));
    const silent = new RawClient(port);
    await Promise.race([
      Promise.all([slow.closed, small.closed, silent.closed]),
      new Promise((r) => setTimeout(r, 10_000)),
    ]);
    await slowWriter;
    for (const [name, client, status] of [
      ["slow headers", slow, 408],
      ["stalled 1 KB body", small, 408],
      ["silent", silent, null],
    ] as const) {
      const outcome = client.outcome();
      client.destroy();
      expect(outcome.closedAfterMs, name).not.toBeNull();
      expect(outcome.closedAfterMs!, name).toBeLessThan(6000);
      if (status !== null) {
        expect(outcome.status, name).toBe(status);
        expect(JSON.parse(outcome.body).detail, name).toMatch(/timeout|stalled/i);
      }
    }

    // Memory comes back once they are gone (the garbage collector runs as requests go on).
    const after = await waitFor(
      async () => {
        await fetch(`${root}/v1/demo/place_enrichment/batches`, {
          headers: { authorization: `Bearer ${keyA}` },
        });
        const mb = await rssMb(pid);
        return mb - baseline < 150 ? mb : undefined;
      },
      30_000,
      "RSS back near its baseline",
    );
    console.info(`after the attack: RSS ${after.toFixed(0)} MB (baseline ${baseline.toFixed(0)} MB)`);
    expect(server.child.exitCode).toBeNull();
  }, 180_000);
});
