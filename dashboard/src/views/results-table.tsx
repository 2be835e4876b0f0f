/**
 * The batch's results, 25 a page through the API, filtered by status and by confidence in a field
 * (lib/result-filter.ts). A value's confidence is its colour and a written label; the place's name,
 * a button, opens the whole result (its inputs, every field with its confidence and reasoning, the
 * evidence sources) — the reasoning is there for keyboard and touch, not only in a hover title.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { PlaceEnrichmentClient, PlaceJobResult } from "../../../src/client/index.js";
import { errorText } from "../lib/errors.js";
import {
  ANY_FIELD,
  CONFIDENCE_LEVELS,
  ECHOED_FIELDS,
  type FilteredPage,
  findPage,
  JOB_STATUSES,
  NO_FILTER,
  type ResultFilter,
} from "../lib/result-filter.js";
import { ConfidenceBadge, StatusBadge } from "./status-badge.js";

const PAGE = 25;
/** Output fields shown as columns (when the batch has them); the rest are in a result's details. */
const COLUMNS = ["website", "phone", "categories", "open_closed_status", "opening_hours", "address"];

export function valueText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(valueText).join(", ");
  if (typeof value === "object") {
    // A structured address reads best as its one line, when it has one.
    const full = (value as { full_address?: unknown }).full_address;
    if (typeof full === "string" && full) return full;
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && v !== "")
      .map(([k, v]) => (k === "full_address" ? valueText(v) : `${k}: ${valueText(v)}`))
      .join("; ");
  }
  return String(value);
}

export function ResultsTable(props: { client: PlaceEnrichmentClient; batchId: string; refreshKey: number }) {
  const { client, batchId, refreshKey } = props;
  const [filter, setFilter] = useState<ResultFilter>(NO_FILTER);
  /** Where each page shown so far started (Previous goes back one). */
  const [starts, setStarts] = useState<number[]>([0]);
  const [page, setPage] = useState<FilteredPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<PlaceJobResult | null>(null);
  /** Output fields seen so far, for the confidence filter's field choice. */
  const [fields, setFields] = useState<string[]>([]);
  const start = starts[starts.length - 1]!;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    findPage(
      (offset, limit) => client.getResultsPage(batchId, offset, limit, { signal: controller.signal }),
      start,
      PAGE,
      filter,
    )
      .then((found) => {
        setPage(found);
        setFields((known) => {
          const next = new Set(known);
          for (const job of found.jobs) for (const field of Object.keys(job.outputs ?? {})) next.add(field);
          return next.size === known.length ? known : [...next].sort();
        });
        setError(null);
      })
      .catch((caught) => controller.signal.aborted || setError(errorText(caught)))
      .finally(() => controller.signal.aborted || setLoading(false));
    return () => controller.abort();
  }, [client, batchId, filter, start, refreshKey]);

  const changeFilter = (next: ResultFilter) => {
    setFilter(next);
    setStarts([0]);
  };
  const shown = page ? COLUMNS.filter((field) => page.jobs.some((job) => field in (job.outputs ?? {}))) : [];

  return (
    <div>
      <div class="filters">
        <div>
          <label for="filter-status">Status</label>
          <select
            id="filter-status"
            value={filter.status}
            onChange={(e) => changeFilter({ ...filter, status: e.currentTarget.value })}
          >
            <option value="">any</option>
            {JOB_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status.replace("_", " ")}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-confidence">A value with confidence</label>
          <select
            id="filter-confidence"
            value={filter.confidence}
            onChange={(e) => changeFilter({ ...filter, confidence: e.currentTarget.value })}
          >
            <option value="">any</option>
            {CONFIDENCE_LEVELS.map((level) => (
              <option key={level} value={level}>
                {level.replace("_", " ")}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="filter-field">in the field</label>
          <select
            id="filter-field"
            value={filter.field}
            onChange={(e) => changeFilter({ ...filter, field: e.currentTarget.value })}
          >
            <option value={ANY_FIELD}>any field except {[...ECHOED_FIELDS].join(", ")} (the input's)</option>
            {fields.map((field) => (
              <option key={field} value={field}>
                {field}
              </option>
            ))}
          </select>
        </div>
        <p class="muted" aria-live="polite">
          {loading ? "Loading…" : page ? describePage(page, filter) : ""}
        </p>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {page && (
        <div class="table-wrap">
          <table class="results">
            <caption class="sr-only">
              Results; each value's confidence is written beside it; the place's name opens the result with
              the reasoning
            </caption>
            <thead>
              <tr>
                <th scope="col">Place</th>
                <th scope="col">Status</th>
                {shown.map((field) => (
                  <th scope="col" key={field}>
                    {field}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.jobs.map((job) => (
                <tr key={job.place_id}>
                  <th scope="row">
                    <button type="button" class="link" onClick={() => setOpen(job)} aria-haspopup="dialog">
                      {String((job.inputs as Record<string, unknown>).name ?? job.place_id)}
                    </button>
                    <span class="place-id">{job.place_id}</span>
                  </th>
                  <td>
                    <StatusBadge status={job.status} />
                  </td>
                  {shown.map((field) => {
                    const level = job.confidence_scores?.[field] ?? "NONE";
                    const reasoning = job.reasoning?.[field];
                    const text = valueText(job.outputs?.[field]);
                    return (
                      <td
                        key={field}
                        class={`value conf-${level}`}
                        title={`${level}${reasoning ? `: ${reasoning}` : ""}`}
                      >
                        {text ? (
                          <>
                            <span class="value-text">{text}</span>{" "}
                            <span class="conf-tag">{level.replace("_", " ")}</span>
                          </>
                        ) : (
                          <span class="empty">–</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && (
        <nav class="pager" aria-label="Result pages">
          <button type="button" disabled={starts.length === 1} onClick={() => setStarts(starts.slice(0, -1))}>
            Previous
          </button>
          <span>Page {starts.length}</span>
          <button
            type="button"
            disabled={page.nextOffset >= page.total}
            onClick={() => setStarts([...starts, page.nextOffset])}
          >
            Next
          </button>
        </nav>
      )}
      {open && <ResultDetails job={open} onClose={() => setOpen(null)} />}
    </div>
  );
}

function describePage(page: FilteredPage, filter: ResultFilter): string {
  const n = (v: number) => v.toLocaleString("en-US");
  if (filter.status || filter.confidence) {
    return `${n(page.jobs.length)} matching among jobs ${n(page.offset + 1)}–${n(page.nextOffset)} of ${n(page.total)}`;
  }
  if (page.jobs.length === 0) return `No jobs (${n(page.total)} in all)`;
  return `Jobs ${n(page.offset + 1)}–${n(page.nextOffset)} of ${n(page.total)}`;
}

/** One result in a modal dialog: Escape or the button closes it, focus returns to the table. */
function ResultDetails({ job, onClose }: { job: PlaceJobResult; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    const opener = document.activeElement as HTMLElement | null;
    element?.showModal();
    return () => opener?.focus();
  }, []);
  const inputs = job.inputs as Record<string, unknown>;
  const metadata = (job.job_metadata ?? {}) as {
    attribute_status?: Record<string, string>;
    enrichment_metadata?: Record<string, { sources?: string[]; cached?: boolean; reason?: string }>;
    error?: unknown;
  };
  return (
    <dialog ref={dialog} class="details" aria-labelledby="details-title" onClose={onClose}>
      <div class="details-head">
        <h2 id="details-title">{String(inputs.name ?? job.place_id)}</h2>
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      <p>
        <span class="place-id">{job.place_id}</span> <StatusBadge status={job.status} />{" "}
        {valueText(inputs.full_address) ||
          [inputs.latitude, inputs.longitude].filter((v) => v !== undefined).join(", ")}
      </p>
      {metadata.error ? <p class="error">Error: {valueText(metadata.error)}</p> : null}
      <div class="table-wrap">
        <table class="compact stack values">
          <caption>Values</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Value</th>
              <th scope="col">Confidence</th>
              <th scope="col">Reasoning</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(job.outputs ?? {}).map(([field, value]) => (
              <tr key={field}>
                <th scope="row">{field}</th>
                <td class={`value conf-${job.confidence_scores?.[field] ?? "NONE"}`} data-label="Value">
                  {valueText(value) || "–"}
                </td>
                <td data-label="Confidence">
                  <ConfidenceBadge level={job.confidence_scores?.[field] ?? "NONE"} />
                </td>
                <td class="reasoning" data-label="Reasoning">
                  {job.reasoning?.[field] ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table class="compact inputs">
          <caption>Inputs (what was sent, to compare with the values)</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Input</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(inputs)
              .filter(([, value]) => value !== null && value !== undefined && value !== "")
              .map(([field, value]) => (
                <tr key={field}>
                  <th scope="row">{field}</th>
                  <td>{valueText(value)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table class="compact stack">
          <caption>Attributes and their evidence sources</caption>
          <thead>
            <tr>
              <th scope="col">Attribute</th>
              <th scope="col">Status</th>
              <th scope="col">Sources</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(metadata.attribute_status ?? {}).map(([attribute, status]) => {
              const meta = metadata.enrichment_metadata?.[attribute];
              return (
                <tr key={attribute}>
                  <th scope="row">{attribute}</th>
                  <td data-label="Status">{status}</td>
                  <td data-label="Sources">
                    {meta?.sources?.length ? meta.sources.join(", ") : "–"}
                    {meta?.cached ? " (cached)" : ""}
                    {meta?.reason ? ` ${meta.reason}` : ""}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </dialog>
  );
}
