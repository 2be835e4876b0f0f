/**
 * A batch's webhook (docs/webhooks.md): its URL, the delivery's state, the event id and every POST
 * attempt of the latest event, as `metadata.webhook` of the batch page's polls has them.
 */
import type { Batch } from "../../../src/client/index.js";

export type BatchWebhook = NonNullable<NonNullable<Batch["metadata"]>["webhook"]>;
export type WebhookState = BatchWebhook["state"];

/** What each state means, written out next to its coloured label (colour is never the only cue). */
const STATE_TEXT: Record<WebhookState, string> = {
  waiting: "The event is sent when the batch finishes.",
  pending: "Being sent, or waiting to be tried again.",
  delivered: "The receiver answered with a 2xx status.",
  failed: "No more attempts: every one failed, or the address was refused.",
};

/** True while the page should keep polling for the webhook's sake (the batch may be finished). */
export function webhookUnsettled(batch: Batch | null): boolean {
  const state = batch?.metadata?.webhook?.state;
  return state === "waiting" || state === "pending";
}

export function WebhookPanel({ webhook }: { webhook: BatchWebhook }) {
  const attempts = webhook.deliveries;
  return (
    <section class="card webhook" aria-labelledby="webhook-title">
      <h2 id="webhook-title">Webhook</h2>
      <dl class="webhook-facts">
        <div>
          <dt>URL</dt>
          {/* Text, never a link: the URL is the batch creator's input, and a receiver is no page. */}
          <dd>
            <code class="webhook-url">{webhook.url}</code>
          </dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>
            <span class={`badge webhook-${webhook.state}`} data-webhook-state={webhook.state}>
              {webhook.state}
            </span>{" "}
            <span class="muted">{STATE_TEXT[webhook.state]}</span>
          </dd>
        </div>
        <div>
          <dt>Event id</dt>
          <dd>
            {webhook.event_id ? (
              <code class="webhook-event">{webhook.event_id}</code>
            ) : (
              <span class="muted">none yet</span>
            )}
          </dd>
        </div>
      </dl>
      {attempts.length === 0 ? (
        <p class="muted">No delivery attempt yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="compact webhook-attempts">
            <caption>Delivery attempts of this event</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  Attempt
                </th>
                <th scope="col">Time</th>
                <th scope="col">Answer</th>
                <th scope="col" class="num">
                  Duration
                </th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((attempt) => (
                <tr key={attempt.attempt}>
                  <td class="num">{attempt.attempt}</td>
                  <td>
                    <time dateTime={attempt.at}>{new Date(attempt.at).toLocaleString()}</time>
                  </td>
                  <td class={attemptOk(attempt) ? "attempt-ok" : "attempt-bad"}>{attemptAnswer(attempt)}</td>
                  <td class="num">{attempt.duration_ms.toLocaleString("en-US")} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type Attempt = BatchWebhook["deliveries"][number];

function attemptOk(attempt: Attempt): boolean {
  return attempt.status_code !== null && attempt.status_code >= 200 && attempt.status_code < 300;
}

/** `HTTP 200`, `HTTP 500`, or the error (it starts with a stable code, e.g. `timeout: …`). */
function attemptAnswer(attempt: Attempt): string {
  const status = attempt.status_code === null ? null : `HTTP ${attempt.status_code}`;
  return [status, attempt.error].filter(Boolean).join(" · ") || "no answer";
}
