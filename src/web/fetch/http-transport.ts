/**
 * One HTTP GET at a time, safely: `check` runs the SSRF guard (name resolution bounded by the
 * headers timeout), `send` pins the checked address and sends the request through an undici Agent
 * whose connector dials only pinned addresses (pinned-connector.ts). Redirects are not followed
 * here: the page fetcher follows them by hand, checking each hop. undici's `request` does not
 * decompress, so body-reader.ts sees the bytes as sent.
 */
import type { Readable } from "node:stream";
import { Agent, request } from "undici";
import { timeLimit } from "../../abort/time-limit.js";
import { AddressPins, pinnedConnector } from "../guard/pinned-connector.js";
import type { GuardVerdict, SsrfGuard } from "../guard/ssrf-guard.js";
import { classifyTransportFailure, type TransportFailure } from "./transport-failure.js";

export interface HttpTransportOptions {
  userAgent: string;
  headersTimeoutMs: number;
  /** undici's body timeout, an idle timer only (the page deadline is the caller's signal). */
  bodyIdleTimeoutMs: number;
  /** Connections kept per origin. */
  connectionsPerOrigin: number;
  /** Extra TLS options for the connector (a private CA for an intranet, or for tests). */
  tls?: { ca?: string | Buffer | Array<string | Buffer> };
}

export type SendResult =
  | {
      kind: "response";
      status: number;
      headers: Record<string, string | string[] | undefined>;
      body: Readable;
    }
  | { kind: "failed"; failure: TransportFailure };

export type AllowedVerdict = Extract<GuardVerdict, { kind: "allowed" }>;

export class HttpTransport {
  private readonly pins = new AddressPins();
  private readonly agent: Agent;

  constructor(
    private readonly guard: SsrfGuard,
    private readonly options: HttpTransportOptions,
  ) {
    this.agent = new Agent({
      connect: pinnedConnector(this.pins, { timeout: options.headersTimeoutMs, ...options.tls }),
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyIdleTimeoutMs,
      connections: options.connectionsPerOrigin,
      // A site's next page comes within seconds (same-site contact page) or not at all.
      keepAliveTimeout: 4000,
      keepAliveMaxTimeout: 10_000,
    });
  }

  /**
   * The guard's verdict for `url`. A resolution slower than the headers timeout is a DNS failure.
   * Rejects only when `signal` aborts.
   */
  async check(url: URL, signal: AbortSignal): Promise<GuardVerdict> {
    const limit = timeLimit(this.options.headersTimeoutMs, signal);
    try {
      return await this.guard.check(url, limit.signal);
    } catch (error) {
      if (signal.aborted) throw error;
      return {
        kind: "dns_failure",
        reason: `${url.hostname} did not resolve within ${this.options.headersTimeoutMs / 1000} s`,
      };
    } finally {
      limit.clear();
    }
  }

  /**
   * Sends GET `url` to the address `verdict` allowed; the body is left for the caller to read or
   * destroy. Rejects only when `signal` aborts.
   */
  async send(url: URL, verdict: AllowedVerdict, accept: string, signal: AbortSignal): Promise<SendResult> {
    this.pins.pin(verdict.hostname.toLowerCase(), verdict.address);
    try {
      const response = await request(url, {
        dispatcher: this.agent,
        method: "GET",
        signal,
        headers: {
          "user-agent": this.options.userAgent,
          accept,
          "accept-encoding": "gzip, deflate, br",
        },
      });
      return {
        kind: "response",
        status: response.statusCode,
        headers: response.headers,
        body: response.body,
      };
    } catch (error) {
      if (signal.aborted) throw error;
      return { kind: "failed", failure: classifyTransportFailure(error) };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** A response header as one string (repeated fields joined with ", ", RFC 9110 §5.3). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}
