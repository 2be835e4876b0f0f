/**
 * Batch webhooks (docs/webhooks.md): one delivery row per batch holding its latest terminal event,
 * claimed under a lease like a job. SQLite has one writer, so a claim's selection and update inside
 * one IMMEDIATE transaction never hand one delivery to two processes.
 */
import { randomUUID } from "node:crypto";
import type { BatchWebhook, ClaimedWebhookDelivery, WebhookAttemptOutcome } from "../port.js";
import { toBatchWebhook } from "../row-mapping.js";
import type { Row, SqliteConnection } from "./connection.js";

/** perOrgLimit when the caller gives none: no org is held back. */
const NO_PER_ORG_LIMIT = 2 ** 31 - 1;
/**
 * A new event for each batch just marked finished (called inside markFinishedBatches' transaction):
 * a new event id, pending, due now, no attempts, no lease. Replaces the batch's previous event,
 * delivered or not: a reprocessed batch that ends again is a new event.
 */
export function startWebhookEvents(conn: SqliteConnection, batches: readonly Row[], now: number): void {
  const upsert = conn.stmt(
    `INSERT INTO webhook_deliveries (batch_pk, org_id, event_id, state, attempts, due_at, log, created_at,
                                     updated_at)
     VALUES (?, ?, ?, 'pending', 0, ?, '[]', ?, ?)
     ON CONFLICT (batch_pk) DO UPDATE SET
       event_id = excluded.event_id, state = 'pending', attempts = 0, due_at = excluded.due_at,
       lease_owner = NULL, lease_expires_at = NULL, log = '[]', created_at = excluded.created_at,
       updated_at = excluded.updated_at`,
  );
  for (const batch of batches) upsert.run(batch.pk, batch.org_id, randomUUID(), now, now, now);
}

export class SqliteWebhooks {
  constructor(private readonly conn: SqliteConnection) {}

  findUnmarkedFinishedBatches(input: { limit: number }): number[] {
    return this.conn
      .stmt(
        `SELECT pk FROM batches INDEXED BY batches_webhook_unfinished
         WHERE webhook_url IS NOT NULL AND finished_at IS NULL
           AND EXISTS (SELECT 1 FROM jobs WHERE jobs.batch_pk = batches.pk)
           AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.batch_pk = batches.pk
                             AND jobs.status IN ('pending', 'queued', 'in_progress'))
         ORDER BY pk LIMIT ?`,
      )
      .pluck()
      .all(input.limit) as number[];
  }

  claimWebhookDeliveries(input: {
    workerId: string;
    limit: number;
    leaseMs: number;
    now: number;
    perOrgLimit?: number;
  }): ClaimedWebhookDelivery[] {
    if (input.limit <= 0) return [];
    const perOrg = input.perOrgLimit ?? NO_PER_ORG_LIMIT;
    return this.conn.immediate(() => {
      // Each org's due deliveries ranked by due time; an org gets those whose rank, added to its
      // deliveries already in flight (unexpired leases on finished batches), stays within perOrg.
      const rows = this.conn
        .stmt(
          `UPDATE webhook_deliveries SET lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1,
             updated_at = ?
           WHERE batch_pk IN (
             SELECT ranked.batch_pk FROM (
               SELECT d.batch_pk, d.org_id, d.due_at,
                 row_number() OVER (PARTITION BY d.org_id ORDER BY d.due_at, d.batch_pk) AS org_rank
               FROM webhook_deliveries d JOIN batches b ON b.pk = d.batch_pk
               WHERE d.state = 'pending' AND d.due_at <= ?
                 AND (d.lease_expires_at IS NULL OR d.lease_expires_at < ?)
                 AND b.finished_at IS NOT NULL AND b.webhook_url IS NOT NULL
             ) ranked
             LEFT JOIN (
               SELECT l.org_id, count(*) AS n FROM webhook_deliveries l JOIN batches lb ON lb.pk = l.batch_pk
               WHERE l.state = 'pending' AND l.lease_expires_at >= ? AND lb.finished_at IS NOT NULL
               GROUP BY l.org_id
             ) leased ON leased.org_id = ranked.org_id
             WHERE ranked.org_rank + coalesce(leased.n, 0) <= ?
             ORDER BY ranked.due_at, ranked.batch_pk LIMIT ?)
           RETURNING batch_pk, event_id, attempts`,
        )
        .all(
          input.workerId,
          input.now + input.leaseMs,
          input.now,
          input.now,
          input.now,
          input.now,
          perOrg,
          input.limit,
        ) as Row[];
      if (rows.length === 0) return [];
      const batches = new Map(
        (
          this.conn
            .stmt(
              `SELECT pk, id, org_id, webhook_url FROM batches WHERE pk IN (SELECT value FROM json_each(?))`,
            )
            .all(JSON.stringify(rows.map((r) => r.batch_pk))) as Row[]
        ).map((b) => [b.pk as number, b]),
      );
      return rows.map((row) => {
        const batch = batches.get(row.batch_pk as number)!;
        return {
          batchPk: row.batch_pk as number,
          batchId: batch.id as string,
          orgId: batch.org_id as string,
          eventId: row.event_id as string,
          url: batch.webhook_url as string,
          attempt: row.attempts as number,
        };
      });
    });
  }

  recordWebhookAttempts(input: { workerId: string; outcomes: WebhookAttemptOutcome[]; now: number }): number {
    if (input.outcomes.length === 0) return 0;
    return this.conn.immediate(() => {
      const update = this.conn.stmt(
        `UPDATE webhook_deliveries SET state = ?, due_at = coalesce(?, due_at),
           log = json_insert(log, '$[#]', json(?)), lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
         WHERE batch_pk = ? AND event_id = ? AND lease_owner = ? AND state = 'pending'`,
      );
      let recorded = 0;
      for (const outcome of input.outcomes) {
        recorded += update.run(
          outcome.state,
          outcome.state === "pending" ? outcome.dueAt : null,
          JSON.stringify(outcome.attempt),
          input.now,
          outcome.batchPk,
          outcome.eventId,
          input.workerId,
        ).changes;
      }
      return recorded;
    });
  }

  getBatchWebhooks(batchPks: number[]): BatchWebhook[] {
    if (batchPks.length === 0) return [];
    const rows = this.conn
      .stmt(
        `SELECT b.pk, b.webhook_url, b.finished_at, d.event_id, d.state, d.log
         FROM batches b LEFT JOIN webhook_deliveries d ON d.batch_pk = b.pk
         WHERE b.pk IN (SELECT value FROM json_each(?)) AND b.webhook_url IS NOT NULL`,
      )
      .all(JSON.stringify(batchPks)) as Row[];
    return rows.map(toBatchWebhook);
  }

  ensureWebhookSecret(orgId: string, candidate: string): string | null {
    const secret = this.conn
      .stmt(
        "UPDATE orgs SET webhook_secret = coalesce(webhook_secret, ?) WHERE id = ? RETURNING webhook_secret",
      )
      .pluck()
      .get(candidate, orgId) as string | undefined;
    return secret ?? null;
  }

  setWebhookSecret(orgId: string, secret: string): boolean {
    return this.conn.stmt("UPDATE orgs SET webhook_secret = ? WHERE id = ?").run(secret, orgId).changes > 0;
  }
}
