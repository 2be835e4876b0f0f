/**
 * A webhook receiver on loopback for the webhook tests: real HTTP (node:http on 127.0.0.1, port 0)
 * that keeps every request it got (headers and the raw body, as the signature covers it) and answers
 * with the scripted statuses in turn (200 once they run out), an answer held back when asked.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** The statuses of the next answers, in order. */
  answerWith(...statuses: number[]): void;
  /**
   * Holds back the answer to the `n`-th request from now (1 = the next one) until the returned
   * function is called: a test can look at the state in between (mind WEBHOOK_TIMEOUT_SECONDS).
   */
  holdAnswer(n: number): () => void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const script: number[] = [];
  const holds = new Map<number, Promise<void>>();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const number = ++requests;
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      received.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const status = script.shift() ?? 200;
      await holds.get(number);
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status < 300 ? "ok" : "not now");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/place-enrich`,
    port,
    received,
    answerWith: (...statuses) => script.push(...statuses),
    holdAnswer: (n) => {
      let release = () => {};
      holds.set(requests + n, new Promise<void>((resolve) => (release = resolve)));
      return () => release();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
