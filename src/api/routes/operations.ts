import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Store } from "../../store/port.js";

const Status = Type.Object({ status: Type.String(), detail: Type.Optional(Type.String()) });

/** Unauthenticated operational endpoints: liveness and readiness. */
export function operationRoutes(store: Store): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/health",
      {
        schema: { summary: "Liveness: the process answers", tags: ["operations"], response: { 200: Status } },
      },
      async () => ({ status: "ok" }),
    );
    app.get(
      "/ready",
      {
        schema: {
          summary: "Readiness: the database is reachable",
          tags: ["operations"],
          response: { 200: Status, 503: Status },
        },
      },
      async (request, reply) => {
        try {
          await store.ping();
          return { status: "ready" };
        } catch (err) {
          request.log.warn({ err }, "readiness check failed");
          return reply.code(503).send({ status: "unavailable", detail: "database unreachable" });
        }
      },
    );
  };
}
