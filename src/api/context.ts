import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Store } from "../store/port.js";
import type { JobProcessor } from "../worker/job-processor.js";
import type { HeavyReadGate } from "./heavy-read-gate.js";
import type { idempotencyHooks } from "./idempotency.js";
import type { RequestLimiter } from "./request-limits.js";

/** What the routes need, wired once by the composition root. */
export interface ApiContext {
  store: Store;
  config: Config;
  clock: Clock;
  processor: JobProcessor;
  limiter: RequestLimiter;
  /** Route hooks of the endpoints that take an Idempotency-Key. */
  idempotency: ReturnType<typeof idempotencyHooks>;
  /** Called after new jobs were queued, so an in-process worker wakes at once. */
  onWorkQueued: () => void;
  newId: () => string;
  /** Each organization's share of the costly batch statistics and attribute statuses. */
  statisticsReads: HeavyReadGate;
  /** Each organization's share of the job pages (apart: a page does not wait for statistics). */
  pageReads: HeavyReadGate;
}
