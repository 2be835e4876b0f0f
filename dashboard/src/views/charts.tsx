/** The batch's fill rate per attribute (from its metadata) and the confidence levels per output field. */
import type { PlaceJobResult } from "../../../src/client/index.js";
import { CONFIDENCE_LEVELS } from "../lib/result-filter.js";

/**
 * Attributes filled from the job's own input whatever the lookup found: `names` gives the cleaned
 * input name as `name` (names-resolver.ts), so its 100 % fill rate says nothing of the lookup.
 */
const ECHOED_ATTRIBUTES: ReadonlySet<string> = new Set(["names"]);

export function FillRates({ rates }: { rates: Record<string, number> }) {
  const entries = Object.entries(rates).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return <p class="muted">No attribute has run yet.</p>;
  return (
    <ul class="bars" aria-label="Fill rate per attribute">
      {entries.map(([attribute, rate]) => (
        <li key={attribute}>
          <span class="bar-label">
            {attribute}
            {ECHOED_ATTRIBUTES.has(attribute) && (
              <span class="bar-note"> (always filled: its name is the input's)</span>
            )}
          </span>
          <span class="bar-track" aria-hidden="true">
            <span class="bar-fill" style={{ width: `${(rate * 100).toFixed(1)}%` }} />
          </span>
          <span class="bar-value">{Math.round(rate * 100)} %</span>
        </li>
      ))}
    </ul>
  );
}

/** Counts of each confidence level per output field over `jobs` (the completed ones). */
export function confidenceCounts(jobs: PlaceJobResult[]): Map<string, Record<string, number>> {
  const counts = new Map<string, Record<string, number>>();
  for (const job of jobs) {
    if (job.status !== "completed") continue;
    for (const [field, level] of Object.entries(job.confidence_scores ?? {})) {
      if (!(field in (job.outputs ?? {}))) continue;
      let row = counts.get(field);
      if (!row) {
        row = {};
        counts.set(field, row);
      }
      row[level] = (row[level] ?? 0) + 1;
    }
  }
  return counts;
}

export function ConfidenceDistribution({ jobs, total }: { jobs: PlaceJobResult[]; total: number }) {
  const counts = confidenceCounts(jobs);
  if (counts.size === 0) return <p class="muted">No completed job yet.</p>;
  return (
    <div>
      <ul class="legend" aria-hidden="true">
        {CONFIDENCE_LEVELS.map((level) => (
          <li key={level}>
            <span class={`swatch conf-${level}`} /> {level.replace("_", " ")}
          </li>
        ))}
      </ul>
      <ul class="bars stacked">
        {[...counts].map(([field, row]) => {
          const sum = Object.values(row).reduce((a, b) => a + b, 0);
          const text = CONFIDENCE_LEVELS.filter((l) => row[l]).map((l) => `${row[l]} ${l.replace("_", " ")}`);
          return (
            <li key={field} aria-label={`${field}: ${text.join(", ")}`}>
              <span class="bar-label">{field}</span>
              <span class="bar-track" title={text.join(", ")}>
                {CONFIDENCE_LEVELS.map((level) =>
                  row[level] ? (
                    <span
                      key={level}
                      class={`bar-part conf-${level}`}
                      style={{ width: `${((row[level]! / sum) * 100).toFixed(2)}%` }}
                    />
                  ) : null,
                )}
              </span>
              <span class="bar-value">{sum}</span>
            </li>
          );
        })}
      </ul>
      {total > jobs.length && (
        <p class="muted">
          Over the first {jobs.length.toLocaleString("en-US")} of {total.toLocaleString("en-US")} jobs.
        </p>
      )}
    </div>
  );
}
