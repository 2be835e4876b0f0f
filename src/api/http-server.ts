/**
 * The HTTP server's own limits (issue 12) and the errors it answers before a route runs, in the API's
 * one error shape `{"detail": …}` without echoing the request:
 *
 * - headers must arrive within HEADERS_TIMEOUT_SECONDS and the whole request within
 *   REQUEST_TIMEOUT_SECONDS, checked every second (Node's default check runs every 30 s: a
 *   slowloris connection lived ~74 s); idle keep-alive connections close after
 *   KEEP_ALIVE_TIMEOUT_SECONDS;
 * - a stalled body is upload-guard.ts's business (BODY_IDLE_TIMEOUT_SECONDS);
 * - malformed requests, oversized headers and timeouts caught by Node (`clientError`), malformed
 *   URLs and path parameters past MAX_PARAM_LENGTH (414) are answered here.
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import {
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from "fastify";
import type { HttpLimitsConfig } from "../config.js";

/**
 * Longest path parameter the router accepts, in raw (percent-encoded) characters: a 256-character
 * batch or place id of 3-byte characters is 2,304. Longer is a 414; up to it, the schemas' own
 * limits (256 characters) answer with a 422 naming the parameter.
 */
export const MAX_PARAM_LENGTH = 2304;

/** How often Node checks the header and request timeouts. */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

function clientErrorBody(error: NodeJS.ErrnoException): [status: number, detail: string] {
  switch (error.code) {
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return [408, "Request timeout: the request did not arrive in time; the connection is closed"];
    case "HPE_HEADER_OVERFLOW":
      return [431, "Request headers too large: at most 16 KB of request line and headers"];
    default:
      return [400, "Malformed HTTP request"];
  }
}

/** Answers what Node's HTTP parser refused, then closes the connection (as Node itself does). */
function onClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, detail] = clientErrorBody(error);
  const body = JSON.stringify({ detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroySoon();
}

function onFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  reply.header("connection", "close");
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    reply.code(414).send({
      detail: `URI too long: a path parameter is longer than ${MAX_PARAM_LENGTH} characters (ids have at most 256)`,
    });
    return;
  }
  reply.code(400).send({ detail: "Malformed URL: a path part is not valid percent-encoding" });
}

/** Fastify options for the limits above; `trustProxy` as TRUST_PROXY gives it (see config.ts). */
export function httpServerOptions(limits: HttpLimitsConfig): Partial<FastifyServerOptions> {
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    clientErrorHandler: onClientError,
    frameworkErrors: onFrameworkError,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Fastify's own request lines are off: request-log.ts writes one line per request instead.
    logController: new LogController({ disableRequestLogging: true }),
  } as Partial<FastifyServerOptions>;
}
