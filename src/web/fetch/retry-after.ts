/**
 * A Retry-After header (RFC 9110 §10.2.3) as a wait in milliseconds: either delay-seconds or an
 * HTTP-date, measured against the injected clock's `now`. Null when absent or unreadable; a date in
 * the past is a wait of 0.
 */
export function retryAfterMs(header: string | undefined | null, now: number): number | null {
  if (header === undefined || header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP-date names its day and month ("Thu, 15 Jan 2026 10:00:07 GMT"); Date.parse alone would
  // also read "-5" as a year.
  if (!/^[A-Za-z]{3},? /.test(value)) return null;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
