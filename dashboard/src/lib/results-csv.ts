/**
 * A batch's results as a CSV file, as `place-enrich results -o out.csv` writes it (docs/cli.md):
 * one row per job in submission order, the flat columns of src/cli/result-files/flat-result.ts,
 * cells that a spreadsheet would run as formulas neutralized. The results are read page by page;
 * a later job may add columns, so the flat records go to a Blob of JSON lines first (the browser
 * keeps a large Blob on disk) and the CSV is written from it: one page of results is held at a time.
 */
import { stringify } from "csv-stringify/browser/esm/sync";
import { cellText, type FlatRecord, flattenResult } from "../../../src/cli/result-files/flat-result.js";
import { neutralizeFormula } from "../../../src/cli/result-files/spreadsheet-formula.js";
import type { PlaceEnrichmentClient } from "../../../src/client/index.js";

/** Jobs per page: ~3 MB of JSON (a completed job is ~3 KB). */
export const DOWNLOAD_PAGE_SIZE = 1000;

export async function resultsCsv(
  client: PlaceEnrichmentClient,
  batchId: string,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Blob> {
  const columns = new Map<string, true>();
  const parts: Blob[] = [];
  let done = 0;
  for await (const page of client.resultPages(batchId, { pageSize: DOWNLOAD_PAGE_SIZE, signal })) {
    const lines: string[] = [];
    for (const job of page.jobs) {
      const record = flattenResult(job);
      for (const key of Object.keys(record)) columns.set(key, true);
      lines.push(`${JSON.stringify(record)}\n`);
    }
    parts.push(new Blob(lines));
    done += page.jobs.length;
    onProgress(done, page.total);
  }
  const header = [...columns.keys()];
  const out: Blob[] = [new Blob([stringify([header])])];
  const records = new Blob(parts);
  let batch: string[][] = [];
  for await (const line of blobLines(records)) {
    const record = JSON.parse(line) as FlatRecord;
    batch.push(header.map((column) => neutralizeFormula(cellText(record[column]))));
    if (batch.length === DOWNLOAD_PAGE_SIZE) {
      out.push(new Blob([stringify(batch)]));
      batch = [];
    }
  }
  if (batch.length > 0) out.push(new Blob([stringify(batch)]));
  return new Blob(out, { type: "text/csv;charset=utf-8" });
}

async function* blobLines(blob: Blob): AsyncGenerator<string> {
  const reader = blob.stream().pipeThrough(new TextDecoderStream()).getReader();
  let rest = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    rest += value;
    const lines = rest.split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) if (line) yield line;
  }
  if (rest) yield rest;
}
