/**
 * POSTs one webhook request under the website fetcher's SSRF rules (docs/web.md): the URL is checked
 * by the guard (scheme, no credentials, WEB_ALLOWED_PORTS, every resolved address public unless
 * WEB_ALLOW_PRIVATE_NETWORK), and the connection goes to the checked address through the pinned
 * connector, so a second DNS answer cannot redirect it. Bounded: one deadline for DNS, connection,
 * headers and body; redirects are not followed (a 3xx is an unsuccessful answer); at most
 * MAX_RESPONSE_BYTES of the answer are read, then the connection is dropped.
 */
import { Agent, request } from "undici";
import { classifyTransportFailure } from "../web/fetch/transport-failure.js";
import { AddressPins, pinnedConnector } from "../web/guard/pinned-connector.js";
import type { Resolver } from "../web/guard/resolver.js";
import { createSsrfGuard, type SsrfGuard } from "../web/guard/ssrf-guard.js";

/** The answer is discarded; reading a little of it lets a keep-alive connection be reused. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface WebhookSenderOptions {
  allowPrivateNetwork: boolean;
  allowedPorts: readonly number[];
  /** One POST, everything included (ms). */
  timeoutMs: number;
  resolver: Resolver;
  userAgent: string;
}

/**
 * What the client is told for each kind of failure. `error` is stored in the batch's metadata, which
 * any API key of the org reads: it must not say what a name resolved to, nor carry the system's
 * error text ("vm resolves to 127.0.0.1", "ENOTFOUND"), or the API maps internal names to private
 * addresses. The full reason goes to `detail` (server log only, debug level).
 */
const PUBLIC_REASONS = {
  blocked_scheme: "the receiver's URL scheme is not allowed",
  blocked_credentials: "credentials in the receiver's URL are not allowed",
  blocked_port: "the receiver's port is not allowed",
  blocked_address: "the receiver's address is not allowed (private or reserved network)",
  dns_failure: "the name did not resolve",
  timeout: "no complete answer in time",
  connection_error: "the connection failed",
  tls_error: "the TLS connection failed",
  bad_response: "the answer was not valid HTTP",
} as const;

export type SendFailureKind = keyof typeof PUBLIC_REASONS;

/**
 * What a POST came to: `statusCode` when the receiver answered; otherwise `error`, a stable code
 * (`blocked_scheme`, `blocked_credentials`, `blocked_port`, `blocked_address`, `dns_failure`,
 * `timeout`, `connection_error`, `tls_error`, `bad_response`) followed by `: ` and a fixed phrase
 * per code (client-visible), and `detail`, the full reason with names, addresses and system error
 * text (server log only). `final`: retrying cannot help under this configuration (the guard refused
 * the URL).
 */
export interface SendOutcome {
  statusCode: number | null;
  error: string | null;
  detail: string | null;
  final: boolean;
  durationMs: number;
}

/** The failure outcome of kind `kind`: the fixed public phrase in `error`, `reason` in `detail`. */
function failure(kind: SendFailureKind, reason: string, final: boolean, durationMs: number): SendOutcome {
  return { statusCode: null, error: `${kind}: ${PUBLIC_REASONS[kind]}`, detail: reason, final, durationMs };
}

export class WebhookSender {
  private readonly guard: SsrfGuard;
  private readonly pins = new AddressPins();
  private readonly agent: Agent;

  constructor(private readonly options: WebhookSenderOptions) {
    this.guard = createSsrfGuard({
      allowPrivateNetwork: options.allowPrivateNetwork,
      allowedPorts: options.allowedPorts,
      resolver: options.resolver,
    });
    this.agent = new Agent({
      connect: pinnedConnector(this.pins, { timeout: options.timeoutMs }),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 4000,
    });
  }

  /** POSTs `body` (JSON text) to `url` with `headers`. Never rejects. */
  async post(url: string, body: string, headers: Record<string, string>): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const parsed = new URL(url);
    let verdict: Awaited<ReturnType<SsrfGuard["check"]>>;
    try {
      verdict = await this.guard.check(parsed, signal);
    } catch {
      return failure("timeout", "the name did not resolve in time", false, elapsed());
    }
    if (verdict.kind === "blocked") {
      return failure(`blocked_${verdict.refusal}`, verdict.reason, true, elapsed());
    }
    if (verdict.kind === "dns_failure") return failure("dns_failure", verdict.reason, false, elapsed());
    this.pins.pin(verdict.hostname.toLowerCase(), verdict.address);
    try {
      const response = await request(parsed, {
        dispatcher: this.agent,
        method: "POST",
        signal,
        headers: {
          "content-type": "application/json",
          "user-agent": this.options.userAgent,
          ...headers,
        },
        body,
      });
      let read = 0;
      for await (const chunk of response.body) {
        read += (chunk as Buffer).length;
        if (read > MAX_RESPONSE_BYTES) {
          response.body.destroy();
          break;
        }
      }
      return {
        statusCode: response.statusCode,
        error: null,
        detail: null,
        final: false,
        durationMs: elapsed(),
      };
    } catch (error) {
      if (signal.aborted) {
        const reason = `no complete answer within ${this.options.timeoutMs / 1000} s`;
        return failure("timeout", reason, false, elapsed());
      }
      const transport = classifyTransportFailure(error);
      return failure(transport.kind, transport.reason, false, elapsed());
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
