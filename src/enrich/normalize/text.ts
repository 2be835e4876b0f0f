/** Text cleanup every normalizer starts from: control characters out, whitespace collapsed. */

const CONTROL = /\p{Cc}/gu;
const SPACES = /[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+/gu;

/** Replaces control characters and runs of (Unicode) whitespace with one space, then trims. */
export function collapseWhitespace(s: string): string {
  return s.replace(CONTROL, " ").replace(SPACES, " ").trim();
}

/** A trimmed non-empty string, or null (numbers are accepted as their decimal text). */
export function cleanString(v: unknown): string | null {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") return null;
  const s = collapseWhitespace(v);
  return s.length > 0 ? s : null;
}

/** A string or a list of strings (hints may be either), cleaned, empties dropped. */
export function cleanStringList(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const item of list) {
    const s = cleanString(item);
    if (s !== null) out.push(s);
  }
  return out;
}

/** Shortens a value quoted in a reasoning line. */
export function quote(s: string, max = 40): string {
  return `'${s.length > max ? `${s.slice(0, max - 1)}…` : s}'`;
}
