/**
 * Raw TCP clients that misbehave on purpose (slow headers, stalled bodies), for the abuse tests: what
 * the server answered (status line and body, if anything) and when it closed the connection.
 */
import { connect, type Socket } from "node:net";

export interface RawOutcome {
  /** HTTP status of the answer, or null when the server closed without one. */
  status: number | null;
  /** The answer's body as text (may be ""). */
  body: string;
  /** ms from connecting until the server closed the connection (null: still open at the end). */
  closedAfterMs: number | null;
}

export class RawClient {
  readonly socket: Socket;
  private received = "";
  private readonly started = Date.now();
  private closedAt: number | null = null;
  readonly closed: Promise<void>;

  constructor(port: number) {
    this.socket = connect({ host: "127.0.0.1", port });
    this.socket.setNoDelay(true);
    this.socket.on("data", (chunk) => {
      // Only the head of an answer matters here.
      if (this.received.length < 8192) this.received += chunk.toString("latin1");
    });
    this.socket.on("error", () => {});
    this.closed = new Promise((resolve) =>
      this.socket.once("close", () => {
        this.closedAt = Date.now();
        resolve();
      }),
    );
  }

  get isClosed(): boolean {
    return this.closedAt !== null;
  }

  /** Writes unless the server already closed; resolves when written (or at once when closed). */
  write(data: string | Buffer): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve();
    return new Promise((resolve) => {
      if (this.socket.write(data)) return resolve();
      const done = () => {
        this.socket.off("drain", done);
        this.socket.off("close", done);
        resolve();
      };
      this.socket.once("drain", done);
      this.socket.once("close", done);
    });
  }

  outcome(): RawOutcome {
    const match = /^HTTP\/1\.1 (\d{3})/.exec(this.received);
    const split = this.received.indexOf("\r\n\r\n");
    return {
      status: match ? Number(match[1]) : null,
      body: split >= 0 ? this.received.slice(split + 4) : "",
      closedAfterMs: this.closedAt === null ? null : this.closedAt - this.started,
    };
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Resident set size of a process, in MB (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}
