/**
 * A failed HTTP exchange (undici or socket error) → the outcome kind it means, and whether trying
 * again soon may help. Only a connection the server dropped (reset, closed mid-response) is
 * transient; a refused connection, a certificate problem or a malformed response will be the same a
 * second later. The caller handles aborts (its deadline, its caller's signal) before asking here.
 */
export interface TransportFailure {
  kind: "tls_error" | "timeout" | "connection_error" | "blocked_address" | "bad_response";
  reason: string;
  transient: boolean;
}

const TLS_CODES = new Set([
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

const TRANSIENT_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED"]);
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ENETDOWN",
]);

export function classifyTransportFailure(error: unknown): TransportFailure {
  const code = errorCode(error);
  const message = errorMessage(error);
  if (code === "ERR_WEB_UNPINNED_HOST") return { kind: "blocked_address", reason: message, transient: false };
  if (code === "UND_ERR_HEADERS_TIMEOUT") {
    return { kind: "timeout", reason: "no response headers in time", transient: false };
  }
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") {
    return { kind: "timeout", reason: "no connection in time", transient: false };
  }
  if (code === "UND_ERR_BODY_TIMEOUT")
    return { kind: "timeout", reason: "the body stalled", transient: false };
  if (
    (code !== undefined &&
      (TLS_CODES.has(code) || code.startsWith("ERR_TLS_") || code.startsWith("ERR_SSL_"))) ||
    (code === "EPROTO" && /ssl|tls/i.test(message))
  ) {
    return { kind: "tls_error", reason: `TLS: ${message}`, transient: false };
  }
  if (code !== undefined && TRANSIENT_CODES.has(code)) {
    return { kind: "connection_error", reason: `connection dropped (${code})`, transient: true };
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    return { kind: "connection_error", reason: `cannot connect (${code})`, transient: false };
  }
  if (code !== undefined && (code.startsWith("HPE_") || code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH")) {
    return { kind: "bad_response", reason: `malformed response (${code})`, transient: false };
  }
  return { kind: "connection_error", reason: message, transient: false };
}

/** The first `code` on the error or its causes (undici wraps socket errors). */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
