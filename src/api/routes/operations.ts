import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { Store } from "../../store/port.js";

const Status = Type.Object({ status: Type.String(), detail: Type.Optional(Type.String()) });
const Ok = { ...Status, examples: [{ status: "ok" }] };
const Ready = { ...Status, examples: [{ status: "ready" }] };
const Unavailable = { ...Status, examples: [{ status: "unavailable", detail: "database unreachable" }] };
/** OpenAPI: these endpoints need no key (the document's default asks for one). */
const NO_KEY: Array<Record<string, string[]>> = [];

/** Unauthenticated operational endpoints: liveness and readiness. */
export function operationRoutes(
  store: Store,
  workerHealth?: () => { ok: boolean; detail?: string },
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/health",
      {
        schema: {
          summary: "Liveness: the process answers",
          tags: ["operations"],
          security: NO_KEY,
          response: { 200: Ok },
        },
      },
      async () => ({ status: "ok" }),
    );
    app.get(
      "/ready",
      {
        schema: {
          summary: "Readiness: the database is reachable and this process's workers (if any) are running",
          tags: ["operations"],
          security: NO_KEY,
          response: { 200: Ready, 503: Unavailable },
        },
      },
      async (request, reply) => {
        try {
          await store.ping();
        } catch (err) {
          request.log.warn({ err }, "readiness check failed");
          return reply.code(503).send({ status: "unavailable", detail: "database unreachable" });
        }
        const workers = workerHealth?.();
        if (workers && !workers.ok) {
          return reply
            .code(503)
            .send({ status: "unavailable", detail: workers.detail ?? "workers not running" });
        }
        return { status: "ready" };
      },
    );
  };
}
