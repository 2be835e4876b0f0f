/**
 * Batch webhooks (docs/webhooks.md): one delivery row per batch holding its latest terminal event,
 * claimed under a lease with FOR UPDATE SKIP LOCKED, so many worker processes on one database never
 * deliver the same event twice at once, and an expired lease (a process that died mid-delivery)
 * lets another take it over.
 */
import type { BatchWebhook, ClaimedWebhookDelivery, WebhookAttemptOutcome } from "../port.js";
import { toBatchWebhook } from "../row-mapping.js";
import type { PostgresConnection } from "./connection.js";

/** perOrgLimit when the caller gives none: no org is held back. */
const NO_PER_ORG_LIMIT = 2 ** 31 - 1;
/**
 * A CTE for markFinishedBatches (after its `marked` CTE, which returns webhook_url; `$1` is now): a
 * new event for each marked batch with a webhook_url, replacing the batch's previous one. Runs in
 * the same statement, so the mark and the event commit together.
 */
export const START_WEBHOOK_EVENTS = `events AS (
         INSERT INTO webhook_deliveries (batch_pk, org_id, event_id, state, attempts, due_at, log,
                                         created_at, updated_at)
         SELECT m.pk, m.org_id, gen_random_uuid()::text, 'pending', 0, $1, '[]', $1, $1
         FROM marked m WHERE m.webhook_url IS NOT NULL
         ON CONFLICT (batch_pk) DO UPDATE SET
           event_id = excluded.event_id, state = 'pending', attempts = 0, due_at = excluded.due_at,
           lease_owner = NULL, lease_expires_at = NULL, log = '[]', created_at = excluded.created_at,
           updated_at = excluded.updated_at
       )`;

export class PostgresWebhooks {
  constructor(private readonly conn: PostgresConnection) {}

  async findUnmarkedFinishedBatches(input: { limit: number }): Promise<number[]> {
    const rows = await this.conn.query(
      `SELECT pk FROM batches b
       WHERE webhook_url IS NOT NULL AND finished_at IS NULL
         AND EXISTS (SELECT 1 FROM jobs j WHERE j.batch_pk = b.pk)
         AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.batch_pk = b.pk
                           AND j.status IN ('pending', 'queued', 'in_progress'))
       ORDER BY pk LIMIT $1`,
      [input.limit],
    );
    return rows.map((row) => Number(row.pk));
  }

  async claimWebhookDeliveries(input: {
    workerId: string;
    limit: number;
    leaseMs: number;
    now: number;
    perOrgLimit?: number;
  }): Promise<ClaimedWebhookDelivery[]> {
    if (input.limit <= 0) return [];
    // Each org's due deliveries ranked by due time; an org gets those whose rank, added to its
    // deliveries already in flight (unexpired leases on finished batches), stays within the per-org
    // limit. FOR UPDATE cannot sit beside a window function, so the eligible rows are locked (and
    // re-checked) in a second step, earliest due first; a row another process holds is skipped and
    // the next one taken, so claimers at the same moment do not crowd onto the same rows.
    const rows = await this.conn.query(
      `WITH ranked AS (
         SELECT d.batch_pk, d.org_id, d.due_at,
           row_number() OVER (PARTITION BY d.org_id ORDER BY d.due_at, d.batch_pk) AS org_rank
         FROM webhook_deliveries d JOIN batches b ON b.pk = d.batch_pk
         WHERE d.state = 'pending' AND d.due_at <= $1
           AND (d.lease_expires_at IS NULL OR d.lease_expires_at < $1)
           AND b.finished_at IS NOT NULL AND b.webhook_url IS NOT NULL
       ), leased AS (
         SELECT l.org_id, count(*) AS n FROM webhook_deliveries l JOIN batches lb ON lb.pk = l.batch_pk
         WHERE l.state = 'pending' AND l.lease_expires_at >= $1 AND lb.finished_at IS NOT NULL
         GROUP BY l.org_id
       ), picked AS (
         SELECT r.batch_pk FROM ranked r LEFT JOIN leased ON leased.org_id = r.org_id
         WHERE r.org_rank + coalesce(leased.n, 0) <= $5
       ), due AS (
         SELECT d.batch_pk FROM webhook_deliveries d JOIN picked p ON p.batch_pk = d.batch_pk
         WHERE d.state = 'pending' AND d.due_at <= $1
           AND (d.lease_expires_at IS NULL OR d.lease_expires_at < $1)
         ORDER BY d.due_at, d.batch_pk LIMIT $2
         FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_deliveries d SET lease_owner = $3, lease_expires_at = $4,
           attempts = d.attempts + 1, updated_at = $1
         FROM due WHERE d.batch_pk = due.batch_pk
         RETURNING d.batch_pk, d.event_id, d.attempts
       )
       SELECT c.batch_pk, c.event_id, c.attempts, b.id, b.org_id, b.webhook_url
       FROM claimed c JOIN batches b ON b.pk = c.batch_pk`,
      [
        input.now,
        input.limit,
        input.workerId,
        input.now + input.leaseMs,
        input.perOrgLimit ?? NO_PER_ORG_LIMIT,
      ],
    );
    return rows.map((row) => ({
      batchPk: Number(row.batch_pk),
      batchId: row.id as string,
      orgId: row.org_id as string,
      eventId: row.event_id as string,
      url: row.webhook_url as string,
      attempt: Number(row.attempts),
    }));
  }

  async recordWebhookAttempts(input: {
    workerId: string;
    outcomes: WebhookAttemptOutcome[];
    now: number;
  }): Promise<number> {
    if (input.outcomes.length === 0) return 0;
    const { outcomes } = input;
    // One statement for every outcome: the rows travel as one array parameter per column.
    const [row] = await this.conn.query(
      `WITH recorded AS (
         UPDATE webhook_deliveries d SET state = u.state,
           due_at = CASE WHEN u.state = 'pending' THEN coalesce(u.due_at, d.due_at) ELSE d.due_at END,
           log = (d.log::jsonb || jsonb_build_array(u.attempt::jsonb))::text,
           lease_owner = NULL, lease_expires_at = NULL, updated_at = $1
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::text[])
              AS u(batch_pk, event_id, state, due_at, attempt)
         WHERE d.batch_pk = u.batch_pk AND d.event_id = u.event_id AND d.lease_owner = $7
           AND d.state = 'pending'
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM recorded`,
      [
        input.now,
        outcomes.map((o) => o.batchPk),
        outcomes.map((o) => o.eventId),
        outcomes.map((o) => o.state),
        outcomes.map((o) => (o.state === "pending" ? o.dueAt : null)),
        outcomes.map((o) => JSON.stringify(o.attempt)),
        input.workerId,
      ],
    );
    return row!.n as number;
  }

  async getBatchWebhooks(batchPks: number[]): Promise<BatchWebhook[]> {
    if (batchPks.length === 0) return [];
    const rows = await this.conn.query(
      `SELECT b.pk, b.webhook_url, b.finished_at, d.event_id, d.state, d.log
       FROM batches b LEFT JOIN webhook_deliveries d ON d.batch_pk = b.pk
       WHERE b.pk = ANY($1::bigint[]) AND b.webhook_url IS NOT NULL`,
      [batchPks],
    );
    return rows.map(toBatchWebhook);
  }

  async ensureWebhookSecret(orgId: string, candidate: string): Promise<string | null> {
    const [row] = await this.conn.query(
      "UPDATE orgs SET webhook_secret = coalesce(webhook_secret, $1) WHERE id = $2 RETURNING webhook_secret",
      [candidate, orgId],
    );
    return row ? (row.webhook_secret as string) : null;
  }

  async setWebhookSecret(orgId: string, secret: string): Promise<boolean> {
    const rows = await this.conn.query("UPDATE orgs SET webhook_secret = $1 WHERE id = $2 RETURNING id", [
      secret,
      orgId,
    ]);
    return rows.length > 0;
  }
}
