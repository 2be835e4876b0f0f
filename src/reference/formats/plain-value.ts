/**
 * A value read from parquet or JSON → JSON-safe plain data for a record's `original`: bigints become
 * numbers (or strings past 2^53), byte arrays (WKB geometry) are dropped, Dates become ISO strings.
 */
export function plainValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return undefined;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(plainValue).filter((x) => x !== undefined);
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const p = plainValue(x);
      if (p !== undefined) out[k] = p;
    }
    return out;
  }
  return v;
}

export function plainObject(v: Record<string, unknown>): Record<string, unknown> {
  return plainValue(v) as Record<string, unknown>;
}

/** A list field that may be a JSON array, a JSON-encoded array string, or a `;`/`|`-separated string. */
export function listOf(v: unknown): unknown[] {
  if (v === null || v === undefined || v === "") return [];
  if (Array.isArray(v)) return v;
  if (typeof v === "string") {
    const s = v.trim();
    if (s.startsWith("[")) {
      try {
        const parsed = JSON.parse(s) as unknown;
        if (Array.isArray(parsed)) return parsed;
      } catch {
        // Not JSON: split below.
      }
    }
    return s.split(/\s*[;|]\s*/).filter((x) => x.length > 0);
  }
  return [v];
}

/** A nested field: obj.a.b, tolerant of nulls and JSON-encoded objects. */
export function field(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof cur === "string" && cur.startsWith("{")) {
      try {
        cur = JSON.parse(cur);
      } catch {
        return undefined;
      }
    }
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
