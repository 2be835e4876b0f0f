/** Responses whose JSON text is already built (see renderBatchJson): sent as they are. */
import type { FastifyReply } from "fastify";

const asIs = (payload: unknown) => payload as string;

export function sendJsonText(reply: FastifyReply, json: string): FastifyReply {
  return reply.type("application/json; charset=utf-8").serializer(asIs).send(json);
}

/** A JSON body already encoded as UTF-8 (store/jobs-page-json.ts): sent as it is, without a copy. */
export function sendJsonBytes(reply: FastifyReply, json: Uint8Array): FastifyReply {
  return reply
    .type("application/json; charset=utf-8")
    .send(Buffer.from(json.buffer, json.byteOffset, json.byteLength));
}
