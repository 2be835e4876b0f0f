/**
 * One batch: live progress (polled every 1–5 s until it is completed or failed), status counts, fill
 * rates, the confidence distribution and the map over its first SAMPLE jobs, its webhook's delivery
 * attempts (polled on, more slowly, until delivered or failed), the results table, download as CSV
 * and reprocess of the failed jobs.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import {
  type Batch,
  batchProgress,
  type PlaceEnrichmentClient,
  type PlaceJobResult,
} from "../../../src/client/index.js";
import type { DashboardSettings } from "../app.js";
import { errorText } from "../lib/errors.js";
import { JOB_STATUSES } from "../lib/result-filter.js";
import { resultsCsv } from "../lib/results-csv.js";
import { ConfidenceDistribution, FillRates } from "./charts.js";
import { PlaceMap } from "./place-map.js";
import { ResultsTable } from "./results-table.js";
import { StatusBadge } from "./status-badge.js";
import { WebhookPanel, webhookUnsettled } from "./webhook-panel.js";

/** Jobs read for the charts and the map: one request of ~3 MB, whatever the batch's size. */
const SAMPLE = 1000;
/** Status polls start at 1 s and grow ×1.5 to 5 s (a 50,000-job batch's status is ~1 MB of place ids). */
const POLL_FIRST_MS = 1000;
const POLL_MAX_MS = 5000;
/**
 * Once the batch is finished, a webhook still waiting or pending is polled on, growing to 30 s: a
 * retry comes 5–10 min after a failed attempt at the least (WEBHOOK_RETRY_BASE_SECONDS, 600), and
 * each poll of a 50,000-job batch is ~1 MB.
 */
const WEBHOOK_POLL_MAX_MS = 30_000;
/** While the batch runs, the sample is read again at most this often (then once more when it ends). */
const SAMPLE_EVERY_MS = 10_000;

export function BatchPage(props: {
  client: PlaceEnrichmentClient;
  batchId: string;
  settings: DashboardSettings;
}) {
  const { client, batchId, settings } = props;
  const [batch, setBatch] = useState<Batch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sample, setSample] = useState<{ jobs: PlaceJobResult[]; total: number } | null>(null);
  /** Bumped to poll again (after a reprocess) and to reload the results. */
  const [round, setRound] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [download, setDownload] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const progress = batch ? batchProgress(batch) : null;
  const heading = useRef<HTMLHeadingElement>(null);
  // App focuses the "Batch" heading of the loading state, which the loaded page replaces: the
  // focus then falls to <body>, so the loaded page's heading takes it (unless the user moved on).
  const loaded = batch !== null;
  useEffect(() => {
    if (loaded && (document.activeElement === null || document.activeElement === document.body)) {
      heading.current?.focus();
    }
  }, [loaded]);

  // Poll the status until the batch is finished; each change of `done` reloads the sample.
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let interval = POLL_FIRST_MS;
    const poll = async () => {
      try {
        const next = await client.getBatch(batchId, { include: "metadata", signal: controller.signal });
        setBatch(next);
        setError(null);
        const finished = batchProgress(next).finished;
        if (!finished || webhookUnsettled(next)) timer = setTimeout(poll, interval);
        interval = Math.min(finished ? WEBHOOK_POLL_MAX_MS : POLL_MAX_MS, Math.round(interval * 1.5));
      } catch (caught) {
        if (controller.signal.aborted) return;
        setError(errorText(caught));
        timer = setTimeout(poll, POLL_MAX_MS);
        interval = Math.min(POLL_MAX_MS, Math.round(interval * 1.5));
      }
    };
    poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [client, batchId, round]);

  const done = progress?.done ?? -1;
  const finished = progress?.finished ?? false;
  const sampledAt = useRef(0);
  const sampleRequests = useRef(0);
  // Aborted when the page goes away; a newer sample does not cancel one in flight.
  const sampling = useRef(new AbortController());
  useEffect(() => () => sampling.current.abort(), []);
  useEffect(() => {
    if (done < 0) return;
    if (!finished && Date.now() - sampledAt.current < SAMPLE_EVERY_MS) return;
    sampledAt.current = Date.now();
    const request = ++sampleRequests.current;
    const { signal } = sampling.current;
    client
      .getResultsPage(batchId, 0, SAMPLE, { signal })
      .then((page) => {
        // An older answer arriving late never replaces a newer one.
        if (!signal.aborted && request === sampleRequests.current)
          setSample({ jobs: page.jobs, total: page.total });
      })
      .catch(() => {});
  }, [client, batchId, done, finished]);

  /** Failed jobs only, or (`all`, after the confirmation dialog) every job, `refresh` bypassing the cache. */
  const reprocess = async (all: boolean, refresh = false) => {
    setNotice(null);
    try {
      const answer = await client.reprocess(batchId, {
        failed_only: !all,
        ...(refresh ? { refresh: true } : {}),
      });
      setNotice(`${answer.message}.`);
      setRound((r) => r + 1);
    } catch (caught) {
      setNotice(errorText(caught));
    }
  };

  const downloadCsv = async () => {
    if (!batch) return;
    setDownload("Reading results…");
    try {
      const blob = await resultsCsv(client, batchId, (read, total) =>
        setDownload(`Reading results: ${read.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`),
      );
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = `${batch.batch_name.replace(/[^\w.-]+/g, "_") || "results"}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setDownload("Downloaded.");
    } catch (caught) {
      setDownload(errorText(caught));
    }
  };

  if (!batch || !progress) {
    return (
      <section aria-labelledby="batch-title">
        <h1 id="batch-title" tabIndex={-1}>
          Batch
        </h1>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p class="muted">Loading…</p>
        )}
      </section>
    );
  }
  const percent = progress.total ? Math.round((progress.done / progress.total) * 100) : 0;
  const metadata = batch.metadata;
  return (
    <section aria-labelledby="batch-title">
      <p class="crumbs">
        <a href="#/">Batches</a> /
      </p>
      <div class="title-row">
        <h1 id="batch-title" tabIndex={-1} ref={heading}>
          {batch.batch_name}
        </h1>
        <StatusBadge status={batch.status} />
      </div>
      <p class="muted batch-id">
        {batch.id} · created {new Date(batch.created_at).toLocaleString()}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}

      <div class="card">
        <div class="progress-row">
          <label for="batch-progress">
            {progress.finished ? "Finished" : "Progress"}: {progress.done.toLocaleString("en-US")} of{" "}
            {progress.total.toLocaleString("en-US")} jobs done ({percent} %)
          </label>
          <progress id="batch-progress" max={progress.total || 1} value={progress.done} />
        </div>
        <dl class="counts" aria-label="Jobs by status">
          {JOB_STATUSES.map((status) => (
            <div key={status} class={`count status-${status}`}>
              <dt>{status.replace("_", " ")}</dt>
              <dd data-status={status}>{progress.counts[status].toLocaleString("en-US")}</dd>
            </div>
          ))}
          {metadata?.success_rate != null && (
            <div class="count">
              <dt>success rate</dt>
              <dd>{Math.round(metadata.success_rate * 100)} %</dd>
            </div>
          )}
        </dl>
        <div class="actions">
          <button type="button" onClick={downloadCsv} disabled={download?.startsWith("Reading") ?? false}>
            Download CSV
          </button>
          <button type="button" onClick={() => reprocess(false)} disabled={progress.counts.failed === 0}>
            Reprocess failed ({progress.counts.failed.toLocaleString("en-US")})
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => setConfirming(true)}
            disabled={!progress.finished}
            aria-haspopup="dialog"
          >
            Run all again
          </button>
          <span class="muted" role="status">
            {[download, notice].filter(Boolean).join(" ")}
          </span>
        </div>
      </div>

      {confirming && (
        <RunAllDialog
          jobs={progress.total}
          onClose={(run, refresh) => {
            setConfirming(false);
            if (run) reprocess(true, refresh);
          }}
        />
      )}

      <div class="grid2">
        <section class="card" aria-labelledby="fill-title">
          <h2 id="fill-title">Fill rate per attribute</h2>
          <FillRates rates={metadata?.attribute_fill_rates ?? {}} />
        </section>
        <section class="card" aria-labelledby="confidence-title">
          <h2 id="confidence-title">Confidence per field</h2>
          {sample ? (
            <ConfidenceDistribution jobs={sample.jobs} total={sample.total} />
          ) : (
            <p class="muted">Loading…</p>
          )}
        </section>
      </div>

      <section class="card" aria-labelledby="map-title">
        <h2 id="map-title">Map</h2>
        {sample ? (
          <PlaceMap jobs={sample.jobs} total={sample.total} tileUrl={settings.tileUrl} />
        ) : (
          <p class="muted">Loading…</p>
        )}
      </section>

      {metadata?.webhook && <WebhookPanel webhook={metadata.webhook} />}

      <section class="card" aria-labelledby="results-title">
        <h2 id="results-title">Results</h2>
        <ResultsTable client={client} batchId={batchId} refreshKey={done + (finished ? 1e9 : 0)} />
      </section>
    </section>
  );
}

/**
 * The confirmation of "Run all again", with the choice to bypass the cache (the API's `refresh`):
 * without it an attribute whose result for the same inputs is younger than CACHE_TTL_SECONDS is
 * reused, not looked up (every attribute `cached: true`). Escape or Cancel runs nothing.
 */
function RunAllDialog(props: { jobs: number; onClose: (run: boolean, refresh: boolean) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [refresh, setRefresh] = useState(false);
  const choice = useRef({ run: false, refresh: false });
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    return () => opener?.focus();
  }, []);
  const close = (run: boolean) => {
    choice.current = { run, refresh };
    dialog.current?.close();
  };
  return (
    <dialog
      ref={dialog}
      class="details confirm"
      aria-labelledby="run-all-title"
      aria-describedby="run-all-text"
      onClose={() => props.onClose(choice.current.run, choice.current.refresh)}
    >
      <h2 id="run-all-title">Run every job of this batch again?</h2>
      <p id="run-all-text">
        All {props.jobs.toLocaleString("en-US")} jobs are queued again. Without the box below, an attribute
        looked up for the same inputs within the server's cache time (<code>CACHE_TTL_SECONDS</code>, 7 days
        by default) is not looked up again: its cached result is reused.
      </p>
      <label class="inline">
        <input type="checkbox" checked={refresh} onChange={(e) => setRefresh(e.currentTarget.checked)} /> Look
        everything up again (bypass the cache)
      </label>
      <div class="actions">
        <button type="button" onClick={() => close(true)}>
          Run all again
        </button>
        <button type="button" class="secondary" onClick={() => close(false)}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
