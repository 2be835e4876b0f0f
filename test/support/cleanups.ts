/**
 * Cleanup steps a test registers as it creates resources (stores, temp dirs, PostgreSQL schemas),
 * run in reverse order by `runAll()` from an afterEach/afterAll. Every step runs even when an
 * earlier one throws, so a failing `close()` never leaves a schema or a temp dir behind; the first
 * error is rethrown afterwards.
 */
export class Cleanups {
  private readonly steps: Array<() => unknown> = [];

  /** Registers `step`; it runs before the steps registered earlier. */
  defer(step: () => unknown): void {
    this.steps.push(step);
  }

  async runAll(): Promise<void> {
    let firstError: unknown;
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step();
      } catch (error) {
        firstError ??= error;
      }
    }
    if (firstError !== undefined) throw firstError;
  }
}
