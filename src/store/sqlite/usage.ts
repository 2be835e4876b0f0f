/** Usage of limited services per org and UTC day (issue 11): one upsert per claimed chunk. */
import type { OrgBudgetState, OrgUsageDay, UsageCounts } from "../port.js";
import { ORG_LIMIT_COLUMNS, toOrgLimits } from "../row-mapping.js";
import { sumUsageByOrg, utcDay, utcDayBefore } from "../usage-day.js";
import type { Row, SqliteConnection } from "./connection.js";

const toUsage = (row: Row): UsageCounts => ({
  searches: Number(row.searches ?? 0),
  modelRequests: Number(row.model_requests ?? 0),
  modelTokens: Number(row.model_tokens ?? 0),
});

export class SqliteUsage {
  constructor(private readonly conn: SqliteConnection) {}

  addOrgUsage(input: { entries: Array<{ orgId: string; usage: UsageCounts }>; now: number }): void {
    const rows = sumUsageByOrg(input.entries).map((e) => [
      e.orgId,
      e.usage.searches,
      e.usage.modelRequests,
      e.usage.modelTokens,
    ]);
    if (rows.length === 0) return;
    // One statement for the chunk: json_each feeds the rows; the join drops orgs deleted meanwhile.
    // (`WHERE true` keeps SQLite from reading ON CONFLICT as a join constraint.)
    this.conn
      .stmt(
        `INSERT INTO org_usage (org_id, day, searches, model_requests, model_tokens)
         SELECT o.id, ?, j.value ->> 1, j.value ->> 2, j.value ->> 3
         FROM json_each(?) AS j JOIN orgs o ON o.id = j.value ->> 0 WHERE true
         ON CONFLICT (org_id, day) DO UPDATE SET
           searches = searches + excluded.searches,
           model_requests = model_requests + excluded.model_requests,
           model_tokens = model_tokens + excluded.model_tokens`,
      )
      .run(utcDay(input.now), JSON.stringify(rows));
  }

  getOrgBudgetStates(input: { orgIds: string[]; now: number }): OrgBudgetState[] {
    if (input.orgIds.length === 0) return [];
    const rows = this.conn
      .stmt(
        `SELECT o.id, ${ORG_LIMIT_COLUMNS}, u.searches, u.model_requests, u.model_tokens
         FROM orgs o LEFT JOIN org_usage u ON u.org_id = o.id AND u.day = ?
         WHERE o.id IN (SELECT value FROM json_each(?))`,
      )
      .all(utcDay(input.now), JSON.stringify([...new Set(input.orgIds)])) as Row[];
    return rows.map((row) => ({ orgId: row.id as string, limits: toOrgLimits(row), today: toUsage(row) }));
  }

  listOrgUsage(input: { orgId: string; now: number; days: number }): OrgUsageDay[] {
    const rows = this.conn
      .stmt(
        `SELECT day, searches, model_requests, model_tokens FROM org_usage
         WHERE org_id = ? AND day > ? AND day <= ? ORDER BY day DESC`,
      )
      .all(input.orgId, utcDayBefore(input.now, input.days), utcDay(input.now)) as Row[];
    return rows.map((row) => ({ day: row.day as string, usage: toUsage(row) }));
  }
}
