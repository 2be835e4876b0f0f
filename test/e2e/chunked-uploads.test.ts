/**
 * Chunked request bodies past the body limit, against a real `place-enrich serve --no-workers`
 * (SQLite) over TCP: the 413 comes mid-stream, and the server must stay up after the body's idle
 * timeout has passed (a new-user trial: the abandoned body's stall timer crashed the process 10 s
 * after a chunked 38 MB POST, with or without an API key, on any path).
 */
import { afterAll, describe, expect, it } from "vitest";
import { freePort, startCli, waitFor } from "../support/processes.js";
import { RawClient } from "../support/raw-client.js";
import { tempDatabasePath } from "../support/temp-db.js";

const db = tempDatabasePath();
const MIB = 1024 * 1024;
let server: ReturnType<typeof startCli> | null = null;
afterAll(async () => {
  server?.child.kill("SIGKILL");
  await server?.exited;
  db.cleanup();
});

/** Sends a chunked POST of `mib` MiB of JSON-ish bytes to `path` and waits for the server's answer. */
async function chunkedPost(
  port: number,
  path: string,
  key: string | null,
  mib: number,
): Promise<number | null> {
  const client = new RawClient(port);
  await client.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${key ? `Authorization: Bearer ${key}\r\n` : ""}` +
      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
  );
  const chunk = Buffer.alloc(MIB / 4, 0x20);
  const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
  for (let sent = 0; sent < mib * 4 && !client.isClosed; sent++) await client.write(framed);
  await client.write("0\r\n\r\n");
  await waitFor(async () => (client.outcome().status !== null ? true : undefined), 10_000, "an answer");
  const status = client.outcome().status;
  client.destroy();
  return status;
}

describe("chunked uploads past the body limit", () => {
  it("answer 413 and leave the server up once the idle timeout has passed", async () => {
    const port = await freePort();
    server = startCli(["serve", "--no-workers"], {
      DATABASE_URL: db.path,
      HOST: "127.0.0.1",
      PORT: String(port),
      BODY_LIMIT_MB: "1",
      BODY_IDLE_TIMEOUT_SECONDS: "1",
    });
    const key = await waitFor(
      async () => /DEMO_API_KEY=(\S+)/.exec(server!.output())?.[1],
      60_000,
      "demo key",
    );
    const root = `http://127.0.0.1:${port}`;
    await waitFor(async () => ((await fetch(`${root}/health`)).ok ? true : undefined), 60_000, "health");

    expect(await chunkedPost(port, "/nope", null, 3)).toBe(413);
    expect(await chunkedPost(port, "/v1/demo/place_enrichment/batches", key, 3)).toBe(413);
    // Past the idle timeout (1 s) twice over: the server still answers, and is the same process.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${root}/health`)).status).toBe(200);
    const list = await fetch(`${root}/v1/demo/place_enrichment/batches`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(list.status).toBe(200);
  }, 90_000);
});
