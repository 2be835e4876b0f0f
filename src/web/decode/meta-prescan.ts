/**
 * The HTML Standard's "prescan a byte stream to determine its encoding"
 * (https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding):
 * the first 1024 bytes are scanned for `<meta charset=…>` or `<meta http-equiv="Content-Type"
 * content="…; charset=…">`, skipping comments and the attributes of other tags, so a charset
 * mentioned in a script or a comment is not taken. Written from the algorithm's steps; the bytes are
 * read as Latin-1 so that every byte is one character.
 */
import { encodingForLabel } from "./encoding-labels.js";

/** How many bytes the prescan looks at (the standard's limit). */
export const PRESCAN_BYTES = 1024;

const SPACE = new Set(["\t", "\n", "\f", "\r", " "]);

/**
 * The WHATWG encoding name a page's <meta> declares within its first 1024 bytes, or null. A
 * declared UTF-16 means UTF-8 (the bytes were readable as ASCII, so they are not UTF-16) and
 * x-user-defined means windows-1252, as the standard says.
 */
export function prescanMetaCharset(bytes: Uint8Array): string | null {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PRESCAN_BYTES)).toString(
    "latin1",
  );
  let pos = 0;
  while (pos < s.length) {
    if (s.startsWith("<!--", pos)) {
      const end = s.indexOf("-->", pos + 2);
      if (end < 0) return null;
      pos = end + 3;
      continue;
    }
    if (/^<meta[\t\n\f\r /]/i.test(s.slice(pos, pos + 6))) {
      const found = metaElement(s, pos + 6);
      if (found.encoding !== null) return found.encoding;
      pos = found.next;
      continue;
    }
    if (/^<\/?[A-Za-z]/.test(s.slice(pos, pos + 3))) {
      pos = skipTag(s, pos);
      continue;
    }
    if (/^<[!/?]/.test(s.slice(pos, pos + 2))) {
      const end = s.indexOf(">", pos + 2);
      if (end < 0) return null;
      pos = end + 1;
      continue;
    }
    pos++;
  }
  return null;
}

/** A <meta>'s attributes from `start`; the encoding it declares (if it is a valid declaration). */
function metaElement(s: string, start: number): { encoding: string | null; next: number } {
  const seen = new Set<string>();
  let gotPragma = false;
  let needPragma: boolean | null = null;
  let charset: string | null = null;
  let pos = start;
  for (;;) {
    const attr = readAttribute(s, pos);
    if (attr === null) break;
    pos = attr.next;
    if (seen.has(attr.name)) continue;
    seen.add(attr.name);
    if (attr.name === "http-equiv") {
      if (attr.value === "content-type") gotPragma = true;
    } else if (attr.name === "content") {
      const label = charsetFromMetaContent(attr.value);
      if (charset === null && label !== null) {
        charset = encodingForLabel(label) ?? "";
        needPragma = true;
      }
    } else if (attr.name === "charset") {
      charset = encodingForLabel(attr.value) ?? "";
      needPragma = false;
    }
  }
  const next = pos + 1;
  if (needPragma === null || (needPragma && !gotPragma) || !charset) return { encoding: null, next };
  if (charset === "UTF-16LE" || charset === "UTF-16BE") return { encoding: "UTF-8", next };
  if (charset === "x-user-defined") return { encoding: "windows-1252", next };
  return { encoding: charset, next };
}

/** Past a non-meta tag: its name, then its attributes (so `<a title="<meta charset=x>">` is skipped). */
function skipTag(s: string, start: number): number {
  let pos = start + 1;
  while (pos < s.length && !SPACE.has(s[pos]!) && s[pos] !== ">") pos++;
  for (;;) {
    const attr = readAttribute(s, pos);
    if (attr === null) break;
    pos = attr.next;
  }
  return pos + 1;
}

/**
 * The standard's "get an attribute": a lower-cased name and value from `pos`, and where it ends;
 * null at ">" or the end of the input (then `pos` is left where the ">" is, for the caller).
 */
function readAttribute(s: string, start: number): { name: string; value: string; next: number } | null {
  let pos = start;
  while (pos < s.length && (SPACE.has(s[pos]!) || s[pos] === "/")) pos++;
  if (pos >= s.length || s[pos] === ">") return null;
  let name = "";
  for (;;) {
    if (pos >= s.length) return null;
    const ch = s[pos]!;
    if (ch === "=" && name !== "") {
      pos++;
      break;
    }
    if (SPACE.has(ch)) {
      while (pos < s.length && SPACE.has(s[pos]!)) pos++;
      if (s[pos] !== "=") return { name, value: "", next: pos };
      pos++;
      break;
    }
    if (ch === "/" || ch === ">") return { name, value: "", next: pos };
    name += ch.toLowerCase();
    pos++;
  }
  while (pos < s.length && SPACE.has(s[pos]!)) pos++;
  if (pos >= s.length) return null;
  const quote = s[pos];
  if (quote === '"' || quote === "'") {
    const end = s.indexOf(quote, pos + 1);
    if (end < 0) return null;
    return { name, value: s.slice(pos + 1, end).toLowerCase(), next: end + 1 };
  }
  if (quote === ">") return { name, value: "", next: pos };
  let value = "";
  while (pos < s.length && !SPACE.has(s[pos]!) && s[pos] !== ">") value += s[pos++]!.toLowerCase();
  if (pos >= s.length) return null;
  return { name, value, next: pos };
}

/**
 * The standard's "extracting a character encoding from a meta element": the label after
 * `charset=` in a content attribute ("text/html; charset=Shift_JIS"), or null.
 */
export function charsetFromMetaContent(content: string): string | null {
  let pos = 0;
  for (;;) {
    const at = content.toLowerCase().indexOf("charset", pos);
    if (at < 0) return null;
    pos = at + 7;
    while (pos < content.length && SPACE.has(content[pos]!)) pos++;
    if (content[pos] !== "=") continue;
    pos++;
    while (pos < content.length && SPACE.has(content[pos]!)) pos++;
    if (pos >= content.length) return null;
    const ch = content[pos]!;
    if (ch === '"' || ch === "'") {
      const end = content.indexOf(ch, pos + 1);
      return end < 0 ? null : content.slice(pos + 1, end);
    }
    let end = pos;
    while (end < content.length && content[end] !== ";" && !SPACE.has(content[end]!)) end++;
    return content.slice(pos, end);
  }
}
