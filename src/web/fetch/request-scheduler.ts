/**
 * Request slots: at most `concurrency` requests in flight in all, at most `perHostConcurrency` to
 * one host, and a pause of at least `perHostDelayMs` between the end of one request to a host and
 * the start of the next (politeness: a small business's shared host should not feel us). Waiters
 * are served first come, first served among those whose host is free; a waiter held back by its
 * host never holds a global slot. A host's pause may be lengthened for one release (Retry-After,
 * Crawl-delay).
 */
export interface SchedulerOptions {
  concurrency: number;
  perHostConcurrency: number;
  perHostDelayMs: number;
  /** Monotonic milliseconds; default performance.now. */
  now?: () => number;
}

/** Ends a slot; `pauseMs` (≥ the host delay) before the host's next request may start. */
export type ReleaseSlot = (pauseMs?: number) => void;

interface HostState {
  active: number;
  /** Earliest start of the host's next request (monotonic ms). */
  nextStart: number;
}

interface Waiter {
  host: string;
  grant: (release: ReleaseSlot) => void;
}

/** Hosts remembered for their pause: an idle host is dropped once its pause has passed. */
export class RequestScheduler {
  private active = 0;
  private readonly hosts = new Map<string, HostState>();
  private readonly waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.active;
  }

  /**
   * Waits for a slot for `host`; resolves with the function that ends it (call it exactly once).
   * Rejects with `signal.reason` when the signal aborts first.
   */
  acquire(host: string, signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const waiter: Waiter = {
        host,
        grant: (release) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const now = this.now();
    let wakeAt = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.waiters.length && this.active < this.options.concurrency; ) {
      const waiter = this.waiters[i]!;
      const state = this.hosts.get(waiter.host);
      if (state && state.active >= this.options.perHostConcurrency) {
        i++;
        continue;
      }
      if (state && state.nextStart > now) {
        wakeAt = Math.min(wakeAt, state.nextStart);
        i++;
        continue;
      }
      this.waiters.splice(i, 1);
      waiter.grant(this.start(waiter.host));
    }
    if (wakeAt !== Number.POSITIVE_INFINITY && this.active < this.options.concurrency) {
      this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(wakeAt - now)));
    }
  }

  private start(host: string): ReleaseSlot {
    const state = this.hosts.get(host) ?? { active: 0, nextStart: 0 };
    this.hosts.set(host, state);
    state.active++;
    this.active++;
    let released = false;
    return (pauseMs = 0) => {
      if (released) return;
      released = true;
      state.active--;
      this.active--;
      const now = this.now();
      state.nextStart = Math.max(state.nextStart, now + Math.max(this.options.perHostDelayMs, pauseMs));
      this.forgetIdleHosts(now);
      this.pump();
    };
  }

  private forgetIdleHosts(now: number): void {
    if (this.hosts.size < 1024) return;
    for (const [host, state] of this.hosts) {
      if (state.active === 0 && state.nextStart <= now) this.hosts.delete(host);
    }
  }
}
