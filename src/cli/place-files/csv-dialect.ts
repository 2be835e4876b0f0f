/**
 * The separator of a CSV file, guessed from its header line: the candidate (`,` `;` tab `|`) that
 * splits it most often outside quotes. Spreadsheets in locales with a decimal comma (de, fr, it,
 * es, nl…) export with `;`; a header rarely holds a separator character of its own.
 */
const CANDIDATES = [",", ";", "\t", "|"] as const;

export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: string = ",";
  for (const [candidate, n] of counts) if (n > counts.get(best)!) best = candidate;
  return best;
}
