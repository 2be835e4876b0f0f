/**
 * A Content-Type header's MIME essence and charset parameter (RFC 9110 §8.3: type/subtype, then
 * `; name=value` parameters, values optionally quoted). Lenient like browsers: a malformed header
 * yields what can be read, never an exception.
 */
export interface ContentType {
  /** "type/subtype" in lower case, or "" when the header is absent or has none. */
  essence: string;
  /** The charset parameter as written (unquoted, trimmed), or null. */
  charset: string | null;
}

export function parseContentType(header: string | null | undefined): ContentType {
  if (!header) return { essence: "", charset: null };
  const [type = "", ...params] = splitParameters(header);
  const essence = type.trim().toLowerCase();
  let charset: string | null = null;
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== "charset") continue;
    let value = param.slice(eq + 1).trim();
    if (value.startsWith('"'))
      value = value.slice(1, value.endsWith('"') && value.length > 1 ? -1 : undefined);
    value = value.replace(/\\(.)/g, "$1").trim();
    // The first charset wins, as in the WHATWG MIME type parser.
    if (value !== "" && charset === null) charset = value;
  }
  return { essence: essence.includes("/") ? essence : "", charset };
}

/** Splits on `;` outside double quotes. */
function splitParameters(header: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const ch = header[i]!;
    if (quoted && ch === "\\" && i + 1 < header.length) {
      current += ch + header[++i];
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ";" && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** MIME types a page is read as HTML under (the HTML Standard's HTML and XHTML types). */
export function isHtmlType(essence: string): boolean {
  return essence === "text/html" || essence === "application/xhtml+xml";
}
