/**
 * The webhook delivery loop of a worker process (docs/webhooks.md). Each round:
 *
 *   sweep: batches with a webhook that ended but were never marked (their worker died in between)
 *          are marked now, which starts their event (every SWEEP_INTERVAL_MS)
 *   claim up to CLAIM_LIMIT due deliveries under a lease ─▶ POST each, signed ─▶ record every
 *   attempt in one call: 2xx delivered; else retried with back-off, `failed` after maxAttempts
 *
 * The store's lease makes each delivery one process's at a time; a process that dies mid-POST leaves
 * its lease to expire and another process sends the event again (same event id: receivers dedupe on
 * it). Idle, it sleeps POLL_MS, or less when `notify()` says a batch just finished.
 */
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { BatchView } from "../api/batch-view.js";
import type { Clock, Random } from "../clock.js";
import type { WebhookConfig } from "../config.js";
import type { ClaimedWebhookDelivery, Store, WebhookAttemptOutcome } from "../store/port.js";
import type { SendOutcome } from "../webhooks/webhook-sender.js";
import {
  EVENT_ID_HEADER,
  newWebhookSecret,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from "../webhooks/webhook-signature.js";
import { nextRetryAt } from "./retry-policy.js";

/** Deliveries POSTed at once per round: a slow receiver (10 s timeout) holds one slot, not the loop. */
const CLAIM_LIMIT = 8;
/** Idle poll: an event waits at most this long after its batch finished in another process. */
const POLL_MS = 1000;
/** How often the sweep for unmarked finished batches runs (one indexed query). */
const SWEEP_INTERVAL_MS = 30_000;

export type WebhookOutcomeKind = "delivered" | "retry" | "failed";

export interface WebhookDelivererOptions {
  store: Store;
  clock: Clock;
  random: Random;
  logger: Logger;
  config: WebhookConfig;
  sender: { post(url: string, body: string, headers: Record<string, string>): Promise<SendOutcome> };
  /** The public batch view with metadata (readBatchView); null when the batch is gone. */
  readBatch(orgId: string, batchId: string): Promise<BatchView | null>;
  /** Called once per attempt with its outcome (metrics). */
  onAttempt?: (outcome: WebhookOutcomeKind) => void;
  workerId?: string;
}

export class WebhookDeliverer {
  readonly workerId: string;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly leaseMs: number;

  constructor(private readonly options: WebhookDelivererOptions) {
    this.workerId =
      options.workerId ??
      `${hostname()}:${process.pid}:webhooks:${Math.floor(options.random() * 1e9).toString(36)}`;
    // Longer than a POST can take (its timeout covers DNS to the last byte), with room for the store.
    this.leaseMs = 2 * options.config.timeoutMs + 30_000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the round in progress (its POSTs end within the timeout). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** A batch just finished here: look for its event now rather than at the next poll. */
  notify(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delivered = 0;
      try {
        delivered = await this.runOnce();
      } catch (error) {
        this.options.logger.error({ err: error }, "webhook round failed");
      }
      if (delivered === 0 && this.running) await this.sleep(POLL_MS);
    }
  }

  /** One round: the sweep when due, then one claim and its POSTs. Returns how many were attempted. */
  async runOnce(): Promise<number> {
    const { store, clock } = this.options;
    if (clock.now() - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = clock.now();
      await this.sweep();
    }
    const claimed = await store.claimWebhookDeliveries({
      workerId: this.workerId,
      limit: CLAIM_LIMIT,
      leaseMs: this.leaseMs,
      now: clock.now(),
    });
    if (claimed.length === 0) return 0;
    const secrets = new Map<string, Promise<string | null>>();
    const secretOf = (orgId: string) => {
      let secret = secrets.get(orgId);
      if (!secret) {
        secret = store.ensureWebhookSecret(orgId, newWebhookSecret());
        secrets.set(orgId, secret);
      }
      return secret;
    };
    const outcomes = (
      await Promise.all(
        claimed.map(async (delivery) => this.attempt(delivery, await secretOf(delivery.orgId))),
      )
    ).filter((o): o is WebhookAttemptOutcome => o !== null);
    await store.recordWebhookAttempts({ workerId: this.workerId, outcomes, now: clock.now() });
    return claimed.length;
  }

  /** Batches whose finish no worker marked: marking them starts their events. */
  private async sweep(): Promise<void> {
    const { store, clock, logger } = this.options;
    const pks = await store.findUnmarkedFinishedBatches({ limit: 100 });
    if (pks.length === 0) return;
    const marked = await store.markFinishedBatches({ batchPks: pks, now: clock.now() });
    for (const batch of marked) {
      logger.info(
        { org: batch.orgId, batch: batch.id, counts: batch.counts },
        "batch finished (found by the webhook sweep)",
      );
    }
  }

  private async attempt(
    delivery: ClaimedWebhookDelivery,
    secret: string | null,
  ): Promise<WebhookAttemptOutcome | null> {
    const { clock, config, logger } = this.options;
    const view = await this.options.readBatch(delivery.orgId, delivery.batchId);
    if (!view || secret === null) return null; // deleted meanwhile: its delivery row went with it
    // Reprocessed or appended to since the claim: not terminal any more. Nothing is recorded; the
    // delivery is not claimed while the batch runs, and its next end starts a new event.
    if (view.status !== "completed" && view.status !== "failed") return null;
    const event = view.status === "failed" ? "batch.failed" : "batch.completed";
    const body = `{"event":${JSON.stringify(event)},"event_id":${JSON.stringify(delivery.eventId)},"batch":${view.json}}`;
    const at = clock.now();
    const timestamp = Math.floor(at / 1000);
    const sent = await this.options.sender.post(delivery.url, body, {
      [EVENT_ID_HEADER]: delivery.eventId,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
    });
    const ok = sent.statusCode !== null && sent.statusCode >= 200 && sent.statusCode < 300;
    const retryAt =
      ok || sent.final
        ? null
        : nextRetryAt(
            { maxAttempts: config.maxAttempts, baseMs: config.retryBaseMs, maxMs: config.retryMaxMs },
            delivery.attempt,
            clock.now(),
            this.options.random,
          );
    const kind: WebhookOutcomeKind = ok ? "delivered" : retryAt === null ? "failed" : "retry";
    this.options.onAttempt?.(kind);
    // Never the secret, the signature or the body: the URL's host and the outcome only.
    const fields = {
      org: delivery.orgId,
      batch: delivery.batchId,
      event_id: delivery.eventId,
      event,
      host: new URL(delivery.url).host,
      attempt: delivery.attempt,
      status_code: sent.statusCode,
      error: sent.error,
      duration_ms: sent.durationMs,
    };
    if (kind === "delivered") logger.info(fields, "webhook delivered");
    else if (kind === "retry")
      logger.warn(
        { ...fields, retry_at: new Date(retryAt!).toISOString() },
        "webhook attempt failed; will retry",
      );
    else logger.warn(fields, "webhook failed");
    return {
      batchPk: delivery.batchPk,
      eventId: delivery.eventId,
      attempt: {
        attempt: delivery.attempt,
        at,
        statusCode: sent.statusCode,
        error: sent.error === null ? null : sent.error.slice(0, 300),
        durationMs: sent.durationMs,
      },
      state: kind === "retry" ? "pending" : kind,
      dueAt: retryAt,
    };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
