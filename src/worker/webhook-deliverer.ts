/**
 * The webhook delivery loop of a worker process (docs/webhooks.md). Continuously:
 *
 *   sweep: batches with a webhook that ended but were never marked (their worker died in between)
 *          are marked now, which starts their event (every SWEEP_INTERVAL_MS)
 *   while a sending slot is free (SLOTS): claim due deliveries under a lease, at most PER_ORG_SLOTS
 *   in flight per org ─▶ POST each, signed ─▶ record each attempt as soon as it ends: 2xx
 *   delivered; else retried with back-off, `failed` after maxAttempts ─▶ its slot is free again
 *
 * A receiver that never answers holds one slot for up to the timeout, not the loop, and one org's
 * receivers hold at most PER_ORG_SLOTS: a break-it trial with 24 hanging receivers of one org delayed
 * another org's immediate receiver by ~34 s when the loop claimed 8 and waited for all of them.
 *
 * The store's lease makes each delivery one process's at a time; a process that dies mid-POST leaves
 * its lease to expire and another process sends the event again (same event id: receivers dedupe on
 * it). Idle, it sleeps POLL_MS, or less when `notify()` says a batch just finished or a slot frees.
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

/** POSTs in flight at once in this process: each slow receiver (timeout) holds one slot. */
const SLOTS = 8;
/**
 * In flight at once per org (counted by the store over every process's unexpired leases): one org's
 * slow receivers leave the other SLOTS - PER_ORG_SLOTS to everyone else.
 */
const PER_ORG_SLOTS = 2;
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
  /** A wake-up that came while the loop was not asleep: its next sleep returns at once. */
  private woken = false;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly leaseMs: number;
  private readonly inFlight = new Set<Promise<void>>();

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

  /** Stops claiming, then waits for the POSTs in flight (each ends within the timeout). */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
    await Promise.all([...this.inFlight]);
  }

  /** A batch just finished here: look for its event now rather than at the next poll. */
  notify(): void {
    if (this.wake) this.wake();
    else this.woken = true;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.claimAndStart();
      } catch (error) {
        this.options.logger.error({ err: error }, "webhook round failed");
      }
      // Woken early by a slot freeing up or notify(); otherwise the next poll.
      if (this.running) await this.sleep(POLL_MS);
    }
  }

  /**
   * One step, for tests driving the loop by hand: the sweep when due, one claim for the free slots,
   * and their POSTs, each recorded as it ends. Resolves when those POSTs are recorded, to how many
   * deliveries were claimed.
   */
  async runOnce(): Promise<number> {
    const started = await this.claimAndStart();
    await Promise.all(started);
    return started.length;
  }

  /** The sweep when due, then one claim for the free slots; the claimed POSTs start, not awaited. */
  private async claimAndStart(): Promise<Promise<void>[]> {
    const { store, clock } = this.options;
    if (clock.now() - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = clock.now();
      await this.sweep();
    }
    const free = SLOTS - this.inFlight.size;
    if (free <= 0) return [];
    const claimed = await store.claimWebhookDeliveries({
      workerId: this.workerId,
      limit: free,
      perOrgLimit: PER_ORG_SLOTS,
      leaseMs: this.leaseMs,
      now: clock.now(),
    });
    const secrets = new Map<string, Promise<string | null>>();
    const secretOf = (orgId: string) => {
      let secret = secrets.get(orgId);
      if (!secret) {
        secret = store.ensureWebhookSecret(orgId, newWebhookSecret());
        secrets.set(orgId, secret);
      }
      return secret;
    };
    return claimed.map((delivery) => {
      const sending: Promise<void> = this.deliver(delivery, secretOf(delivery.orgId)).finally(() => {
        this.inFlight.delete(sending);
        this.notify(); // a slot is free: claim again without waiting for the poll
      });
      this.inFlight.add(sending);
      return sending;
    });
  }

  /** POSTs one claimed delivery and records its attempt. Never rejects (failures are logged). */
  private async deliver(delivery: ClaimedWebhookDelivery, secret: Promise<string | null>): Promise<void> {
    const { store, clock, logger } = this.options;
    try {
      const outcome = await this.attempt(delivery, await secret);
      if (outcome === null) return;
      await store.recordWebhookAttempts({ workerId: this.workerId, outcomes: [outcome], now: clock.now() });
    } catch (error) {
      // Unrecorded: the lease expires and the delivery is tried again (same event id).
      logger.error({ err: error, org: delivery.orgId, batch: delivery.batchId }, "webhook attempt failed");
    }
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
    const body = `{"event":${JSON.stringify(event)},"event_id":${JSON.stringify(delivery.eventId)},"batch":${view.json.toString("utf8")}}`;
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
    // The full reason (resolved addresses, system error text) only here: the stored error is public.
    if (sent.detail !== null)
      logger.debug({ ...fields, detail: sent.detail }, "webhook attempt error detail");
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
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
