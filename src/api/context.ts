import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Store } from "../store/port.js";
import type { JobProcessor } from "../worker/job-processor.js";

/** What the routes need, wired once by the composition root. */
export interface ApiContext {
  store: Store;
  config: Config;
  clock: Clock;
  processor: JobProcessor;
  /** Called after new jobs were queued, so an in-process worker wakes at once. */
  onWorkQueued: () => void;
  newId: () => string;
}
