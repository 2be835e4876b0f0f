/**
 * X-Request-Id in and out: a request carrying a sane id (a proxy's or the client's) keeps it, any
 * other gets a random UUID; the response always carries it, and every log line of the request has it
 * as `reqId` (Fastify's request logger). "Sane": 1–128 characters of letters, digits and `._:-`, so
 * that a header cannot forge log lines or blow up their size.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's genReqId: the client's X-Request-Id when sane, else a new UUID. */
export function requestIdOf(request: IncomingMessage, newId: () => string = randomUUID): string {
  const given = request.headers["x-request-id"];
  return typeof given === "string" && SANE_ID.test(given) ? given : newId();
}

/** Echoes the request id on every response, errors included. */
export function installRequestIdHeader(app: FastifyInstance): void {
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
}
