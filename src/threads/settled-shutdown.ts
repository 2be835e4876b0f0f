/**
 * Ending a piscina pool without a stray answer. `destroy()` terminates threads that may already have
 * posted a task's answer; when that message is delivered after the task was forgotten, piscina throws
 * "Unexpected message from Worker" from the port's event handler — an uncaught exception, outside any
 * promise we hold (seen in CI: an import that failed while chunks were still in its threads).
 * So the pools track the tasks they started and let them settle before destroying, up to a bound.
 */

/** Task promises a pool has started and not yet seen settle. */
export class RunningTasks {
  private readonly running = new Set<Promise<unknown>>();

  /** Tracks `task` until it settles; returns it unchanged. */
  track<T>(task: Promise<T>): Promise<T> {
    this.running.add(task);
    const forget = () => this.running.delete(task);
    task.then(forget, forget);
    return task;
  }

  get size(): number {
    return this.running.size;
  }

  /**
   * Resolves once every tracked task has settled, or after `boundMs` (ms), whichever is first.
   * Returns whether all settled.
   */
  async settled(boundMs: number): Promise<boolean> {
    if (this.running.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), boundMs);
    });
    const all = Promise.allSettled([...this.running]).then(() => true);
    try {
      return await Promise.race([all, bound]);
    } finally {
      clearTimeout(timer);
    }
  }
}
