/**
 * A page's total time budget. It starts when the page's first request gets its slot (`arm`), not
 * when fetchPage is called: a page queued behind the global limit has not used any of its time,
 * and the caller bounds the queueing with its own signal. undici's timeouts are idle timers (a
 * server trickling 1 byte every 100 ms never trips its body timeout); this one ends the page.
 */
export class PageTimeoutError extends Error {
  readonly code = "ERR_WEB_PAGE_TIMEOUT";
  constructor(readonly timeoutMs: number) {
    super(`no complete page within ${timeoutMs / 1000} s`);
  }
}

export class PageDeadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private endsAt = Number.POSITIVE_INFINITY;

  constructor(private readonly timeoutMs: number) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts the budget (once; later calls do nothing). */
  arm(): void {
    if (this.timer !== null || this.controller.signal.aborted) return;
    this.endsAt = performance.now() + this.timeoutMs;
    this.timer = setTimeout(
      () => this.controller.abort(new PageTimeoutError(this.timeoutMs)),
      this.timeoutMs,
    );
  }

  /** Milliseconds left (Infinity before `arm`). */
  remainingMs(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
  }
}
