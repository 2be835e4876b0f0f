/**
 * One log line per request, written when its response is over (Fastify's own two lines per request
 * are off). Under load most requests are noise: 750,000 requests wrote 362 MB of info lines, 401s
 * and 429s included (issue 12). So:
 *
 * - /health, /ready, /metrics, /docs and /openapi.json, and rejected requests (401, 403, 408, 413, 414, 429,
 *   431), are logged at debug;
 * - rejected requests are also counted, and once a minute an info line `requests rejected` gives the
 *   counts by status (nothing when there were none);
 * - everything else at info: method, path (clipped), status, time, org. Never a header or a body,
 *   so never a key.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from "fastify";
import { clip } from "./echo.js";

const QUIET_PATHS = /^\/(?:health|ready|metrics|openapi\.json|docs(?:\/|$)|$)/;
const REJECTED = new Set([401, 403, 408, 413, 414, 429, 431]);
const TALLY_INTERVAL_MS = 60_000;

function routePath(request: FastifyRequest): string {
  const url = request.url;
  const q = url.indexOf("?");
  return q < 0 ? url : url.slice(0, q);
}

export function installRequestLog(app: FastifyInstance, logger: FastifyBaseLogger): void {
  const rejected = new Map<number, number>();
  const flush = () => {
    if (rejected.size === 0) return;
    const byStatus = Object.fromEntries([...rejected].sort(([a], [b]) => a - b));
    rejected.clear();
    logger.info({ byStatus, seconds: TALLY_INTERVAL_MS / 1000 }, "requests rejected");
  };
  const timer = setInterval(flush, TALLY_INTERVAL_MS);
  timer.unref();
  app.addHook("onClose", async () => {
    clearInterval(timer);
    flush();
  });

  app.addHook("onResponse", async (request, reply) => {
    const status = reply.statusCode;
    const path = routePath(request);
    const isRejected = REJECTED.has(status);
    if (isRejected) rejected.set(status, (rejected.get(status) ?? 0) + 1);
    const level = isRejected || QUIET_PATHS.test(path) ? "debug" : "info";
    const query = request.url.length > path.length;
    request.log[level](
      {
        method: request.method,
        path: clip(path, 200),
        ...(query ? { query: clip(request.url.slice(path.length + 1), 200) } : {}),
        status,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ...(request.org ? { org: request.org.orgSlug } : {}),
      },
      "request",
    );
  });
}
