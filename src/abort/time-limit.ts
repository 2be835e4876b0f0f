/**
 * A signal that aborts after `ms` milliseconds, or when `caller` aborts, whichever comes first.
 *
 * Not `AbortSignal.any([caller, AbortSignal.timeout(ms)])`: Node holds a timeout signal weakly, and
 * inside a composite one it can be garbage collected before it fires (nodejs/node#57736), so the
 * composite never aborts. Seen here as a DNS lookup bounded by 0.2 s that hung its test for 30 s on
 * a loaded machine. In this version the timer holds the controller until it fires or `clear()` stops
 * it. Like AbortSignal.timeout, the timer does not keep the process alive, and the reason of a
 * timeout is a DOMException named "TimeoutError".
 *
 * Call `clear()` when the work is done (it also stops listening to `caller`).
 */
export interface TimeLimit {
  signal: AbortSignal;
  /** True once the time ran out (not when `caller` aborted). */
  readonly expired: boolean;
  clear(): void;
}

export function timeLimit(ms: number, caller?: AbortSignal): TimeLimit {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`The operation timed out after ${ms} ms`, "TimeoutError"));
  }, ms);
  // Node: the timer must not keep the process alive. Browsers (the dashboard's client) have no unref.
  (timer as { unref?: () => void }).unref?.();
  const onCallerAbort = () => {
    clearTimeout(timer);
    controller.abort(caller?.reason);
  };
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    clear() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCallerAbort);
    },
  };
}
