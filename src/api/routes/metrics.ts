import type { FastifyInstance } from "fastify";
import type { MetricsConfig } from "../../config.js";
import { bearerTokenMatches, METRICS_TOKEN_REQUIRED } from "../../metrics/metrics-token.js";
import type { ServiceMetrics } from "../../metrics/service-metrics.js";
import { ApiError } from "../errors.js";

/**
 * GET /metrics (Prometheus text exposition) and the hook that counts every request. Open like
 * /health unless METRICS_TOKEN is set; hidden from the OpenAPI document (it is not the API).
 */
export function installMetrics(app: FastifyInstance, metrics: ServiceMetrics, config: MetricsConfig): void {
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    if (config.token !== null) {
      if (!bearerTokenMatches(request.headers.authorization, config.token)) {
        throw new ApiError(401, "unauthorized", METRICS_TOKEN_REQUIRED, undefined, {
          "www-authenticate": 'Bearer realm="metrics"',
        });
      }
    }
    const { body, contentType } = await metrics.render();
    return reply.header("content-type", contentType).send(body);
  });
}
