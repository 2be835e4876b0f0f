/**
 * A model's quote is kept only when it is really in the text it was given: the reasoning line cites
 * it as what the page says, so a paraphrase or an invented sentence must not pass as a quote.
 * Compared after Unicode NFC, collapsing whitespace and case, so line breaks the page text had and
 * the model turned into spaces do not count as a difference.
 */
const SPACES = /[\s\u00a0\u200b\u2000-\u200a\u202f\u205f\u3000]+/g;

function comparable(s: string): string {
  return s.normalize("NFC").replace(SPACES, " ").trim().toLowerCase();
}

/** Shortest quote worth citing (characters): "Open", "Mo" alone say nothing checkable. */
export const MIN_QUOTE_CHARS = 8;

/** The quote, whitespace collapsed, when it occurs in `text`; null otherwise (or when too short). */
export function verifiedQuote(quote: unknown, text: string): string | null {
  if (typeof quote !== "string") return null;
  const q = comparable(quote.replace(/^["'“”„«»]+|["'“”„«»]+$/g, ""));
  if (q.length < MIN_QUOTE_CHARS) return null;
  if (!comparable(text).includes(q)) return null;
  const clean = quote.replace(SPACES, " ").trim();
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}
