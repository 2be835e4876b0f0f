/**
 * Text cleanup every normalizer starts from: invisible format characters out, control characters
 * and runs of whitespace collapsed to one space.
 *
 * Invisible format characters (Unicode general category Cf: bidi marks and embeddings such as
 * U+200E/U+202D/U+2066, zero-width space U+200B, byte-order mark U+FEFF, soft hyphen U+00AD, word
 * joiner U+2060, Arabic letter mark U+061C, ...) are removed: copied from right-to-left pages and
 * spreadsheets they break every check that follows ("+44…" no longer starts with "+") and leak into
 * outputs. In text (names, addresses) the two joiners U+200C/U+200D are kept between two visible
 * characters, where they carry meaning (Persian and Indic spelling, emoji sequences), as are the
 * emoji tag characters U+E0020–E007F (subdivision flags); `stripFormatCharacters(s, "all")` removes
 * those too, for values that are codes (phones, URLs, e-mails, handles).
 */

const CONTROL = /\p{Cc}/gu;
const SPACES = /[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/gu;
const FORMAT = /\p{Cf}/u;
const FORMAT_ALL = /\p{Cf}/gu;
const FORMAT_IN_TEXT =
  /(?<!\S)(?:\u200c|\u200d)|(?:\u200c|\u200d)(?!\S)|(?!\u200c|\u200d|[\u{e0020}-\u{e007f}])\p{Cf}/gu;

/**
 * Removes invisible format characters (Unicode Cf). "text" keeps joiners between visible
 * characters and emoji tags; "all" removes every Cf character.
 */
export function stripFormatCharacters(s: string, mode: "text" | "all" = "text"): string {
  if (!FORMAT.test(s)) return s;
  return s.replace(mode === "all" ? FORMAT_ALL : FORMAT_IN_TEXT, "");
}

/**
 * True for printable ASCII with single spaces between words: text that collapseWhitespace leaves
 * as it is (ASCII has no format characters, and its only whitespace below 0x7f besides the space
 * are control characters). Most values are such: a character loop is ~5x cheaper than its three
 * Unicode regular expressions.
 */
function isCollapsedAscii(s: string): boolean {
  const n = s.length;
  if (n > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32)) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126 || (c === 32 && s.charCodeAt(i + 1) === 32)) return false;
  }
  return true;
}

/** Removes format characters, replaces control characters and runs of (Unicode) whitespace with one space, trims. */
export function collapseWhitespace(s: string): string {
  if (isCollapsedAscii(s)) return s;
  return stripFormatCharacters(s).replace(CONTROL, " ").replace(SPACES, " ").trim();
}

/**
 * Separators of the parts of a list written in one line, in the scripts that have their own:
 * `,` `;` and newline; full-width `，` `；` (CJK, U+FF0C/U+FF1B); ideographic `、` (U+3001); Arabic
 * `،` `؛` (U+060C/U+061B, also used in Persian and Urdu).
 */
export const PART_SEPARATOR = /\s*[,;\n\uff0c\uff1b\u3001\u060c\u061b]\s*/;

/**
 * Scripts written without spaces between words (Thai, Lao, Khmer, Myanmar): a space there
 * separates phrases, and in an address its parts (Thailand Post: "ถนนสีลม แขวงสุริยวงศ์ เขตบางรัก
 * กรุงเทพมหานคร 10500 ประเทศไทย" — road, subdistrict, district, province, postcode, country).
 */
const UNSPACED_SCRIPT = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/**
 * The parts of an address written on one line, trimmed, empties dropped: split on PART_SEPARATOR,
 * or, in a text of an unspaced script with no such separator, on its spaces.
 */
export function addressParts(text: string): string[] {
  let parts = text.split(PART_SEPARATOR);
  if (parts.length === 1 && UNSPACED_SCRIPT.test(text)) parts = text.split(/\s+/);
  const out: string[] = [];
  for (const p of parts) {
    const t = p.trim();
    if (t.length > 0) out.push(t);
  }
  return out;
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
