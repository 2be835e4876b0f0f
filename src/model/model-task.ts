/**
 * What a model task returns: a value with the quote it was read from (verified to be in the text),
 * or why there is none. `exhausted`: the job's model budget was spent, nothing was asked.
 */
export type ModelReading<T> =
  | { ok: true; value: T; quote: string; tokens: number }
  | { ok: false; reason: string; exhausted?: boolean };

/** Cuts `text` to `max` characters at a line end when one is near (the model sees whole lines). */
export function boundedText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf("\n", max);
  return cut > max / 2 ? text.slice(0, cut) : text.slice(0, max);
}
