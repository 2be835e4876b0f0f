/**
 * Fetching an origin's /robots.txt for the robots policy (src/web/robots/): through the same guard,
 * transport and request slots as pages, redirects followed by hand (at most 5, each hop checked:
 * RFC 9309 §2.3.1.2), the body read up to 500 KiB (§2.5: at least that much must be parsed; the
 * rest is dropped) and decoded as UTF-8 (§2.2). Its own time budget (the page timeout), so a
 * trickling robots.txt counts as unreachable rather than holding the page forever.
 */
import { timeLimit } from "../../abort/time-limit.js";
import type { RobotsFetch } from "../robots/robots-policy.js";
import type { RobotsAnswer, RobotsTransportFailure } from "../robots/robots-rules.js";
import { discardBody, readBody } from "./body-reader.js";
import { type HttpTransport, headerValue as header } from "./http-transport.js";
import type { RequestScheduler } from "./request-scheduler.js";
import { classifyTransportFailure, type TransportFailure } from "./transport-failure.js";

export const ROBOTS_MAX_BYTES = 500 * 1024;
const MAX_REDIRECTS = 5;

export interface RobotsFetchDeps {
  transport: HttpTransport;
  scheduler: RequestScheduler;
  timeoutMs: number;
}

export function createRobotsFetch(deps: RobotsFetchDeps): RobotsFetch {
  return async (robotsUrl, callerSignal) => {
    const budget = timeLimit(deps.timeoutMs, callerSignal);
    try {
      return await follow(deps, robotsUrl, budget.signal);
    } catch (error) {
      if (callerSignal?.aborted) throw error;
      if (budget.expired) {
        return {
          kind: "unreachable",
          reason: `no answer within ${deps.timeoutMs / 1000} s`,
          failure: "timeout",
        };
      }
      const failure = classifyTransportFailure(error);
      return { kind: "unreachable", reason: failure.reason, failure: transportKind(failure.kind) };
    } finally {
      budget.clear();
    }
  };
}

async function follow(deps: RobotsFetchDeps, start: URL, signal: AbortSignal): Promise<RobotsAnswer> {
  let current = start;
  for (let hop = 0; ; hop++) {
    const verdict = await deps.transport.check(current, signal);
    if (verdict.kind !== "allowed") return { kind: "unreachable", reason: verdict.reason };
    const release = await deps.scheduler.acquire(current.hostname, signal);
    try {
      const sent = await deps.transport.send(current, verdict, "text/plain, */*;q=0.1", signal);
      if (sent.kind === "failed") {
        return {
          kind: "unreachable",
          reason: sent.failure.reason,
          failure: transportKind(sent.failure.kind),
        };
      }
      const { status, headers, body } = sent;
      const location = header(headers.location);
      if (status >= 300 && status < 400 && location !== undefined) {
        discardBody(body);
        // RFC 9309 §2.3.1.2: past five redirects, robots.txt MAY be taken as unavailable.
        if (hop >= MAX_REDIRECTS) return { kind: "unavailable", status };
        current = new URL(location, current);
        continue;
      }
      if (status >= 200 && status < 300) {
        const read = await readBody(body, {
          contentEncoding: header(headers["content-encoding"]) ?? null,
          maxBytes: ROBOTS_MAX_BYTES,
          truncate: true,
        });
        if (read.kind === "bad_encoding") return { kind: "unreachable", reason: read.reason };
        const bytes = read.bytes ?? Buffer.alloc(0);
        return {
          kind: "ok",
          status,
          contentType: header(headers["content-type"]) ?? null,
          body: new TextDecoder("utf-8").decode(bytes),
        };
      }
      discardBody(body);
      if (status === 429 || status >= 500) return { kind: "unreachable", reason: `HTTP ${status}` };
      return { kind: "unavailable", status };
    } finally {
      release();
    }
  }
}

function transportKind(kind: TransportFailure["kind"]): RobotsTransportFailure | undefined {
  return kind === "blocked_address" ? undefined : kind;
}
