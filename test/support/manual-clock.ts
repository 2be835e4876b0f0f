import type { Clock } from "../../src/clock.js";

/** A clock tests move by hand, so leases, backoff and cache TTLs are deterministic. */
export class ManualClock implements Clock {
  constructor(private current = Date.parse("2026-01-15T10:00:00.000Z")) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
