/**
 * Memory bounds of request bodies (issue 12: 60 connections that declared 30 MiB bodies, sent most
 * of them and stalled took RSS from 0.84 to 2.06 GB, for good). Fastify buffers a body whole before
 * parsing it, so what a process holds is bounded by admitting bodies against a byte budget:
 *
 * - a request's body is counted at its declared Content-Length (the body limit when it is chunked),
 *   per API key (the client address before authentication) and in all, from before the first byte
 *   is read until its response is over (the parsed body lives until then too);
 * - past the key's share: 429, past the total: 503, both with Retry-After, before the body is read,
 *   and the connection is closed so that the rest of the body is never read either;
 * - a body that sends nothing for `bodyIdleTimeoutMs` is cut with a 408 and the connection closed.
 */
import { PassThrough, type Readable } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError } from "./errors.js";

/** Bytes reserved per owner (an API key or a client address) and in all. */
export class UploadBudget {
  private total = 0;
  private readonly owners = new Map<string, number>();

  constructor(private readonly limits: { totalBytes: number; perOwnerBytes: number }) {}

  /** Bytes reserved now, in all. */
  get reservedBytes(): number {
    return this.total;
  }

  /**
   * Reserves `bytes` for `owner`: returns the function that gives them back (idempotent), or which
   * bound refused them.
   */
  reserve(owner: string, bytes: number): (() => void) | "total" | "owner" {
    const held = this.owners.get(owner) ?? 0;
    if (held + bytes > this.limits.perOwnerBytes) return "owner";
    if (this.total + bytes > this.limits.totalBytes) return "total";
    this.owners.set(owner, held + bytes);
    this.total += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= bytes;
      const left = (this.owners.get(owner) ?? bytes) - bytes;
      if (left > 0) this.owners.set(owner, left);
      else this.owners.delete(owner);
    };
  }
}

/** Retry-After of a refused upload: bodies in flight take seconds, not minutes. */
const RETRY_UPLOAD_SECONDS = 5;

const CLOSE = { connection: "close" };

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers["content-length"];
  if (length !== undefined) return Number(length) > 0;
  return request.headers["transfer-encoding"] !== undefined;
}

/**
 * `source` through a stream that fails with a 408 when no byte arrived for `idleMs`. The request
 * itself is left alone (destroying it would close the socket before the 408 is written).
 */
export function withIdleTimeout(source: Readable, idleMs: number): PassThrough {
  const body = new PassThrough();
  const stall = () => {
    source.unpipe(body);
    body.destroy(
      new ApiError(
        408,
        "request_timeout",
        `The request body stalled: nothing arrived for ${idleMs / 1000} s (BODY_IDLE_TIMEOUT_SECONDS); the connection is closed`,
        undefined,
        CLOSE,
      ),
    );
  };
  const timer = setTimeout(stall, idleMs);
  timer.unref();
  source.on("data", () => timer.refresh());
  source.once("end", () => clearTimeout(timer));
  // A client that went away: the parser must not wait for the rest forever.
  source.once("close", () => {
    clearTimeout(timer);
    if (!source.readableEnded)
      body.destroy(new ApiError(400, "bad_request", "The client closed the request"));
  });
  body.once("close", () => clearTimeout(timer));
  source.pipe(body);
  return body;
}

/**
 * Installs the bounds on every route of `app` (404s included: an unknown path is not a way to make
 * the server buffer a body). Runs before parsing, after authentication (`request.org`).
 */
export function installUploadGuard(
  app: FastifyInstance,
  options: { budget: UploadBudget; bodyLimitBytes: number; bodyIdleTimeoutMs: number },
): void {
  const { budget, bodyLimitBytes, bodyIdleTimeoutMs } = options;
  app.addHook("preParsing", async (request, reply, payload) => {
    if (!hasBody(request)) return payload;
    const declared = Number(request.headers["content-length"]);
    // Fastify refuses a declared length over the limit with a 413 before reading a byte.
    if (declared > bodyLimitBytes) return payload;
    const bytes = Number.isFinite(declared) ? declared : bodyLimitBytes;
    const owner = request.org ? `key:${request.org.keyId}` : `ip:${request.ip}`;
    const release = budget.reserve(owner, bytes);
    if (release === "owner" || release === "total") {
      const [status, code, whose] =
        release === "owner"
          ? ([429, "rate_limited", "this API key's uploads"] as const)
          : ([503, "unavailable", "uploads to this server"] as const);
      throw new ApiError(
        status,
        code,
        `Too many request bodies in progress: ${whose} already hold the bytes allowed (UPLOAD_BUFFER_${release === "owner" ? "PER_KEY_" : ""}MB); retry in ${RETRY_UPLOAD_SECONDS} s`,
        undefined,
        { ...CLOSE, "retry-after": String(RETRY_UPLOAD_SECONDS) },
      );
    }
    const body = withIdleTimeout(payload as Readable, bodyIdleTimeoutMs);
    // Once the response is over nothing reads the body any more (a chunked body past the limit gets
    // its 413 mid-stream): its stall timer must not fire later with an error nobody listens to, which
    // crashed the process 10 s after such a request (a new-user trial). Errors of this stream are only
    // ever for the body parser; when it stopped listening they have no one left to tell.
    body.on("error", () => {});
    reply.raw.once("close", () => {
      release();
      body.destroy();
    });
    return body;
  });
}
