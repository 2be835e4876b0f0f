/**
 * buildApp: the HTTP API as a Fastify instance, with everything injected (store, config, clock,
 * enrichment threads). Tests drive it with `inject()`; `serve` listens with it.
 */
import { randomUUID } from "node:crypto";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { ServiceMetrics } from "../metrics/service-metrics.js";
import type { ReferenceChanges } from "../reference/reference-changes.js";
import type { Store } from "../store/port.js";
import type { EnrichmentPool } from "../worker/enrichment-pool.js";
import { budgetPolicyOf } from "../worker/job-allowance.js";
import { JobProcessor } from "../worker/job-processor.js";
import { authenticate } from "./auth.js";
import type { ApiContext } from "./context.js";
import { installErrorHandling } from "./error-handler.js";
import { ApiError } from "./errors.js";
import { HEAVY_READS_PER_ORG, HeavyReadGate } from "./heavy-read-gate.js";
import { httpServerOptions } from "./http-server.js";
import { idempotencyHooks } from "./idempotency.js";
import { installJsonBodyParser } from "./json-body.js";
import { installRequestIdHeader, requestIdOf } from "./request-id.js";
import { type RequestKind, RequestLimiter } from "./request-limits.js";
import { installRequestLog } from "./request-log.js";
import { startRequestStateSweeper } from "./request-state-sweeper.js";
import { attributeRoutes } from "./routes/attributes.js";
import { batchRoutes } from "./routes/batches.js";
import { dashboardRoutes } from "./routes/dashboard.js";
import { jobRoutes } from "./routes/jobs.js";
import { installMetrics } from "./routes/metrics.js";
import { operationRoutes } from "./routes/operations.js";
import { usageRoutes } from "./routes/usage.js";
import { installUploadGuard, UploadBudget } from "./upload-guard.js";
import { validatorCompiler } from "./validators.js";

export interface BuildAppOptions {
  store: Store;
  config: Config;
  clock: Clock;
  /** The enrichment threads `POST /enrich` runs on (the workers' pool in a combined process). */
  enrichment: EnrichmentPool;
  logger?: FastifyBaseLogger;
  onWorkQueued?: () => void;
  newId?: () => string;
  /** The process's metrics (GET /metrics when METRICS is on); default: a registry of this app's own. */
  metrics?: ServiceMetrics;
  /** The in-process workers' health, for /ready (absent: no workers here, the database alone decides). */
  workerHealth?: () => { ok: boolean; detail?: string };
  /** The dashboard's build output (default: dist/dashboard of the package). */
  dashboardDir?: string;
  /**
   * When the reference data last changed (composition.ts openReferenceChanges), for POST /enrich's
   * cache reads; absent: cached results are reused within the TTL alone.
   */
  referenceChanges?: ReferenceChanges | null;
}

export const API_PREFIX = "/v1/:org_slug/place_enrichment";
/** Routes of an organization that are this service's extension, not part of the batch API. */
export const ORG_PREFIX = "/v1/:org_slug";

/** Routes whose GET is a status poll, limited by POLL_RATE_LIMIT_PER_MINUTE instead. */
const POLL_ROUTES = new Set([`${API_PREFIX}/batches/:batch_id`, `${API_PREFIX}/jobs/:place_id`]);

function requestKind(method: string, route: string | undefined): RequestKind {
  return method === "GET" && route !== undefined && POLL_ROUTES.has(route) ? "poll" : "request";
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { store, config, clock, enrichment } = options;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    ...httpServerOptions(config.http),
    ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
    bodyLimit: config.bodyLimitBytes,
    genReqId: (request) => requestIdOf(request),
  });
  installRequestIdHeader(app);
  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API; JSON.stringify writes it. Measured on a 50,000-job batch
  // status: 2 ms with JSON.stringify, 4 ms with fast-json-stringify (which escapes string by string).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandling(app, { bodyLimitBytes: config.bodyLimitBytes });
  installJsonBodyParser(app);
  installRequestLog(app, app.log);
  if (config.metrics.enabled) {
    const metrics = options.metrics ?? new ServiceMetrics();
    if (!options.metrics) metrics.watchQueue(store, clock);
    installMetrics(app, metrics, config.metrics);
  }
  installUploadGuard(app, {
    budget: new UploadBudget({
      totalBytes: config.http.uploadBufferBytes,
      perOwnerBytes: config.http.uploadBufferPerKeyBytes,
    }),
    bodyLimitBytes: config.bodyLimitBytes,
    bodyIdleTimeoutMs: config.http.bodyIdleTimeoutMs,
  });
  const stopSweeper = startRequestStateSweeper(store, clock, app.log);
  app.addHook("onClose", async () => stopSweeper());

  const changes = options.referenceChanges ?? null;
  const processor = new JobProcessor({
    store,
    enrichment,
    clock,
    cacheTtlMs: config.cacheTtlMs,
    budgets: budgetPolicyOf(config),
    referenceChangedAt: changes ? () => changes.changedAt() : null,
  });
  const newId = options.newId ?? randomUUID;
  const limiter = new RequestLimiter(store, config.limits, clock);
  const ctx: ApiContext = {
    store,
    config,
    clock,
    processor,
    limiter,
    idempotency: idempotencyHooks({ store, clock, ttlMs: config.idempotencyTtlMs, newId }),
    onWorkQueued: options.onWorkQueued ?? (() => {}),
    newId,
    statisticsReads: new HeavyReadGate(HEAVY_READS_PER_ORG),
    pageReads: new HeavyReadGate(HEAVY_READS_PER_ORG),
  };

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Place Enrichment API",
        version: "1.0.0",
        description: [
          "Batch enrichment of places (websites, phones, opening hours, categories, names, address, open/closed), wire-compatible with the Place Enrichment batch API.",
          "",
          "**API keys.** Every `/v1/{org_slug}/place_enrichment/...` endpoint needs a key of that organization, sent as `Authorization: Bearer <key>` (or an `apiKey: <key>` header); click *Authorize* to use one here.",
          "On its first start with an empty database, `npm start` creates the organization `demo` and prints its key once (`DEMO_API_KEY=pe_...`).",
          "Another key: `npx place-enrich keys create <org>`; a new organization with its first key: `npx place-enrich orgs create <org>`.",
          "`/health` and `/ready` need no key.",
        ].join("\n"),
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer" },
          apiKeyHeader: { type: "apiKey", in: "header", name: "apiKey" },
        },
      },
      security: [{ bearerAuth: [] }, { apiKeyHeader: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  await app.register(dashboardRoutes({ config: config.dashboard, dir: options.dashboardDir }));

  await app.register(operationRoutes(store, options.workerHealth));
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  // Before the body is parsed: a bad key or a client over its limits never costs a 15 MB parse.
  // Failed authentication is limited per client address before the key is even looked up.
  const authenticateOrg = (scope: FastifyInstance) =>
    scope.addHook("onRequest", async (request, reply) => {
      await limiter.checkAuthFailures(request.ip);
      const params = request.params as { org_slug?: string };
      try {
        request.org = await authenticate(store, request, params.org_slug ?? "");
      } catch (error) {
        if (error instanceof ApiError && error.statusCode === 401) {
          throw (await limiter.recordAuthFailure(request.ip)) ?? error;
        }
        throw error;
      }
      reply.headers(
        await limiter.admitRequest(request.org, requestKind(request.method, request.routeOptions.url)),
      );
    });
  await app.register(
    async (scope) => {
      authenticateOrg(scope);
      await scope.register(batchRoutes(ctx));
      await scope.register(jobRoutes(ctx));
      await scope.register(attributeRoutes());
    },
    { prefix: API_PREFIX },
  );
  // This service's own org routes, beside the place_enrichment API (GET /v1/{org}/usage).
  await app.register(
    async (scope) => {
      authenticateOrg(scope);
      await scope.register(usageRoutes(ctx));
    },
    { prefix: ORG_PREFIX },
  );
  return app;
}
