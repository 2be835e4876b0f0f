/**
 * Client text quoted back in error messages and logs is bounded: a 10 KB path, a 1 MB batch_id in a
 * query or a JSON parse error at the end of a 15 MB body must not come back whole (issue 12: the 414
 * echoed the whole path).
 */

/** At most `max` characters of `text`, saying how long it was when cut. */
export function clip(text: string, max = 100): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length.toLocaleString("en-US")} characters)`;
}
