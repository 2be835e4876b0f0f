/**
 * `Idempotency-Key` on the endpoints that queue work (POST /batches, POST /jobs, POST
 * /batches/{id}/reprocess, POST /jobs/reprocess): a client that timed out on a 50,000-job create
 * retries with the same key and body and gets the first answer, not a second batch (issue 12).
 *
 * The key is claimed in the store before the handler runs (so two concurrent retries can't both
 * run), with the hash of the request (method, path with query, body bytes):
 *   - first use: the handler runs; a 2xx answer is stored and replayed for IDEMPOTENCY_TTL_HOURS
 *     (`Idempotent-Replayed: true`), any other answer is not kept: a retry runs again;
 *   - the same key with another request: 422 naming the header;
 *   - while the first request still runs: 409 with Retry-After;
 *   - a first request whose process died: after its lock (LOCK_MS) a retry runs again, with the
 *     batch id the first attempt had chosen, so it appends to that batch instead of making another.
 */
import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../clock.js";
import type { Store } from "../store/port.js";
import { ApiError } from "./errors.js";
import { sendJsonText } from "./json-text.js";

/** How long a first request holds its key; a 50,000-job create takes seconds (measured ~3 s). */
export const IDEMPOTENCY_LOCK_MS = 60_000;

export const IDEMPOTENCY_HEADER = "idempotency-key";

/** Visible ASCII, as Stripe and the IETF draft (draft-ietf-httpapi-idempotency-key-header) use. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentRequest {
  key: string;
  requestHash: string;
  /** The id this request creates (a new batch's id), the same for every attempt. */
  resourceId: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** SHA-256 of the body bytes, set by the JSON parser when an Idempotency-Key was sent. */
    bodyDigest?: string;
    /** Set when this request claimed its Idempotency-Key. */
    idempotency?: IdempotentRequest;
  }
}

function requestHash(request: FastifyRequest): string {
  return createHash("sha256")
    .update(`${request.method} ${request.url}\n`)
    .update(request.bodyDigest ?? "")
    .digest("hex");
}

function keyIssue(msg: string, type: string): ApiError {
  return ApiError.validation([{ loc: ["header", "idempotency-key"], msg, type }]);
}

export function idempotencyHooks(deps: { store: Store; clock: Clock; ttlMs: number; newId: () => string }) {
  const { store, clock, ttlMs, newId } = deps;

  /** preHandler: claims the key, or answers a replay, a 409 or a 422. */
  async function claim(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (key === undefined) return;
    if (typeof key !== "string" || !KEY_PATTERN.test(key)) {
      throw keyIssue("Idempotency-Key must be 1 to 255 visible ASCII characters", "string_pattern_mismatch");
    }
    const hash = requestHash(request);
    const now = clock.now();
    const start = await store.beginIdempotentRequest({
      orgId: request.org.orgId,
      key,
      requestHash: hash,
      resourceId: newId(),
      now,
      lockMs: IDEMPOTENCY_LOCK_MS,
      ttlMs,
    });
    switch (start.state) {
      case "started":
        request.idempotency = { key, requestHash: hash, resourceId: start.resourceId };
        return;
      case "completed":
        reply.code(start.statusCode).header("idempotent-replayed", "true");
        return sendJsonText(reply, start.response);
      case "mismatch":
        throw keyIssue(
          "This Idempotency-Key was already used with another request (method, path or body differ); use a new key for a new request",
          "idempotency_key_reused",
        );
      case "in_progress": {
        const wait = Math.max(1, Math.ceil((start.lockedUntil - now) / 1000));
        throw new ApiError(
          409,
          "conflict",
          "A request with this Idempotency-Key is still being processed; retry shortly to get its answer",
          undefined,
          { "retry-after": String(Math.min(wait, 5)) },
        );
      }
    }
  }

  /** onSend: stores a 2xx answer of a claimed request; gives the key up otherwise. */
  async function settle(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const claimed = request.idempotency;
    if (!claimed) return payload;
    request.idempotency = undefined;
    const scope = { orgId: request.org.orgId, key: claimed.key, requestHash: claimed.requestHash };
    try {
      const response =
        typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString("utf8") : null;
      if (reply.statusCode >= 200 && reply.statusCode < 300 && response !== null) {
        await store.finishIdempotentRequest({ ...scope, statusCode: reply.statusCode, response });
      } else {
        await store.abandonIdempotentRequest(scope);
      }
    } catch (err) {
      // The answer still goes out; the key's lock runs out and a retry runs again (same batch id).
      request.log.warn({ err }, "idempotency record not stored");
    }
    return payload;
  }

  return { preHandler: claim, onSend: settle };
}
