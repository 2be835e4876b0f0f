/** Usage of limited services per org and UTC day (issue 11): one upsert per claimed chunk. */
import type { OrgBudgetState, OrgUsageDay, UsageCounts } from "../port.js";
import { ORG_LIMIT_COLUMNS, toOrgLimits } from "../row-mapping.js";
import { sumUsageByOrg, utcDay, utcDayBefore } from "../usage-day.js";
import type { PostgresConnection, Row } from "./connection.js";

const toUsage = (row: Row): UsageCounts => ({
  searches: Number(row.searches ?? 0),
  modelRequests: Number(row.model_requests ?? 0),
  modelTokens: Number(row.model_tokens ?? 0),
});

export class PostgresUsage {
  constructor(private readonly conn: PostgresConnection) {}

  async addOrgUsage(input: {
    entries: Array<{ orgId: string; usage: UsageCounts }>;
    now: number;
  }): Promise<void> {
    // Summed per org first: ON CONFLICT DO UPDATE may not touch one row twice in a statement.
    const entries = sumUsageByOrg(input.entries);
    if (entries.length === 0) return;
    await this.conn.query(
      `INSERT INTO org_usage (org_id, day, searches, model_requests, model_tokens)
       SELECT o.id, $1, u.searches, u.model_requests, u.model_tokens
       FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[])
         AS u(org_id, searches, model_requests, model_tokens)
       JOIN orgs o ON o.id = u.org_id
       ON CONFLICT (org_id, day) DO UPDATE SET
         searches = org_usage.searches + EXCLUDED.searches,
         model_requests = org_usage.model_requests + EXCLUDED.model_requests,
         model_tokens = org_usage.model_tokens + EXCLUDED.model_tokens`,
      [
        utcDay(input.now),
        entries.map((e) => e.orgId),
        entries.map((e) => e.usage.searches),
        entries.map((e) => e.usage.modelRequests),
        entries.map((e) => e.usage.modelTokens),
      ],
    );
  }

  async getOrgBudgetStates(input: { orgIds: string[]; now: number }): Promise<OrgBudgetState[]> {
    if (input.orgIds.length === 0) return [];
    const rows = await this.conn.query(
      `SELECT o.id, ${ORG_LIMIT_COLUMNS}, u.searches, u.model_requests, u.model_tokens
       FROM orgs o LEFT JOIN org_usage u ON u.org_id = o.id AND u.day = $1
       WHERE o.id = ANY($2::text[])`,
      [utcDay(input.now), [...new Set(input.orgIds)]],
    );
    return rows.map((row) => ({ orgId: row.id as string, limits: toOrgLimits(row), today: toUsage(row) }));
  }

  async listOrgUsage(input: { orgId: string; now: number; days: number }): Promise<OrgUsageDay[]> {
    const rows = await this.conn.query(
      `SELECT day, searches, model_requests, model_tokens FROM org_usage
       WHERE org_id = $1 AND day > $2 AND day <= $3 ORDER BY day DESC`,
      [input.orgId, utcDayBefore(input.now, input.days), utcDay(input.now)],
    );
    return rows.map((row) => ({ day: row.day as string, usage: toUsage(row) }));
  }
}
