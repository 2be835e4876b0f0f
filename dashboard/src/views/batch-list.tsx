/** The organization's batches, newest first, 20 a page, searchable by name. */
import { useEffect, useState } from "preact/hooks";
import type { BatchListPage, PlaceEnrichmentClient } from "../../../src/client/index.js";
import { errorText } from "../lib/errors.js";
import { batchHref } from "../lib/route.js";
import { StatusBadge } from "./status-badge.js";

const PAGE = 20;

export function BatchList({ client }: { client: PlaceEnrichmentClient }) {
  const [query, setQuery] = useState("");
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<BatchListPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    client
      .getBatchesPage(offset, PAGE, {
        query: search || undefined,
        include: "metadata",
        signal: controller.signal,
      })
      .then(setPage)
      .catch((caught) => controller.signal.aborted || setError(errorText(caught)));
    return () => controller.abort();
  }, [client, search, offset]);

  return (
    <section aria-labelledby="batches-title">
      <div class="title-row">
        <h1 id="batches-title" tabIndex={-1}>
          Batches
        </h1>
        <a class="button" href="#/new">
          Upload a CSV
        </a>
      </div>
      <search>
        <form
          class="search"
          onSubmit={(e) => {
            e.preventDefault();
            setOffset(0);
            setSearch(query.trim());
          }}
        >
          <label for="batch-search">Search by name</label>
          <input
            id="batch-search"
            type="search"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          <button type="submit">Search</button>
        </form>
      </search>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {page && page.batches.length === 0 && (
        <p class="muted">No batch{search ? ` named like “${search}”` : " yet"}.</p>
      )}
      {page && page.batches.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">Batches, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">
                  Jobs
                </th>
                <th scope="col" class="num">
                  Done
                </th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {page.batches.map((batch) => {
                const counts = batch.status_counts;
                const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
                const done = (counts.completed ?? 0) + (counts.failed ?? 0);
                return (
                  <tr key={batch.id}>
                    <td>
                      <a href={batchHref(batch.id)}>{batch.batch_name}</a>
                    </td>
                    <td>
                      <StatusBadge status={batch.status} />
                    </td>
                    <td class="num">{total.toLocaleString("en-US")}</td>
                    <td class="num">{total ? `${Math.round((done / total) * 100)} %` : "–"}</td>
                    <td>{new Date(batch.created_at).toLocaleString()}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {page && page.total > PAGE && (
        <Pager offset={offset} size={PAGE} total={page.total} onOffset={setOffset} label="Batch pages" />
      )}
    </section>
  );
}

export function Pager(props: {
  offset: number;
  size: number;
  total: number;
  onOffset: (offset: number) => void;
  label: string;
}) {
  const { offset, size, total, onOffset, label } = props;
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - size))}>
        Previous
      </button>
      <span>
        {(offset + 1).toLocaleString("en-US")}–{Math.min(offset + size, total).toLocaleString("en-US")} of{" "}
        {total.toLocaleString("en-US")}
      </span>
      <button type="button" disabled={offset + size >= total} onClick={() => onOffset(offset + size)}>
        Next
      </button>
    </nav>
  );
}
