/**
 * Days of usage (issue 11): budgets are per UTC day, so every process and both stores agree on
 * which day a spend belongs to whatever their time zone.
 */
import type { UsageCounts } from "./port.js";

/** `YYYY-MM-DD` of the UTC day holding `now` (epoch ms). */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** The UTC day `n` days before the day of `now`. */
export function utcDayBefore(now: number, n: number): string {
  return utcDay(now - n * 86_400_000);
}

/** Entries summed per org, orgs with nothing spent left out (one row per org for the upsert). */
export function sumUsageByOrg(
  entries: ReadonlyArray<{ orgId: string; usage: UsageCounts }>,
): Array<{ orgId: string; usage: UsageCounts }> {
  const byOrg = new Map<string, UsageCounts>();
  for (const { orgId, usage } of entries) {
    const sum = byOrg.get(orgId) ?? { searches: 0, modelRequests: 0, modelTokens: 0 };
    sum.searches += usage.searches;
    sum.modelRequests += usage.modelRequests;
    sum.modelTokens += usage.modelTokens;
    byOrg.set(orgId, sum);
  }
  return [...byOrg]
    .filter(([, u]) => u.searches + u.modelRequests + u.modelTokens > 0)
    .map(([orgId, usage]) => ({ orgId, usage }));
}
