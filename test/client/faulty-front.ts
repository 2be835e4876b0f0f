/**
 * An HTTP front a test puts between the client and the real server to inject what networks and busy
 * servers do: a 429 or 503 with Retry-After, or a connection reset, for the next requests matching a
 * method; every other request is forwarded unchanged. It records what it saw.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | { kind: "status"; status: number; retryAfter?: string }
  | { kind: "reset-after-forward" }
  | { kind: "reset" }
  /** Forwarded unchanged (to let earlier requests through before a fault). */
  | { kind: "forward" };

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  fault: string | null;
  bodyBytes: number;
}

export class FaultyFront {
  private server: Server | null = null;
  readonly seen: SeenRequest[] = [];
  private readonly faults: Array<{ method: string; fault: Fault }> = [];

  constructor(private readonly target: string) {}

  /** The next request with this method gets `fault` (queued in order). */
  inject(method: string, fault: Fault): void {
    this.faults.push({ method, fault });
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const at = this.faults.findIndex((f) => f.method === req.method);
    const fault = at >= 0 ? this.faults.splice(at, 1)[0]!.fault : null;
    this.seen.push({
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      fault:
        fault && fault.kind !== "forward"
          ? fault.kind === "status"
            ? String(fault.status)
            : fault.kind
          : null,
      bodyBytes: body.length,
    });
    if (fault?.kind === "status") {
      res.writeHead(fault.status, {
        "content-type": "application/json",
        ...(fault.retryAfter ? { "retry-after": fault.retryAfter } : {}),
      });
      res.end(JSON.stringify({ detail: `injected ${fault.status}` }));
      return;
    }
    if (fault?.kind === "reset") {
      req.socket.destroy();
      return;
    }
    const headers = { ...req.headers };
    delete headers.host;
    delete headers["content-length"];
    const upstream = await fetch(`${this.target}${req.url}`, {
      method: req.method,
      headers: headers as Record<string, string>,
      body: body.length > 0 ? body : undefined,
    });
    const text = Buffer.from(await upstream.arrayBuffer());
    if (fault?.kind === "reset-after-forward") {
      // The server did the work; the answer is lost on the way back.
      req.socket.destroy();
      return;
    }
    const out: Record<string, string> = {};
    upstream.headers.forEach((value, key) => {
      if (key !== "content-encoding" && key !== "transfer-encoding" && key !== "content-length")
        out[key] = value;
    });
    res.writeHead(upstream.status, out);
    res.end(text);
  }
}
