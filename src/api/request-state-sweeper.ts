/**
 * Deletes expired idempotency records and ended rate-limit windows every minute, a bounded number
 * at a time (each API process does it; the deletes are cheap and idempotent).
 */
import type { FastifyBaseLogger } from "fastify";
import type { Clock } from "../clock.js";
import type { Store } from "../store/port.js";

const SWEEP_INTERVAL_MS = 60_000;
const SWEEP_LIMIT = 5000;

/** Starts the sweeps; returns the function that stops them. */
export function startRequestStateSweeper(store: Store, clock: Clock, logger: FastifyBaseLogger): () => void {
  const timer = setInterval(() => {
    store
      .pruneRequestState({ now: clock.now(), limit: SWEEP_LIMIT })
      .catch((err) => logger.warn({ err }, "pruning request limits and idempotency keys failed"));
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
