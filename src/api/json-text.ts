/** Responses whose JSON text is already built (see renderBatchJson): sent as they are. */
import type { FastifyReply } from "fastify";

const asIs = (payload: unknown) => payload as string;

export function sendJsonText(reply: FastifyReply, json: string): FastifyReply {
  return reply.type("application/json; charset=utf-8").serializer(asIs).send(json);
}
