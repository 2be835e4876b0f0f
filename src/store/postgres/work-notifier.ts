/**
 * Cross-process wake-ups with LISTEN/NOTIFY: a process that queued jobs sends NOTIFY on the schema's
 * channel after its transaction committed; every worker process LISTENs on one dedicated connection
 * (outside the pool) and wakes at once instead of polling hard.
 *
 * Why LISTEN/NOTIFY rather than only a short poll: with M idle workers a 250 ms poll is 4·M queries
 * per second for nothing; with notifications idle workers back off to a slow poll (which still covers
 * delayed retries and expired leases) and new work starts within milliseconds.
 *
 * The LISTEN connection may drop (server restart, pg_terminate_backend): it reconnects with back-off
 * (1 s doubling to 30 s) and calls `onWork` after each reconnect, since notifications sent while it
 * was away are lost.
 */
import pg from "pg";
import { type PostgresConnection, quoteIdent } from "./connection.js";

const MIN_RECONNECT_MS = 1000;
const MAX_RECONNECT_MS = 30_000;

/** One channel per schema, so test schemas and tenants sharing a server don't wake each other. */
export function workChannel(schema: string | null): string {
  return `pe_work_${schema ?? "default"}`.slice(0, 63);
}

export async function notifyWork(conn: PostgresConnection): Promise<void> {
  await conn.query("SELECT pg_notify($1, '')", [workChannel(conn.schema)]);
}

export class WorkListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retryMs = MIN_RECONNECT_MS;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly conn: PostgresConnection,
    private readonly onWork: () => void,
    private readonly onError: (error: Error) => void = () => {},
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client(this.conn.clientConfig);
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, new Error("LISTEN connection ended")));
    client.on("notification", () => this.onWork());
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(workChannel(this.conn.schema))}`);
      if (this.stopped) {
        await client.end().catch(() => {});
        return;
      }
      this.client = client;
      this.retryMs = MIN_RECONNECT_MS;
      this.onWork(); // anything queued while we were not listening
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.stopped || (this.client !== client && this.client !== null)) return;
    this.client = null;
    client.end().catch(() => {});
    if (this.timer) return;
    this.onError(error);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(MAX_RECONNECT_MS, this.retryMs * 2);
  }
}
