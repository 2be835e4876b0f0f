/**
 * The operational endpoints of a worker-only process (`place-enrich worker` with METRICS_PORT): it
 * has no API server, yet Prometheus must scrape it and an orchestrator probe it. GET /metrics,
 * /health and /ready only, on node:http; /ready as the API's (database reachable, workers running).
 */
import { createServer, type ServerResponse } from "node:http";
import type { Store } from "../store/port.js";
import { bearerTokenMatches, METRICS_TOKEN_REQUIRED } from "./metrics-token.js";
import type { ServiceMetrics } from "./service-metrics.js";

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

export async function startMetricsServer(options: {
  host: string;
  port: number;
  /** null when METRICS is off: /metrics answers 404, /health and /ready still work. */
  metrics: ServiceMetrics | null;
  store: Store;
  workerHealth: (() => { ok: boolean; detail?: string }) | undefined;
  token: string | null;
}): Promise<MetricsServer> {
  const { metrics, store, workerHealth, token } = options;
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return json(res, 405, { detail: "GET only" });
    if (path === "/health") return json(res, 200, { status: "ok" });
    if (path === "/ready") {
      store.ping().then(
        () => {
          const workers = workerHealth?.();
          if (workers && !workers.ok)
            return json(res, 503, { status: "unavailable", detail: workers.detail });
          json(res, 200, { status: "ready" });
        },
        () => json(res, 503, { status: "unavailable", detail: "database unreachable" }),
      );
      return;
    }
    if (path === "/metrics" && metrics) {
      if (token !== null && !bearerTokenMatches(req.headers.authorization, token)) {
        res.setHeader("www-authenticate", 'Bearer realm="metrics"');
        return json(res, 401, { detail: METRICS_TOKEN_REQUIRED });
      }
      metrics.render().then(
        ({ body, contentType }) => res.writeHead(200, { "content-type": contentType }).end(body),
        (error: Error) => json(res, 500, { detail: `metrics failed: ${error.message}` }),
      );
      return;
    }
    json(res, 404, { detail: `Not found: ${path}` });
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : options.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
